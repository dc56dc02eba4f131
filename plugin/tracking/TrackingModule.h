#pragma once
// Wires tracking into the host: the webhook event processor (on one instance at a time, see
// WebhookBacklog) and ticket sync as periodic tasks,
// ticket events (an agent's answer marks the entry addressed, closings are remembered) and the
// campaign's panel on its tickets (in the reader's language, from the plugin's locale strings).
#include "counters/CounterBook.h"
#include "storage/Lease.h"

#include <helpdesk/HostContext.h>

#include <memory>
#include <vector>

namespace campaigns::web {
class PageTemplates;
} // namespace campaigns::web

namespace campaigns::tracking {

class EntryPanel;
class EventProcessor;
class TicketSync;
class WebhookBacklog;

class TrackingModule {
public:
    TrackingModule(helpdesk::HostContext& host, const counters::DayKey& dayKey, web::PageTemplates& text);
    ~TrackingModule();
    void registerRoutes(helpdesk::Router& router);
    void start();
    // Undoes start(): cancels the periodic tasks and gives the webhook backlog's lease up.
    void stop();

private:
    helpdesk::HostContext& host_;
    std::unique_ptr<EventProcessor> events_;
    storage::Lease backlogLease_;
    std::unique_ptr<WebhookBacklog> backlog_;
    std::unique_ptr<TicketSync> tickets_;
    std::unique_ptr<EntryPanel> panel_;
    std::vector<helpdesk::Scheduler::TaskId> tasks_;
};

} // namespace campaigns::tracking
