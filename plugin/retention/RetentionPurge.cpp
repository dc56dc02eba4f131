#include "retention/RetentionPurge.h"

#include <Poco/Exception.h>
#include <Poco/Timespan.h>

#include <algorithm>

namespace campaigns::retention {

Poco::Timestamp daysBefore(const Poco::Timestamp& now, int days) { return now - Poco::Timespan(days, 0, 0, 0, 0); }

RetentionPurge::RetentionPurge(webhooks::WebhookEventStore& events, campaign::UploadStore& uploads, Poco::Logger& logger)
    : events_(events), uploads_(uploads), logger_(logger) {}

PurgeReport RetentionPurge::daily(const RetentionSettings& settings, const Poco::Timestamp& now) {
    PurgeReport report;
    if (settings.webhookEventsDays > 0) {
        const auto purged = events_.purgeProcessed(daysBefore(now, settings.webhookEventsDays), settings.batchRows,
                                                   [this] { return stop_.load(); });
        report.webhookEvents = purged.rows;
        report.eventBatches = purged.batches;
        report.interrupted = purged.interrupted;
        if (purged.rows)
            logger_.information("campaigns: retention deleted %z processed webhook events older than %d days (%z batches)",
                                purged.rows, settings.webhookEventsDays, purged.batches);
    }
    if (settings.sheetsDays > 0 && !report.interrupted) {
        report.sheets = removeUploads(&campaign::UploadStore::endedSheetsBefore, daysBefore(now, settings.sheetsDays),
                                      settings.batchRows, report);
        if (report.sheets)
            logger_.information("campaigns: retention deleted the sheets of %z campaigns that ended more than %d days ago",
                                report.sheets, settings.sheetsDays);
    }
    return report;
}

PurgeReport RetentionPurge::unusedUploads(const RetentionSettings& settings, const Poco::Timestamp& now) {
    PurgeReport report;
    if (settings.unusedUploadsDays <= 0) return report;
    report.unusedUploads = removeUploads(&campaign::UploadStore::unusedBefore, daysBefore(now, settings.unusedUploadsDays),
                                         settings.batchRows, report);
    if (report.unusedUploads)
        logger_.information("campaigns: retention deleted %z uploads no campaign used, older than %d days", report.unusedUploads,
                            settings.unusedUploadsDays);
    return report;
}

std::size_t RetentionPurge::removeUploads(Page page, const Poco::Timestamp& before, std::size_t batchRows, PurgeReport& report) {
    std::size_t removed = 0;
    long long after = 0;
    batchRows = std::max<std::size_t>(1, batchRows);
    for (;;) {
        if (stop_.load()) {
            report.interrupted = true;
            return removed;
        }
        const auto uploads = (uploads_.*page)(before, after, batchRows);
        for (const auto& u : uploads) {
            after = u.id;
            try {
                if (uploads_.remove(u)) ++removed;
            } catch (const Poco::FileException& e) {
                ++report.fileErrors;
                logger_.error(
                    "campaigns: retention could not delete the file of upload %s (campaign %s): %s; its row stays "
                    "for the next purge",
                    std::to_string(u.id), u.campaignId ? std::to_string(*u.campaignId) : std::string("none"), e.displayText());
            }
        }
        if (uploads.size() < batchRows) return removed;
    }
}

} // namespace campaigns::retention
