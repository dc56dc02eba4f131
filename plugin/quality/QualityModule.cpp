#include "quality/QualityModule.h"

#include <algorithm>
#include <exception>

namespace campaigns::quality {

RateThresholds thresholdsFromConfig(Poco::Util::AbstractConfiguration& cfg) {
    RateThresholds t;
    t.failurePercent = cfg.getDouble("quality.failure_rate_percent", t.failurePercent);
    t.optOutPercent = cfg.getDouble("quality.opt_out_rate_percent", t.optOutPercent);
    t.minSample = std::max(1, cfg.getInt("quality.min_sample", static_cast<int>(t.minSample)));
    t.window = std::max(static_cast<int>(t.minSample), cfg.getInt("quality.window", static_cast<int>(t.window)));
    return t;
}

QualityModule::QualityModule(helpdesk::HostContext& host, webhooks::WebhookEventStore& events)
    : host_(host),
      pauser_(std::make_unique<CampaignPauser>(host.database(), host.logger())),
      numbers_(std::make_unique<NumberQualityStore>(host.database())),
      events_(std::make_unique<QualityEvents>(host.database(), events, *pauser_, host.logger())),
      rates_(std::make_unique<OutcomeRateBreaker>(host.database(), *pauser_, thresholdsFromConfig(host.config()))) {}

void QualityModule::start() {
    auto& cfg = host_.config();
    tasks_.push_back(host_.scheduler().every("campaigns.quality.events",
                                             std::chrono::milliseconds(std::max(200, cfg.getInt("quality.events_poll_ms", 2000))),
                                             [this] { runGuarded("applying quality webhooks", [this] { events_->drain(); }); }));
    tasks_.push_back(host_.scheduler().every(
        "campaigns.quality.rates", std::chrono::milliseconds(std::max(200, cfg.getInt("quality.check_ms", 5000))),
        [this] { runGuarded("checking failure and opt-out rates", [this] { rates_->sweep(); }); }));
}

void QualityModule::stop() {
    for (auto id : tasks_) host_.scheduler().cancel(id);
    tasks_.clear();
}

// A failed run was rolled back whole and is taken again on the next one.
void QualityModule::runGuarded(const char* what, const std::function<void()>& fn) {
    try {
        fn();
    } catch (const std::exception& e) {
        host_.logger().error("campaigns: %s failed; retried in the next run: %s", std::string(what), std::string(e.what()));
    }
}

} // namespace campaigns::quality
