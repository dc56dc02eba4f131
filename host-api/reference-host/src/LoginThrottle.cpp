#include "LoginThrottle.h"

#include <Poco/String.h>

#include <algorithm>

namespace refhost {

namespace {
std::string ipKey(const std::string& address) { return "ip:" + address; }
// Logins are matched case-insensitively, so "Admin" and "admin" share one record.
std::string loginKey(const std::string& login) { return "login:" + Poco::toLower(login); }
} // namespace

std::optional<long long> LoginThrottle::wait(const std::string& key, Poco::Timestamp now) const {
    auto it = records_.find(key);
    if (it == records_.end() || it->second.blockedUntil <= now) return std::nullopt;
    // Rounded up: "Retry-After: 0" would invite an immediate retry that is still refused.
    return (it->second.blockedUntil - now + Poco::Timestamp::resolution() - 1) / Poco::Timestamp::resolution();
}

std::optional<long long> LoginThrottle::retryAfter(const std::string& address, const std::string& login, Poco::Timestamp now) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto byAddress = wait(ipKey(address), now);
    auto byLogin = login.empty() ? std::nullopt : wait(loginKey(login), now);
    if (byAddress && byLogin) return std::max(*byAddress, *byLogin);
    return byAddress ? byAddress : byLogin;
}

void LoginThrottle::fail(const std::string& key, Poco::Timestamp now) {
    Record& r = records_[key];
    if (r.failures == 0 || now - r.lastFailure > settings_.window.totalMicroseconds()) {
        r = Record{};
        r.firstFailure = now;
    }
    ++r.failures;
    r.lastFailure = now;
    const int over = r.failures - settings_.freeFailures;
    if (over >= 0) {
        Poco::Timespan::TimeDiff delay = settings_.baseDelay.totalMicroseconds();
        for (int i = 0; i < over && delay < settings_.maxDelay.totalMicroseconds(); ++i) delay *= 2;
        delay = std::min(delay, settings_.maxDelay.totalMicroseconds());
        r.blockedUntil = now + delay;
    }
}

void LoginThrottle::failed(const std::string& address, const std::string& login, Poco::Timestamp now) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (records_.size() >= settings_.maxRecords) prune(now);
    fail(ipKey(address), now);
    if (!login.empty()) fail(loginKey(login), now);
}

void LoginThrottle::succeeded(const std::string& login) {
    std::lock_guard<std::mutex> lock(mutex_);
    records_.erase(loginKey(login));
}

void LoginThrottle::prune(Poco::Timestamp now) {
    // Quiet records first (window over, not blocked); if a flood of distinct names still fills
    // the table, the oldest unblocked ones go, so memory stays bounded and blocks stay in force.
    for (auto it = records_.begin(); it != records_.end();) {
        const bool quiet = now - it->second.lastFailure > settings_.window.totalMicroseconds() && it->second.blockedUntil <= now;
        it = quiet ? records_.erase(it) : std::next(it);
    }
    for (auto it = records_.begin(); records_.size() >= settings_.maxRecords && it != records_.end();)
        it = it->second.blockedUntil <= now ? records_.erase(it) : std::next(it);
}

} // namespace refhost
