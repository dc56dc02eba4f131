#include "retention/RetentionModule.h"

#include <Poco/Exception.h>

#include <exception>

namespace campaigns::retention {

namespace {
// The campaigns_settings row that records the last day the daily purge ran.
constexpr const char* kLastDaySetting = "retention.last_day";

std::string daysText(int days) {
    if (days <= 0) return "forever";
    return std::to_string(days) + (days == 1 ? " day" : " days");
}
} // namespace

RetentionModule::RetentionModule(helpdesk::HostContext& host, webhooks::WebhookEventStore& events, campaign::UploadStore& uploads)
    : host_(host),
      settings_(retentionSettings(host.config())),
      purge_(std::make_unique<RetentionPurge>(events, uploads, host.logger())),
      daily_(host.database(), kLastDaySetting) {}

RetentionModule::~RetentionModule() { stop(); }

void RetentionModule::start() {
    for (const auto& c : settings_.corrections) host_.logger().warning("campaigns: retention setting %s", c);
    host_.logger().information(
        "campaigns: retention keeps processed webhook events %s, sheets of ended campaigns %s, unused "
        "uploads %s; daily purge from %02d:00 (%s)",
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
    if (!day) return;
    const std::string previous = daily_.lastDay();
    if (!daily_.claim(*day)) return;
    try {
        if (!runDaily(*day, now)) daily_.release(*day, previous); // stopped halfway: the next check goes on
    } catch (const Poco::Exception& e) {
        host_.logger().error("campaigns: retention daily purge of %s failed: %s; tried again at the next check", *day,
                             e.displayText());
        daily_.release(*day, previous);
    } catch (const std::exception& e) {
        host_.logger().error("campaigns: retention daily purge of %s failed: %s; tried again at the next check", *day,
                             std::string(e.what()));
        daily_.release(*day, previous);
    }
}

bool RetentionModule::runDaily(const std::string& day, const Poco::Timestamp& now) {
    const PurgeReport r = purge_->daily(settings_, now);
    host_.logger().information("campaigns: retention daily purge of %s: %z webhook events, %z sheets, %z files not deleted%s",
                               day, r.webhookEvents, r.sheets, r.fileErrors,
                               std::string(r.interrupted ? " (interrupted by stop; continues at the next check)" : ""));
    return !r.interrupted;
}

} // namespace campaigns::retention
