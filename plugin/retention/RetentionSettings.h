#pragma once
// How long the plugin keeps what it stores only to do its work: raw webhook events (phones and
// message texts in their payloads) and uploaded files (the recipients sheet). Read once at start
// from the plugin's configuration; 0 days means keep forever. The entries, tickets, counters and
// analytics of a campaign are never purged: they do not depend on either.
#include <Poco/Util/AbstractConfiguration.h>

#include <cstddef>
#include <string>
#include <vector>

namespace campaigns::retention {

// Processed webhook events: a month covers any investigation of a campaign's deliveries.
inline constexpr int kDefaultWebhookEventsDays = 30;
// Meta retries an undelivered webhook for up to 7 days, and the stored row's dedupe key is what
// makes such a retry a no-op: a shorter window could apply an old status twice.
inline constexpr int kMinWebhookEventsDays = 7;
// Sheets of ended campaigns: long enough to answer questions about a campaign's file.
inline constexpr int kDefaultSheetsDays = 90;
// Uploads no campaign took: one only serves between "Subir" and "Crear" in the creation modal,
// and before retention existed they were removed after 24 hours; a day keeps that behaviour.
inline constexpr int kDefaultUnusedUploadsDays = 1;
// The daily purge runs at the first check after this local hour (installation time zone).
inline constexpr int kDefaultHour = 3;
// Rows deleted per transaction: a batch takes well under a second on both databases, so the
// sender and the webhook processor never wait long for the purge's locks.
inline constexpr std::size_t kBatchRows = 5000;

struct RetentionSettings {
    int webhookEventsDays = kDefaultWebhookEventsDays;
    int sheetsDays = kDefaultSheetsDays;
    int unusedUploadsDays = kDefaultUnusedUploadsDays;
    int hour = kDefaultHour;
    std::size_t batchRows = kBatchRows;
    // Values that were out of range and what was used instead (logged at start).
    std::vector<std::string> corrections;
};

// retention.webhook_events_days, retention.sheets_days, retention.unused_uploads_days,
// retention.hour. A negative number of days or an hour outside 0..23 falls back to the default;
// 1..6 days of webhook events are raised to kMinWebhookEventsDays.
RetentionSettings retentionSettings(const Poco::Util::AbstractConfiguration& cfg);

} // namespace campaigns::retention
