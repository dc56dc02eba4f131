#pragma once
// One purge of what the retention settings no longer keep: processed webhook events (through
// webhooks::WebhookEventStore, in batches of settings.batchRows per transaction), the sheets of
// campaigns that ended, and uploads no campaign took (through campaign::UploadStore: row and file
// together). A file that cannot be deleted is logged with its upload and campaign and keeps its
// row for the next purge; the rest goes on. Logs counts only, never a payload or a file's content.
#include "campaign/UploadStore.h"
#include "retention/RetentionSettings.h"
#include "webhooks/WebhookEventStore.h"

#include <Poco/Logger.h>
#include <Poco/Timestamp.h>

#include <atomic>
#include <cstddef>

namespace campaigns::retention {

struct PurgeReport {
    std::size_t webhookEvents = 0;
    std::size_t eventBatches = 0;
    std::size_t sheets = 0;        // sheets of ended campaigns, rows and files
    std::size_t unusedUploads = 0; // uploads no campaign took, rows and files
    std::size_t fileErrors = 0;    // files that could not be deleted (their rows stay)
    bool interrupted = false;      // requestStop() ended it early
};

class RetentionPurge {
public:
    RetentionPurge(webhooks::WebhookEventStore& events, campaign::UploadStore& uploads, Poco::Logger& logger);

    // The daily part: processed webhook events and sheets of ended campaigns older than their
    // windows at `now` (a window of 0 days keeps everything).
    PurgeReport daily(const RetentionSettings& settings, const Poco::Timestamp& now);
    // Uploads no campaign took, older than settings.unusedUploadsDays at `now`.
    PurgeReport unusedUploads(const RetentionSettings& settings, const Poco::Timestamp& now);
    // Ends a running purge after its current batch (the plugin is stopping).
    void requestStop() { stop_ = true; }

private:
    using Page = std::vector<campaign::StoredUpload> (campaign::UploadStore::*)(const Poco::Timestamp&, long long, std::size_t);
    // Removes every upload `page` lists, page by page; returns how many were removed.
    std::size_t removeUploads(Page page, const Poco::Timestamp& before, std::size_t batchRows, PurgeReport& report);

    webhooks::WebhookEventStore& events_;
    campaign::UploadStore& uploads_;
    Poco::Logger& logger_;
    std::atomic<bool> stop_{false};
};

// The instant `days` days before `now`.
Poco::Timestamp daysBefore(const Poco::Timestamp& now, int days);

} // namespace campaigns::retention
