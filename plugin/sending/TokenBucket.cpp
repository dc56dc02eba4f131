#include "sending/TokenBucket.h"

#include <algorithm>

namespace campaigns::sending {

TokenBucket::TokenBucket(double perSecond, Clock::duration catchUp)
    : perSecond_(std::max(perSecond, 0.1)), catchUp_(catchUp), next_(Clock::now()) {}

TokenBucket::Clock::time_point TokenBucket::reserve() {
    std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    // Slots missed long ago are gone: an idle sender does not bank tokens for a later burst.
    if (next_ < now - catchUp_) next_ = now - catchUp_;
    const auto slot = next_;
    next_ += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / perSecond_));
    return slot;
}

void TokenBucket::setRate(double perSecond) {
    std::lock_guard lock(mutex_);
    perSecond_ = std::max(perSecond, 0.1);
}

double TokenBucket::rate() const {
    std::lock_guard lock(mutex_);
    return perSecond_;
}

void TokenBucket::holdUntil(Clock::time_point until) {
    std::lock_guard lock(mutex_);
    next_ = std::max(next_, until);
}

} // namespace campaigns::sending
