#pragma once
// Applies the stored webhook events on one host instance at a time. Two instances applying the
// same backlog took batches of it side by side and fought over the same entries and counter rows:
// in the two-host run (tests/bench/two-numbers) 286 rounds were rolled back after a deadlock or a
// failed locking read and done again. The instance holding the lease "webhook-backlog"
// (storage::Lease, the sender's per-account lease) applies; the others stand by, asking for the
// lease now and then, and take over once it is released (stop) or expired (a killed instance).
#include "storage/Lease.h"

#include <Poco/Logger.h>

#include <atomic>
#include <chrono>
#include <cstddef>

namespace campaigns::tracking {

class EventProcessor;

class WebhookBacklog {
public:
    // What this instance did so far.
    struct Stats {
        long long applied = 0;      // events its batches took
        long long failedRounds = 0; // rounds a database error ended (rolled back; taken again next round)
    };

    // `lease`: this instance's lease (its owner name and time to live).
    WebhookBacklog(EventProcessor& events, storage::Lease& lease, Poco::Logger& log);

    // One scheduler round: takes or renews the lease (asked at most every ttl/4), then applies up
    // to `maxBatches` batches of `batchSize` while there is work, renewing on the way. Returns the
    // events taken; 0 when another instance holds the lease. A failing batch is logged and counted;
    // it was rolled back whole and is taken again in the next round.
    std::size_t runOnce(std::size_t maxBatches = 40, std::size_t batchSize = 500);
    // Gives the lease up (on stop), so a standing-by instance takes over at its next ask.
    void release();
    Stats stats() const { return {applied_.load(), failedRounds_.load()}; }

    static constexpr const char* kLeaseName = "webhook-backlog";

private:
    // True when this instance holds the lease; asks the database only when due.
    bool holding(std::chrono::steady_clock::time_point current);

    EventProcessor& events_;
    storage::Lease& lease_;
    Poco::Logger& log_;
    bool held_ = false;
    std::chrono::steady_clock::time_point nextAsk_{};
    std::atomic<long long> applied_{0}, failedRounds_{0};
};

} // namespace campaigns::tracking
