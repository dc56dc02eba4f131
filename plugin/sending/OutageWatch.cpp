#include "sending/OutageWatch.h"

#include <algorithm>

namespace campaigns::sending {

namespace {
// A lost answer now and then (a reset among thousands of accepted sends) is no outage and must not
// slow the account down: holding starts with the third such outcome in a row.
constexpr int kHoldFrom = 3;
constexpr std::chrono::milliseconds kFirstHold{250};
constexpr int kMaxDoublings = 3; // 250 ms, 500 ms, 1 s, 2 s
} // namespace

OutageWatch::Clock::duration OutageWatch::record(const cloudapi::SendOutcome& outcome, Clock::time_point at) {
    std::lock_guard lock(mutex_);
    if (!cloudapi::signalsOutage(outcome)) {
        run_ = 0;
        return Clock::duration::zero();
    }
    // A run with a long silence inside it (nothing sent meanwhile) starts over.
    if (run_ > 0 && at - last_ > declareAfter_) run_ = 0;
    last_ = at;
    if (run_++ == 0) {
        runStart_ = at;
        since_ = Poco::Timestamp();
    }
    if (run_ < kHoldFrom) return Clock::duration::zero();
    return kFirstHold * (1 << std::min(run_ - kHoldFrom, kMaxDoublings));
}

std::optional<Poco::Timestamp> OutageWatch::outageSince(Clock::time_point at) const {
    std::lock_guard lock(mutex_);
    // The run must still be going on: one failure followed by a quiet spell (nothing left to send,
    // a window's hold) is no outage, however long ago it began.
    if (run_ == 0 || at - runStart_ < declareAfter_ || at - last_ > declareAfter_) return std::nullopt;
    return since_;
}

void OutageWatch::reset() {
    std::lock_guard lock(mutex_);
    run_ = 0;
}

} // namespace campaigns::sending
