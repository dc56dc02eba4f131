#include "retention/RetentionSettings.h"

namespace campaigns::retention {

namespace {
int days(const Poco::Util::AbstractConfiguration& cfg, const std::string& key, int fallback, RetentionSettings& s) {
    const int value = cfg.getInt(key, fallback);
    if (value >= 0) return value;
    s.corrections.push_back(key + " = " + std::to_string(value) + " is negative; using " + std::to_string(fallback));
    return fallback;
}
} // namespace

RetentionSettings retentionSettings(const Poco::Util::AbstractConfiguration& cfg) {
    RetentionSettings s;
    s.webhookEventsDays = days(cfg, "retention.webhook_events_days", kDefaultWebhookEventsDays, s);
    if (s.webhookEventsDays > 0 && s.webhookEventsDays < kMinWebhookEventsDays) {
        s.corrections.push_back("retention.webhook_events_days = " + std::to_string(s.webhookEventsDays) + " is below " +
                                std::to_string(kMinWebhookEventsDays) + " (Meta retries webhooks for 7 days); using " +
                                std::to_string(kMinWebhookEventsDays));
        s.webhookEventsDays = kMinWebhookEventsDays;
    }
    s.sheetsDays = days(cfg, "retention.sheets_days", kDefaultSheetsDays, s);
    s.unusedUploadsDays = days(cfg, "retention.unused_uploads_days", kDefaultUnusedUploadsDays, s);
    s.hour = cfg.getInt("retention.hour", kDefaultHour);
    if (s.hour < 0 || s.hour > 23) {
        s.corrections.push_back("retention.hour = " + std::to_string(s.hour) + " is not 0..23; using " +
                                std::to_string(kDefaultHour));
        s.hour = kDefaultHour;
    }
    return s;
}

} // namespace campaigns::retention
