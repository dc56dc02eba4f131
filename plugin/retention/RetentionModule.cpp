#include "retention/RetentionModule.h"

namespace campaigns::retention {

namespace {
// The campaigns_settings row that records the last day the daily purge ran.
constexpr const char* kLastDaySetting = "retention.last_day";

std::string daysText(int days) { return days > 0 ? std::to_string(days) + " days" : std::string("forever"); }
} // namespace

RetentionModule::RetentionModule(helpdesk::HostContext& host, webhooks::WebhookEventStore& events, campaign::UploadStore& uploads)
    : host_(host),
      settings_(retentionSettings(host.config())),
      purge_(std::make_unique<RetentionPurge>(events, uploads, host.logger())),
      daily_(host.database(), kLastDaySetting) {}

void RetentionModule::start() {
    for (const auto& c : settings_.corrections) host_.logger().warning("campaigns: retention setting %s", c);
    host_.logger().information(
        "campaigns: retention keeps processed webhook events %s, sheets of ended campaigns %s, unused "
        "uploads %s; daily purge after %d:00 (%s)",
        daysText(settings_.webhookEventsDays), daysText(settings_.sheetsDays), daysText(settings_.unusedUploadsDays),
        settings_.hour, host_.timeZone());
    task_ = host_.scheduler().every("campaigns.retention", kCheckInterval, [this] { check(Poco::Timestamp()); });
    running_ = true;
}

void RetentionModule::stop() {
    if (!running_) return;
    purge_->requestStop();
    host_.scheduler().cancel(task_);
    running_ = false;
}

void RetentionModule::check(const Poco::Timestamp& now) {
    purge_->unusedUploads(settings_, now);
    if (settings_.webhookEventsDays == 0 && settings_.sheetsDays == 0) return;
    const auto day = dueDay(now, host_.timeZone(), settings_.hour);
    if (!day || !daily_.claim(*day)) return;
    const PurgeReport r = purge_->daily(settings_, now);
    host_.logger().information("campaigns: retention daily purge of %s: %z webhook events, %z sheets, %z files not deleted%s",
                               *day, r.webhookEvents, r.sheets, r.fileErrors,
                               std::string(r.interrupted ? " (interrupted by stop; continues tomorrow)" : ""));
}

} // namespace campaigns::retention
