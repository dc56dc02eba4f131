#include "tracking/WebhookBacklog.h"

#include "storage/DatabaseErrors.h"
#include "tracking/EventProcessor.h"

namespace campaigns::tracking {

WebhookBacklog::WebhookBacklog(EventProcessor& events, storage::Lease& lease, Poco::Logger& log)
    : events_(events), lease_(lease), log_(log) {}

bool WebhookBacklog::holding(std::chrono::steady_clock::time_point current) {
    if (current < nextAsk_) return held_;
    const bool was = held_;
    held_ = lease_.acquire(kLeaseName);
    nextAsk_ = current + std::chrono::milliseconds(lease_.ttl().totalMilliseconds() / 4);
    if (held_ && !was) log_.information("campaigns: this instance (%s) applies the webhook backlog", lease_.owner());
    if (!held_ && was) log_.warning("campaigns: the webhook backlog lease of %s passed to another instance", lease_.owner());
    return held_;
}

std::size_t WebhookBacklog::runOnce(std::size_t maxBatches, std::size_t batchSize) {
    std::size_t taken = 0;
    try {
        for (std::size_t i = 0; i < maxBatches && holding(std::chrono::steady_clock::now()); ++i) {
            const std::size_t n = events_.processBatch(batchSize);
            taken += n;
            applied_ += static_cast<long long>(n);
            if (n == 0) break;
        }
    } catch (const std::exception& e) {
        ++failedRounds_;
        log_.error("campaigns: applying webhook events failed; retried in the next run: %s", storage::briefError(e));
    }
    return taken;
}

void WebhookBacklog::release() {
    if (!held_) return;
    held_ = false;
    nextAsk_ = {};
    lease_.release(kLeaseName);
}

} // namespace campaigns::tracking
