#pragma once
// Wires issue 13 into the host: the scheduling routes and the scheduler task (started in start(),
// cancelled in stop()). Settings from the plugin's configuration section:
//   scheduling.poll_ms          how often the scheduler looks for due campaigns (default 1000)
//   approval.min_recipients     campaigns with more entries need a second administrator's
//                               approval before they are sent or scheduled (default 0 = off)
#include "scheduling/CampaignScheduler.h"
#include "scheduling/SchedulingApi.h"

#include <helpdesk/HostContext.h>

#include <functional>
#include <memory>

namespace campaigns::scheduling {

class SchedulingModule {
public:
    // `wake` nudges the send engine (SendingModule::wake) after a start or a released hold.
    SchedulingModule(helpdesk::HostContext& host, std::function<void()> wake);
    void registerRoutes(helpdesk::Router& router);
    void start();
    void stop();
    // For "Enviar Campaña": CampaignScheduler::holdFor.
    std::optional<std::string> holdFor(long long campaignId) { return scheduler_->holdFor(campaignId); }

private:
    helpdesk::HostContext& host_;
    std::unique_ptr<CampaignScheduler> scheduler_;
    std::unique_ptr<SchedulingApi> api_;
    helpdesk::Scheduler::TaskId task_ = 0;
    bool running_ = false;
};

} // namespace campaigns::scheduling
