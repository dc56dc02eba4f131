#pragma once
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace refhost {

// Backoff for failed logins, per client address and per login name: after `freeFailures`
// failures within `window`, every further attempt is refused for a delay that doubles with each
// failure (baseDelay, 2x, 4x ...) up to `maxDelay`. It is asked BEFORE the password is checked, so
// a flood of guesses is refused without running PBKDF2. A success clears the login's record (the
// address keeps its own: one good password does not unlock a guessing address).
// In memory on purpose for the reference host: one process, records lost on restart; a host run
// as several processes behind a balancer would keep these in its shared store instead.
class LoginThrottle {
public:
    struct Settings {
        int freeFailures = 5;
        Poco::Timespan window = Poco::Timespan(15 * 60, 0);
        Poco::Timespan baseDelay = Poco::Timespan(15, 0);
        Poco::Timespan maxDelay = Poco::Timespan(15 * 60, 0);
        std::size_t maxRecords = 100'000; // older quiet records are dropped beyond this
    };

    LoginThrottle() : LoginThrottle(Settings{}) {}
    explicit LoginThrottle(Settings settings) : settings_(settings) {}

    // Seconds to wait before `login` may be tried again from `address`; none when allowed now.
    std::optional<long long> retryAfter(const std::string& address, const std::string& login,
                                        Poco::Timestamp now = Poco::Timestamp());
    void failed(const std::string& address, const std::string& login, Poco::Timestamp now = Poco::Timestamp());
    void succeeded(const std::string& login);

    const Settings& settings() const { return settings_; }

private:
    struct Record {
        int failures = 0;
        Poco::Timestamp firstFailure;
        Poco::Timestamp lastFailure;
        Poco::Timestamp blockedUntil{0};
    };
    void fail(const std::string& key, Poco::Timestamp now);
    std::optional<long long> wait(const std::string& key, Poco::Timestamp now) const;
    void prune(Poco::Timestamp now);

    Settings settings_;
    std::mutex mutex_;
    std::map<std::string, Record> records_; // "ip:<address>" and "login:<name>"
};

} // namespace refhost
