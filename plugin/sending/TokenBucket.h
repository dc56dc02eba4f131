#pragma once
// Paces one account's sends: requests are spaced evenly at the configured rate. A sender that
// fell behind (its workers waited for the database) may catch up on at most `catchUp` worth of
// missed slots; an idle one banks nothing. The hard guarantee that no sliding second holds more
// than the account's rate is the WindowLimiter's, right before each write.
#include <chrono>
#include <mutex>

namespace campaigns::sending {

class TokenBucket {
public:
    using Clock = std::chrono::steady_clock;
    explicit TokenBucket(double perSecond, Clock::duration catchUp = Clock::duration::zero());

    // The moment the next request may start; advances the schedule by one slot.
    Clock::time_point reserve();
    void setRate(double perSecond);
    double rate() const;
    // After a throughput error: nothing starts before `until`.
    void holdUntil(Clock::time_point until);

private:
    mutable std::mutex mutex_;
    double perSecond_;
    Clock::duration catchUp_;
    Clock::time_point next_;
};

} // namespace campaigns::sending
