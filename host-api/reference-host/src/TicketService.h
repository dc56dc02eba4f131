#pragma once
#include "DirectoryService.h"
#include "EventBus.h"
#include "HostDatabase.h"
#include "TicketPanels.h"

#include <helpdesk/Tickets.h>

#include <optional>
#include <string>
#include <vector>

namespace refhost {

struct TicketSummary {
    long long id = 0;
    std::optional<long long> departmentId;
    std::string departmentName; // empty = "Sin departamento"
    std::string contactPhone;
    bool open = true;
    std::string externalKey;
    long long createdAt = 0; // epoch ms
    std::optional<long long> closedAt;
    std::optional<long long> closeDeadline;
    std::string subject;                    // empty = none
    std::optional<long long> awaitingSince; // epoch ms of the oldest unanswered customer message
};

struct StoredMessage {
    long long id = 0;
    helpdesk::MessageDirection direction = helpdesk::MessageDirection::Inbound;
    std::string author;
    long long userId = 0;
    std::string text;
    long long at = 0; // epoch ms
    std::string externalId;
    // A line the host wrote itself (e.g. "Reabierto por respuesta del cliente"): shown to agents,
    // never sent; stored as outbound with kind 'system'.
    bool system = false;
};

struct MetadataValue {
    long long metadataId = 0;
    std::string name;
    helpdesk::MetadataType type = helpdesk::MetadataType::Text;
    std::string value;
};

struct TicketDetail {
    TicketSummary ticket;
    std::vector<MetadataValue> metadata;
    std::vector<StoredMessage> messages;
};

struct TicketFilter {
    std::optional<bool> open;              // none = both
    std::optional<long long> departmentId; // 0 = "Sin departamento"
    std::string externalKey;
    int limit = 200;
    bool awaitingOnly = false; // only tickets waiting for an agent, oldest wait first
};

// The host's tickets: the helpdesk::Tickets service for plugins, plus what the agent pages need.
class TicketService : public helpdesk::Tickets {
public:
    TicketService(HostDatabase& db, DirectoryService& directory, EventBus& events)
        : db_(db), directory_(directory), events_(events) {}

    long long create(const helpdesk::NewTicket& ticket) override;
    std::vector<long long> createMany(const std::vector<helpdesk::NewTicket>& tickets) override;
    void close(long long ticketId) override;
    void addMessage(long long ticketId, const helpdesk::TicketMessage& message) override;
    std::optional<long long> findByExternalKey(const std::string& externalKey) override;
    std::optional<helpdesk::TicketState> find(long long ticketId) override;
    std::optional<long long> findOpenByPhone(const std::string& phone) override;
    // Publishes Reopened after commit when it reopened the ticket.
    bool addInbound(long long ticketId, const helpdesk::TicketMessage& message, const std::string& reopenLine) override;
    // The host's own panels; a plugin's go through its PluginContext, tagged with its name.
    void addPanel(helpdesk::TicketPanel panel) override { panels_.add(std::move(panel), "host"); }
    void subscribe(Subscriber subscriber) override { events_.subscribe("host", std::move(subscriber)); }

    std::vector<TicketSummary> list(const TicketFilter& filter);
    std::optional<TicketDetail> get(long long ticketId);
    TicketPanels& panels() { return panels_; }
    // An agent's message; the ticket stops waiting for an agent. Publishes AgentMessage after commit. Throws std::invalid_argument for
    // an unknown ticket or empty text.
    long long writeAsAgent(long long ticketId, const helpdesk::User& agent, const std::string& text);
    // Closing by an agent (userId) or the system (0); publishes Closed when it changed anything.
    // An agent closing a ticket has dealt with it, so it stops waiting for an agent; the system
    // closing it (a plugin's deadline) leaves the mark, as nobody answered.
    bool closeBy(long long ticketId, long long userId);

private:
    void validate(const helpdesk::NewTicket& ticket);
    long long insertOne(Poco::Data::Session& s, const helpdesk::NewTicket& ticket);
    // Writes tickets[from, to) with a few multi-row statements and sets their ids.
    void insertChunk(Poco::Data::Session& s, const std::vector<helpdesk::NewTicket>& tickets, std::size_t from, std::size_t to,
                     std::vector<long long>& ids);
    std::string externalKeyOf(long long ticketId);

    HostDatabase& db_;
    DirectoryService& directory_;
    EventBus& events_;
    TicketPanels panels_;
};

} // namespace refhost
