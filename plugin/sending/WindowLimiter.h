#pragma once
// At most `limit` request starts in any sliding window (one second for Meta's throughput limit).
// The token bucket spaces requests evenly, but between it and the socket each request waits for
// its durable "being written" mark (a group commit) whose latency varies, so requests released by
// one commit leave together; measured against the simulator, those bunches pushed some seconds
// over the account's rate and every 130429 held the whole account for a second (681 msg/s
// achieved of 1,000 configured). This gate right before the write makes that impossible.
#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>

namespace campaigns::sending {

class WindowLimiter {
public:
    using Clock = std::chrono::steady_clock;
    WindowLimiter(std::size_t limit, Clock::duration window);

    // Blocks until one more start fits in the window ending now, and records it.
    void acquire();

private:
    std::mutex mutex_;
    std::deque<Clock::time_point> starts_;
    std::size_t limit_;
    Clock::duration window_;
};

} // namespace campaigns::sending
