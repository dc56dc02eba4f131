#pragma once
#include <Poco/Timestamp.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace helpdesk {

enum class MessageDirection { Inbound, Outbound };  // customer -> helpdesk, helpdesk -> customer

struct NewTicket {
    // Idempotency key chosen by the plugin (e.g. "campaigns:entry:123"): creating a ticket with a key
    // that already exists returns the existing ticket id and changes nothing, so a plugin that
    // crashed between "create ticket" and "record ticket id" can safely call again.
    std::string externalKey;
    std::optional<long long> departmentId;       // none = "Sin departamento"
    std::string contactPhone;                     // E.164 digits without '+'
    bool open = true;                             // false = created closed
    std::optional<Poco::Timestamp> closeDeadline; // informational; the plugin closes it itself
    std::map<long long, std::string> metadata;    // metadata definition id -> value
    std::string firstMessage;                     // outbound message text, empty for none
    std::string firstMessageAuthor;               // e.g. "Campaña Black Friday"
};

struct TicketMessage {
    MessageDirection direction = MessageDirection::Inbound;
    std::string author;
    std::string text;
    Poco::Timestamp at;
    std::string externalId; // e.g. the inbound wamid; adding a message whose id exists is a no-op
};

// Ticket events the host delivers to subscribers, on a host worker thread, after the host's own
// transaction has committed. A subscriber that throws is logged; the event is not redelivered.
struct TicketEvent {
    enum class Kind { AgentMessage, Closed } kind = Kind::AgentMessage;
    long long ticketId = 0;
    std::string externalKey;  // the key the ticket was created with, empty for host-made tickets
    long long userId = 0;     // the agent, 0 for the system
    Poco::Timestamp at;
};

class Tickets {
public:
    virtual ~Tickets() = default;
    // Thread-safe. Throws std::invalid_argument for an unknown department or metadata id and
    // Poco::Exception on database errors.
    virtual long long create(const NewTicket& ticket) = 0;
    // Creates many in one transaction; same idempotency rule; returns ids in input order.
    virtual std::vector<long long> createMany(const std::vector<NewTicket>& tickets) = 0;
    // Closing a closed ticket is a no-op.
    virtual void close(long long ticketId) = 0;
    virtual void addMessage(long long ticketId, const TicketMessage& message) = 0;
    virtual std::optional<long long> findByExternalKey(const std::string& externalKey) = 0;

    using Subscriber = std::function<void(const TicketEvent&)>;
    // Called from Plugin::start(); the subscription ends when the plugin stops.
    virtual void subscribe(Subscriber subscriber) = 0;
};

} // namespace helpdesk
