#pragma once
// Paces one account's sends. Capacity is one token: requests are spaced evenly at the configured
// rate, so no one-second window ever holds more than rate + 1 requests — Meta (and the simulator)
// count throughput over a sliding second, and a bursty bucket would trip 130429 at full rate.
#include <chrono>
#include <mutex>

namespace campaigns::sending {

class TokenBucket {
public:
    using Clock = std::chrono::steady_clock;
    explicit TokenBucket(double perSecond);

    // The moment the next request may start; advances the schedule by one slot.
    Clock::time_point reserve();
    void setRate(double perSecond);
    double rate() const;
    // After a throughput error: nothing starts before `until`.
    void holdUntil(Clock::time_point until);

private:
    mutable std::mutex mutex_;
    double perSecond_;
    Clock::time_point next_;
};

} // namespace campaigns::sending
