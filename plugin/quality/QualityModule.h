#pragma once
// Wires the quality breaker into the host: the quality webhooks (QualityEvents) and the
// outcome-rate check (OutcomeRateBreaker) as periodic tasks, and the listener the template status
// updates call. Settings (host configuration): quality.failure_rate_percent (15),
// quality.opt_out_rate_percent (2), quality.min_sample (100), quality.window (500),
// quality.check_ms (5000), quality.events_poll_ms (2000).
#include "quality/CampaignPauser.h"
#include "quality/NumberQualityStore.h"
#include "quality/OutcomeRateBreaker.h"
#include "quality/QualityEvents.h"
#include "webhooks/WebhookEventStore.h"

#include <helpdesk/HostContext.h>

#include <functional>
#include <memory>
#include <vector>

namespace campaigns::quality {

// The thresholds from the host's configuration, defaults as documented in RateDecision.h.
RateThresholds thresholdsFromConfig(Poco::Util::AbstractConfiguration& cfg);

class QualityModule {
public:
    QualityModule(helpdesk::HostContext& host, webhooks::WebhookEventStore& events);
    void start();
    // Undoes start(): cancels the periodic tasks.
    void stop();

    QualityEvents& events() { return *events_; }
    NumberQualityStore& numberQuality() { return *numbers_; }

private:
    void runGuarded(const char* what, const std::function<void()>& fn);

    helpdesk::HostContext& host_;
    std::unique_ptr<CampaignPauser> pauser_;
    std::unique_ptr<NumberQualityStore> numbers_;
    std::unique_ptr<QualityEvents> events_;
    std::unique_ptr<OutcomeRateBreaker> rates_;
    std::vector<helpdesk::Scheduler::TaskId> tasks_;
};

} // namespace campaigns::quality
