#pragma once
#include <Poco/Timestamp.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace helpdesk {

enum class MessageDirection { Inbound, Outbound }; // customer -> helpdesk, helpdesk -> customer

struct NewTicket {
    // Idempotency key chosen by the plugin (e.g. "campaigns:entry:123"): creating a ticket with a key
    // that already exists returns the existing ticket id and changes nothing, so a plugin that
    // crashed between "create ticket" and "record ticket id" can safely call again. Keys are
    // compared byte for byte: "K1", "k1" and "k1 " are three tickets.
    std::string externalKey;
    std::optional<long long> departmentId;         // none = "Sin departamento"
    std::string contactPhone;                      // E.164 digits without '+'
    bool open = true;                              // false = created closed
    std::optional<Poco::Timestamp> closeDeadline;  // informational; the plugin closes it itself
    std::map<long long, std::string> metadata;     // metadata definition id -> value
    std::string firstMessage;                      // outbound message text, empty for none
    std::string firstMessageAuthor;                // e.g. "Campaña Black Friday"
    std::string subject;                           // the list's subject line, e.g. the campaign's name
    std::optional<Poco::Timestamp> firstMessageAt; // when it was sent; none = now (the ticket's creation)
};

struct TicketMessage {
    MessageDirection direction = MessageDirection::Inbound;
    std::string author;
    std::string text;
    Poco::Timestamp at;
    std::string externalId; // e.g. the inbound wamid; adding a message whose id exists is a no-op
};

// What a plugin may know of a ticket (2.0).
struct TicketState {
    long long id = 0;
    bool open = true;
    std::string externalKey; // empty for host-made tickets
    std::string contactPhone;
    std::optional<long long> departmentId;
};

// A plugin's block on the host's ticket page (2.0), for tickets whose external key starts with
// `externalKeyPrefix`. `html` runs on an HTTP worker thread when the page is rendered and returns
// trusted HTML (the plugin escapes what it puts in); an exception is logged and the page is shown
// without the block.
struct TicketPanel {
    std::string externalKeyPrefix;
    std::function<std::string(const TicketState& ticket, const std::string& locale)> html;
};

// Ticket events the host delivers to subscribers, on a host worker thread, after the host's own
// transaction has committed. A subscriber that throws is logged; the event is not redelivered.
struct TicketEvent {
    // Reopened (2.0): a customer's message (Tickets::addInbound) reopened a closed ticket.
    enum class Kind { AgentMessage, Closed, Reopened } kind = Kind::AgentMessage;
    long long ticketId = 0;
    std::string externalKey; // the key the ticket was created with, empty for host-made tickets
    long long userId = 0;    // the agent, 0 for the system
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

    // --- since 2.0 ---
    // The ticket as it is now; none when it does not exist (deleted or merged away in the host).
    virtual std::optional<TicketState> find(long long ticketId) = 0;
    // The most recently created open ticket whose contact is `phone` (E.164 digits), if any.
    virtual std::optional<long long> findOpenByPhone(const std::string& phone) = 0;
    // A customer's message, in one transaction with what it does to the ticket: a closed ticket is
    // reopened, with `reopenLine` (when not empty) as a visible system line before the message,
    // and the ticket is marked as waiting for an agent until an agent writes. Idempotent by
    // `message.externalId`: a repeat adds nothing and reopens nothing. Returns true when this call
    // reopened the ticket. Throws std::invalid_argument for an unknown ticket.
    virtual bool addInbound(long long ticketId, const TicketMessage& message, const std::string& reopenLine) = 0;
    // Called from Plugin::start(); the panel is removed when the plugin stops.
    virtual void addPanel(TicketPanel panel) = 0;

    using Subscriber = std::function<void(const TicketEvent&)>;
    // Called from Plugin::start(); the subscription ends when the plugin stops.
    virtual void subscribe(Subscriber subscriber) = 0;
};

} // namespace helpdesk
