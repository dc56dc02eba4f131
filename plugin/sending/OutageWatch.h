#pragma once
// Tells a Cloud API outage from a blip, for one account's sender. Every outcome that says the API
// itself is down (cloudapi::signalsOutage: the connection failed, no answer, a 5xx, Meta's
// "temporarily unavailable" codes) extends the current run; any other outcome ends it. A run that
// has lasted `declareAfter` is an outage: the sender pauses the account's sending campaigns with
// the `api_unreachable` code (SendEngine, which also probes the API and resumes them on trial once
// it answers: the trial's first outcome, judged by the same signalsOutage, pauses them again at
// once without this watch's wait). Until then, from the third in a row, each such outcome holds the account's next
// requests a little longer (250 ms doubling up to 2 s), so a dead API is not hammered and, when it answers with 5xx, few
// entries become unknown before the pause. Thread-safe: the workers record, the feeder asks.
#include "cloudapi/Outcome.h"

#include <Poco/Timestamp.h>

#include <chrono>
#include <mutex>
#include <optional>

namespace campaigns::sending {

class OutageWatch {
public:
    using Clock = std::chrono::steady_clock;
    explicit OutageWatch(Clock::duration declareAfter) : declareAfter_(declareAfter) {}

    // Records one outcome at `at`; returns how long the account should hold its next requests
    // (zero when the API answered, or for the first two in a row).
    Clock::duration record(const cloudapi::SendOutcome& outcome, Clock::time_point at);
    // When the current run began, once it has lasted `declareAfter` by `at` and its last outcome is
    // less than `declareAfter` old; nullopt otherwise.
    std::optional<Poco::Timestamp> outageSince(Clock::time_point at) const;
    // Forgets the run (after the campaigns were paused for it).
    void reset();

private:
    const Clock::duration declareAfter_;
    mutable std::mutex mutex_;
    int run_ = 0;
    Clock::time_point runStart_, last_;
    Poco::Timestamp since_; // the same moment, as wall time for the pause reason
};

} // namespace campaigns::sending
