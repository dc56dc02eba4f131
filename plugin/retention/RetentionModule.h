#pragma once
// Wires retention (issue 15) into the host: start() reads the settings (RetentionSettings.h) and
// registers one periodic check; stop() cancels it. Each check deletes the uploads no campaign took
// once they are older than retention.unused_uploads_days, and once a day, at the first check after
// retention.hour in the installation's time zone, runs the daily purge (processed webhook events,
// sheets of ended campaigns) on exactly one host (DailyRun). A host that was down at that hour
// purges at its first check after starting.
#include "retention/DailyRun.h"
#include "retention/RetentionPurge.h"
#include "retention/RetentionSettings.h"

#include <helpdesk/HostContext.h>

#include <chrono>
#include <memory>

namespace campaigns::retention {

// How often the module checks: unused uploads are removed within this much of their deadline.
inline constexpr std::chrono::minutes kCheckInterval{30};

class RetentionModule {
public:
    RetentionModule(helpdesk::HostContext& host, webhooks::WebhookEventStore& events, campaign::UploadStore& uploads);
    ~RetentionModule();
    void start();
    // Undoes start(): ends a running purge after its current batch and cancels the check.
    void stop();
    // One check at `now` (what the periodic task runs). A daily purge that fails is logged and
    // its day given back, so the next check tries again.
    void check(const Poco::Timestamp& now);
    const RetentionSettings& settings() const { return settings_; }

private:
    // The daily purge and its log line; false when a stop interrupted it.
    bool runDaily(const std::string& day, const Poco::Timestamp& now);

    helpdesk::HostContext& host_;
    RetentionSettings settings_;
    std::unique_ptr<RetentionPurge> purge_;
    DailyRun daily_;
    helpdesk::Scheduler::TaskId task_ = 0;
    bool running_ = false;
};

} // namespace campaigns::retention
