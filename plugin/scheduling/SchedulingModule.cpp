#include "scheduling/SchedulingModule.h"

#include <algorithm>
#include <chrono>

namespace campaigns::scheduling {

SchedulingModule::SchedulingModule(helpdesk::HostContext& host, std::function<void()> wake) : host_(host) {
    SchedulerOptions options;
    options.timeZone = host.timeZone();
    options.approvalMinRecipients = std::max<long long>(0, host.config().getInt64("approval.min_recipients", 0));
    options.wake = std::move(wake);
    scheduler_ = std::make_unique<CampaignScheduler>(host.database(), host.logger(), options);
    api_ = std::make_unique<SchedulingApi>(host.database(), options);
}

void SchedulingModule::registerRoutes(helpdesk::Router& router) { api_->registerRoutes(router); }

void SchedulingModule::start() {
    const int pollMs = std::max(100, host_.config().getInt("scheduling.poll_ms", 1000));
    task_ = host_.scheduler().every("campaigns.scheduling", std::chrono::milliseconds(pollMs), [this] { scheduler_->runOnce(); });
    running_ = true;
}

void SchedulingModule::stop() {
    if (running_) host_.scheduler().cancel(task_);
    running_ = false;
}

} // namespace campaigns::scheduling
