#include "sending/WindowLimiter.h"

#include <algorithm>
#include <thread>

namespace campaigns::sending {

WindowLimiter::WindowLimiter(std::size_t limit, Clock::duration window)
    : limit_(std::max<std::size_t>(limit, 1)), window_(window) {}

void WindowLimiter::acquire() {
    std::unique_lock lock(mutex_);
    for (;;) {
        const auto current = Clock::now();
        while (!starts_.empty() && starts_.front() <= current - window_) starts_.pop_front();
        if (starts_.size() < limit_) {
            starts_.push_back(current);
            return;
        }
        const auto until = starts_.front() + window_;
        lock.unlock();
        std::this_thread::sleep_until(until);
        lock.lock();
    }
}

} // namespace campaigns::sending
