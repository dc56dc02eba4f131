#pragma once
// Wires sending and tracking into the host: the send engine, the webhook event processor and
// ticket sync as periodic tasks, ticket events (agent answers mark entries addressed, closings are
// remembered), the campaign's panel on its tickets, and the send/pause/resume/cancel routes.
#include <helpdesk/HostContext.h>

#include <memory>
#include <vector>

namespace campaigns::accounts { class AccountStore; }
namespace campaigns::cloudapi { class CloudApiClient; }
namespace campaigns::sending { class SendApi; class SendEngine; }

namespace campaigns::tracking {

class EntryPanel;
class EventProcessor;
class TicketSync;

class SendingModule {
public:
    SendingModule(helpdesk::HostContext& host, accounts::AccountStore& accounts, cloudapi::CloudApiClient& client);
    ~SendingModule();
    // The campaign's panel on its tickets, its state route and the send/pause/resume/cancel routes.
    void registerRoutes(helpdesk::Router& router);
    void start();
    void stop(std::chrono::milliseconds budget);
    void wake();

private:
    helpdesk::HostContext& host_;
    std::unique_ptr<sending::SendEngine> engine_;
    std::unique_ptr<EventProcessor> events_;
    std::unique_ptr<TicketSync> tickets_;
    std::unique_ptr<EntryPanel> panel_;
    std::unique_ptr<sending::SendApi> sendApi_;
    std::vector<helpdesk::Scheduler::TaskId> tasks_;
};

} // namespace campaigns::tracking
