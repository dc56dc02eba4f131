#pragma once
#include "DirectoryService.h"
#include "EventBus.h"
#include "HostDatabase.h"

#include <helpdesk/Tickets.h>

#include <optional>
#include <string>
#include <vector>

namespace refhost {

struct TicketSummary {
    long long id = 0;
    std::optional<long long> departmentId;
    std::string departmentName;  // empty = "Sin departamento"
    std::string contactPhone;
    bool open = true;
    std::string externalKey;
    long long createdAt = 0;  // epoch ms
    std::optional<long long> closedAt;
    std::optional<long long> closeDeadline;
};

struct StoredMessage {
    long long id = 0;
    helpdesk::MessageDirection direction = helpdesk::MessageDirection::Inbound;
    std::string author;
    long long userId = 0;
    std::string text;
    long long at = 0;  // epoch ms
    std::string externalId;
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
    void subscribe(Subscriber subscriber) override { events_.subscribe("host", std::move(subscriber)); }

    std::vector<TicketSummary> list(const TicketFilter& filter);
    std::optional<TicketDetail> get(long long ticketId);
    // An agent's message; publishes AgentMessage after commit. Throws std::invalid_argument for
    // an unknown ticket or empty text.
    long long writeAsAgent(long long ticketId, const helpdesk::User& agent, const std::string& text);
    // Closing by an agent (userId) or the system (0); publishes Closed when it changed anything.
    bool closeBy(long long ticketId, long long userId);

private:
    void validate(const helpdesk::NewTicket& ticket);
    long long insertOne(Poco::Data::Session& s, const helpdesk::NewTicket& ticket);
    std::string externalKeyOf(long long ticketId);

    HostDatabase& db_;
    DirectoryService& directory_;
    EventBus& events_;
};

} // namespace refhost
