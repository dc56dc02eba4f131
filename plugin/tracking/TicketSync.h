#pragma once
// Keeps the helpdesk's tickets in step with campaign entries through the host's Tickets service:
// one ticket per accepted entry (idempotent by external key "campaigns:entry:<id>", so a crash
// between creating a ticket and recording its id never makes a second one), every customer
// message on an open ticket (a closed one is reopened with a visible line; a message matched to no
// campaign goes to the number's open ticket or a new one in the account's department), and
// tickets of campaigns that expect a response closed at their deadline unless the customer
// replied first.
#include <helpdesk/Database.h>
#include <helpdesk/Tickets.h>

#include <Poco/Logger.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace campaigns::tracking {

std::string ticketKeyFor(long long entryId);
// The entry id of a ticket this module created, from its external key.
std::optional<long long> entryIdFromTicketKey(const std::string& externalKey);

class TicketSync {
public:
    // The ticket's first outbound message: the template text with the row's values.
    using FirstMessage = std::function<std::string(long long campaignId, const std::string& paramsJson)>;

    TicketSync(helpdesk::Database& db, helpdesk::Tickets& tickets, FirstMessage firstMessage, Poco::Logger& log);

    // Each returns how much it did; safe to run repeatedly and from several instances.
    std::size_t createTickets(std::size_t limit = 200);
    std::size_t deliverReplies(std::size_t limit = 200);
    std::size_t closeDue(std::size_t limit = 500);
    // One scheduled run. Tickets are created in batches until none are left (bounded in time so
    // other scheduled tasks get their turn): a run per second must keep pace with 1,000 accepted
    // messages per second.
    std::size_t runOnce(std::chrono::milliseconds budget = std::chrono::milliseconds(2000));
    // The host says an entry's ticket was closed (by an agent or the system).
    void ticketClosed(long long entryId);

    // The system line on a ticket that a customer's message reopened.
    static const std::string kReopenLine;

private:
    // The ticket for a message matched to no campaign entry: the one this number's messages went
    // to while it is open, else the number's open ticket in the helpdesk, else a new one.
    long long contactTicket(long long accountId, const std::string& phone);
    void rememberContactTicket(long long accountId, const std::string& phone, int episode, long long ticketId);

    helpdesk::Database& db_;
    helpdesk::Tickets& tickets_;
    FirstMessage firstMessage_;
    Poco::Logger& log_;
};

} // namespace campaigns::tracking
