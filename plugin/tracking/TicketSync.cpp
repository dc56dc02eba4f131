#include "tracking/TicketSync.h"

#include "storage/Transaction.h"

#include "campaign/CampaignState.h"
#include "counters/CounterBook.h"
#include "storage/IdList.h"
#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"

#include <Poco/Data/DataException.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Nullable.h>
#include <Poco/NumberParser.h>

#include <set>
#include <stdexcept>

using namespace Poco::Data::Keywords;

namespace campaigns::tracking {
namespace {
// An accepted entry without a ticket, with what its ticket needs (awaitingTicketSelect()).
struct AwaitingTicket {
    Poco::Int64 entryId = 0, campaignId = 0;
    std::string phone, paramsJson, metadataJson, acceptedAt;
    Poco::Int64 departmentId = 0; // the campaign's, 0: none
    int expectsResponse = 0, waitHours = 0;
    std::string campaignName;
    int progress = 0;
};
// A customer message waiting for its ticket, with what routing it needs (kPendingMessages).
struct PendingMessage {
    // WhatsApp stamps messages in whole seconds: an answer in the second its campaign message was
    // accepted would sort before it on the ticket. An answer never precedes what it answers.
    Poco::Timestamp shownAt() const;

    Poco::Int64 id = 0;
    Poco::Int64 entryId = 0;     // 0: matched to no campaign entry
    Poco::Int64 entryTicket = 0; // the entry's ticket, 0 when unmatched
    Poco::Int64 accountId = 0;   // the number's account (0: none of ours)
    std::string phone;           // the sender; the entry's phone for matched ones
    std::string wamid, author, body;
    std::string entryAcceptedAt; // "YYYY-MM-DD HH:MM:SS.mmm", empty when unmatched
    std::string receivedAt;
};
// A number's ticket episode (kContactTicket).
struct ContactTicket {
    int episode = 0;
    Poco::Int64 ticketId = 0;
};
// An entry whose response deadline passed with its ticket still open (kDueTickets).
struct DueTicket {
    Poco::Int64 entryId = 0;
    Poco::Int64 ticketId = 0;
};
} // namespace
} // namespace campaigns::tracking

template <>
class Poco::Data::TypeHandler<campaigns::tracking::AwaitingTicket>
    : public campaigns::storage::RowHandler<
          campaigns::tracking::AwaitingTicket, &campaigns::tracking::AwaitingTicket::entryId,
          &campaigns::tracking::AwaitingTicket::campaignId, &campaigns::tracking::AwaitingTicket::phone,
          &campaigns::tracking::AwaitingTicket::paramsJson, &campaigns::tracking::AwaitingTicket::metadataJson,
          &campaigns::tracking::AwaitingTicket::acceptedAt, &campaigns::tracking::AwaitingTicket::departmentId,
          &campaigns::tracking::AwaitingTicket::expectsResponse, &campaigns::tracking::AwaitingTicket::waitHours,
          &campaigns::tracking::AwaitingTicket::campaignName, &campaigns::tracking::AwaitingTicket::progress> {};
template <>
class Poco::Data::TypeHandler<campaigns::tracking::PendingMessage>
    : public campaigns::storage::RowHandler<
          campaigns::tracking::PendingMessage, &campaigns::tracking::PendingMessage::id,
          &campaigns::tracking::PendingMessage::entryId, &campaigns::tracking::PendingMessage::entryTicket,
          &campaigns::tracking::PendingMessage::accountId, &campaigns::tracking::PendingMessage::phone,
          &campaigns::tracking::PendingMessage::wamid, &campaigns::tracking::PendingMessage::author,
          &campaigns::tracking::PendingMessage::body, &campaigns::tracking::PendingMessage::entryAcceptedAt,
          &campaigns::tracking::PendingMessage::receivedAt> {};
template <>
class Poco::Data::TypeHandler<campaigns::tracking::ContactTicket>
    : public campaigns::storage::RowHandler<campaigns::tracking::ContactTicket, &campaigns::tracking::ContactTicket::episode,
                                            &campaigns::tracking::ContactTicket::ticketId> {};
template <>
class Poco::Data::TypeHandler<campaigns::tracking::DueTicket>
    : public campaigns::storage::RowHandler<campaigns::tracking::DueTicket, &campaigns::tracking::DueTicket::entryId,
                                            &campaigns::tracking::DueTicket::ticketId> {};

namespace campaigns::tracking {

namespace {
const std::string kPrefix = "campaigns:entry:";
const char* const kTicketClosed = "UPDATE campaigns_entries SET ticket_closed = 1 WHERE id = ? AND ticket_closed = 0";
// Only a ticket with a response deadline counts in n_open_tickets.
const char* const kCountedTicketCampaign =
    "SELECT campaign_id FROM campaigns_entries WHERE id = ? AND ticket_deadline IS NOT NULL";
// Tickets of entries whose customer has not replied are closed at their deadline.
const std::string kDueTickets =
    "SELECT id, ticket_id FROM campaigns_entries WHERE ticket_closed = 0 AND ticket_deadline <= ?"
    " AND ticket_id IS NOT NULL AND progress < " +
    std::to_string(static_cast<int>(campaign::Progress::Replied)) + " ORDER BY ticket_deadline LIMIT ?";
const char* const kUpdateContactTicket =
    "UPDATE campaigns_contact_tickets SET episode = ?, ticket_id = ?, updated_at = ? WHERE account_id = ? AND phone = ?"
    " AND episode <= ?";
const char* const kInsertContactTicket =
    " campaigns_contact_tickets (account_id, phone, episode, ticket_id, updated_at) VALUES (?, ?, ?, ?, ?)";

// Moves n_open_tickets of the entry's campaign by `delta` when its ticket has a deadline; in the
// caller's transaction, right after the change of the entry's ticket_closed.
void bookOpenTicket(Poco::Data::Session& s, helpdesk::Dialect dialect, Poco::Int64 entryId, int delta) {
    std::vector<Poco::Int64> campaigns;
    s << kCountedTicketCampaign, use(entryId), into(campaigns), now;
    if (campaigns.empty()) return;
    counters::CounterDelta change;
    change.openTickets = delta;
    counters::CounterBook book;
    book.add(campaigns.front(), "", change);
    book.flush(s, dialect);
}

Poco::Timestamp parseUtc(const std::string& text) {
    int tz = 0;
    return Poco::DateTimeParser::parse("%Y-%m-%d %H:%M:%S", text.substr(0, 19), tz).timestamp();
}

Poco::Timestamp parseUtcMillis(const std::string& text) {
    if (text.size() < 23) return parseUtc(text);
    int tz = 0;
    return Poco::DateTimeParser::parse("%Y-%m-%d %H:%M:%S.%i", text.substr(0, 23), tz).timestamp();
}

std::map<long long, std::string> metadataFrom(const std::string& json) {
    std::map<long long, std::string> out;
    if (json.empty() || json == "{}" || json == "[]") return out;
    Poco::JSON::Parser parser;
    auto parsed = parser.parse(json);
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) return out;
    auto obj = parsed.extract<Poco::JSON::Object::Ptr>();
    for (const auto& key : obj->getNames()) {
        Poco::Int64 id = 0;
        if (Poco::NumberParser::tryParse64(key, id)) out[id] = obj->getValue<std::string>(key);
    }
    return out;
}
} // namespace

std::string ticketKeyFor(long long entryId) { return kPrefix + std::to_string(entryId); }

std::optional<long long> entryIdFromTicketKey(const std::string& key) {
    if (key.rfind(kPrefix, 0) != 0) return std::nullopt;
    Poco::Int64 id = 0;
    if (!Poco::NumberParser::tryParse64(key.substr(kPrefix.size()), id) || id <= 0) return std::nullopt;
    return id;
}

TicketSync::TicketSync(helpdesk::Database& db, helpdesk::Tickets& tickets, FirstMessage firstMessage, Poco::Logger& log)
    : db_(db), tickets_(tickets), firstMessage_(std::move(firstMessage)), log_(log) {}

namespace {

// Accepted entries without a ticket yet, oldest first, with what their ticket needs. The batch is
// chosen from the entries alone (index order on (ticket_id, state), so LIMIT stops after it) and
// only then joined to its campaigns: joined first, MariaDB read every waiting entry through a join
// buffer and sorted them all, 4.6-6.8 s a batch behind a 1,000,000-entry send (TicketBacklogTest).
std::string awaitingTicketSelect(helpdesk::Dialect dialect) {
    return "SELECT e.id, e.campaign_id, e.phone, e.params_json, e.metadata_json, " +
           storage::timeAsText(dialect, "e.accepted_at") +
           ", COALESCE(c.department_id, 0), c.expects_response, c.wait_hours, c.name, e.progress"
           " FROM (SELECT id, campaign_id, phone, params_json, metadata_json, accepted_at, progress"
           " FROM campaigns_entries" +
           std::string(dialect == helpdesk::Dialect::MySQL ? " FORCE INDEX (ix_campaigns_entries_ticket_state)" : "") +
           " WHERE ticket_id IS NULL AND state = 'accepted' ORDER BY id LIMIT ?) e"
           " JOIN campaigns_campaigns c ON c.id = e.campaign_id ORDER BY e.id";
}

std::vector<AwaitingTicket> readAwaitingTicket(helpdesk::Database& db, std::size_t limit) {
    std::vector<AwaitingTicket> rows;
    auto s = db.session();
    Poco::UInt32 n = static_cast<Poco::UInt32>(limit);
    s << awaitingTicketSelect(db.dialect()), use(n), into(rows), now;
    return rows;
}

helpdesk::NewTicket ticketFor(const AwaitingTicket& r, const Poco::Timestamp& current,
                              const TicketSync::FirstMessage& firstMessage) {
    helpdesk::NewTicket t;
    t.externalKey = ticketKeyFor(r.entryId);
    if (r.departmentId > 0) t.departmentId = r.departmentId;
    t.contactPhone = r.phone;
    const Poco::Timestamp accepted = parseUtc(r.acceptedAt);
    const bool expects = r.expectsResponse != 0;
    const Poco::Timestamp deadline = accepted + Poco::Timespan(r.waitHours * Poco::Timespan::HOURS);
    // No response expected: born closed. Expected: open until the deadline, or for good once
    // the customer replied.
    t.open = expects && (deadline > current || r.progress >= campaign::Progress::Replied);
    if (expects) t.closeDeadline = deadline;
    t.metadata = metadataFrom(r.metadataJson);
    t.firstMessage = firstMessage(r.campaignId, r.paramsJson);
    t.firstMessageAuthor = "Campaña " + r.campaignName;
    t.firstMessageAt = accepted;
    t.subject = r.campaignName;
    return t;
}

} // namespace

namespace {

// The entries of `rows` get their tickets with one multi-row UPDATE per chunk: one execution per
// entry was a statement a sent message (tests/bench/cost-per-message).
constexpr std::size_t kStoreChunk = 200;

// The UPDATE of one chunk: CASE id WHEN ? THEN ? ... per column, ticket_deadline only for the
// entries whose ticket has one.
std::string storeTicketsSql(std::size_t n, std::size_t withDeadline) {
    const auto cases = [](std::size_t k) {
        std::string out;
        for (std::size_t i = 0; i < k; ++i) out += " WHEN ? THEN ?";
        return out;
    };
    std::string sql =
        "UPDATE campaigns_entries SET ticket_id = CASE id" + cases(n) + " END, ticket_closed = CASE id" + cases(n) + " END";
    if (withDeadline > 0) sql += ", ticket_deadline = CASE id" + cases(withDeadline) + " ELSE ticket_deadline END";
    // By id alone (the rows are locked and still without a ticket): a "ticket_id IS NULL" here could
    // lead MariaDB to the (ticket_id, state) index, every queued entry of the campaign.
    return sql + " WHERE id IN (" + storage::placeholders(n) + ")";
}

// Stores each entry's ticket (ids[i] for rows[i]) with the open-ticket counters it moves, in one
// transaction.
void storeTickets(helpdesk::Database& db, const std::vector<AwaitingTicket>& rows,
                  const std::vector<helpdesk::NewTicket>& tickets, const std::vector<long long>& ids) {
    auto s = db.session();
    storage::SqlTransaction tx(s, db.dialect());
    std::vector<Poco::Int64> entryIds;
    entryIds.reserve(rows.size());
    for (const auto& r : rows) entryIds.push_back(r.entryId);
    // Locks the entries (by primary key) and keeps those still without a ticket (another instance may
    // have stored some first): exactly these change below, so the open-ticket counters move for them only.
    const auto waiting = storage::selectForIds<Poco::Int64>(
        s, "SELECT CASE WHEN ticket_id IS NULL THEN id ELSE 0 END FROM campaigns_entries WHERE id IN ", entryIds,
        std::string(" ORDER BY id") + storage::forUpdate(db.dialect()));
    const std::set<Poco::Int64> still(waiting.begin(), waiting.end());
    std::vector<std::size_t> store;
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (still.count(rows[i].entryId)) store.push_back(i);
    counters::CounterBook opened; // tickets born open with a deadline, per campaign
    for (std::size_t from = 0; from < store.size(); from += kStoreChunk) {
        const std::size_t to = std::min(store.size(), from + kStoreChunk);
        // Complete before the statement binds references to them.
        std::vector<Poco::Int64> entry, ticket, deadlineEntry;
        std::vector<int> closed;
        std::vector<std::string> deadline;
        for (std::size_t k = from; k < to; ++k) {
            const std::size_t i = store[k];
            entry.push_back(rows[i].entryId);
            ticket.push_back(ids[i]);
            closed.push_back(tickets[i].open ? 0 : 1);
            if (tickets[i].closeDeadline) {
                deadlineEntry.push_back(rows[i].entryId);
                deadline.push_back(storage::utcText(*tickets[i].closeDeadline));
            }
            if (tickets[i].open && tickets[i].closeDeadline) {
                counters::CounterDelta one;
                one.openTickets = 1;
                opened.add(rows[i].campaignId, "", one);
            }
        }
        Poco::Data::Statement update(s);
        update << storeTicketsSql(entry.size(), deadlineEntry.size());
        for (std::size_t k = 0; k < entry.size(); ++k) update, use(entry[k]), use(ticket[k]);
        for (std::size_t k = 0; k < entry.size(); ++k) update, use(entry[k]), use(closed[k]);
        for (std::size_t k = 0; k < deadlineEntry.size(); ++k) update, use(deadlineEntry[k]), use(deadline[k]);
        for (auto& id : entry) update, use(id);
        const std::size_t changed = update.execute();
        // The rows are locked (MySQL) or the writer is alone (SQLite): this cannot differ.
        if (changed != entry.size())
            throw Poco::Data::DataException("stored " + std::to_string(changed) + " of " + std::to_string(entry.size()) +
                                            " locked entries' tickets");
    }
    opened.flush(s, db.dialect());
    tx.commit();
}

} // namespace

std::size_t TicketSync::createTickets(std::size_t limit) {
    const std::vector<AwaitingTicket> rows = readAwaitingTicket(db_, limit);
    if (rows.empty()) return 0;
    std::vector<helpdesk::NewTicket> batch;
    const Poco::Timestamp current;
    for (const auto& r : rows) batch.push_back(ticketFor(r, current, firstMessage_));
    const auto ids = tickets_.createMany(batch);
    storeTickets(db_, rows, batch, ids);
    return rows.size();
}

std::size_t TicketSync::runOnce(std::chrono::milliseconds budget) {
    constexpr std::size_t batch = 500;
    const auto deadline = std::chrono::steady_clock::now() + budget;
    std::size_t done = 0;
    for (;;) {
        const std::size_t n = createTickets(batch);
        done += n;
        if (n < batch || std::chrono::steady_clock::now() >= deadline) break;
    }
    return done + deliverReplies() + closeDue();
}

namespace {

Poco::Timestamp PendingMessage::shownAt() const {
    const Poco::Timestamp at = parseUtc(receivedAt);
    if (entryAcceptedAt.empty()) return at;
    const Poco::Timestamp sent = parseUtcMillis(entryAcceptedAt);
    return at < sent ? sent : at;
}

// Matched messages wait until their entry has a ticket; unmatched ones go at once. Oldest
// WhatsApp timestamp first, so one customer's messages land in the order they were written.
const std::string kPendingMessages =
    "SELECT m.id, COALESCE(m.entry_id, 0), COALESCE(e.ticket_id, 0), m.account_id,"
    " CASE WHEN e.id IS NULL THEN m.phone ELSE e.phone END, m.wamid, m.author, m.body, COALESCE(";
const std::string kPendingFrom =
    " FROM campaigns_inbound_messages m LEFT JOIN campaigns_entries e ON e.id = m.entry_id"
    " WHERE m.delivered = 0 AND (m.entry_id IS NULL OR e.ticket_id IS NOT NULL)"
    " ORDER BY m.received_at, m.id LIMIT ?";
const std::string kMarkDelivered = "UPDATE campaigns_inbound_messages SET delivered = 1, ticket_id = ? WHERE id = ?";
const std::string kTicketReopened = "UPDATE campaigns_entries SET ticket_closed = 0 WHERE id = ? AND ticket_closed = 1";
const std::string kContactTicket =
    "SELECT episode, COALESCE(ticket_id, 0) FROM campaigns_contact_tickets WHERE account_id = ? AND phone = ?";
const std::string kInboundDepartment = "SELECT COALESCE(inbound_department_id, 0) FROM campaigns_accounts WHERE id = ?";

std::vector<PendingMessage> readPending(helpdesk::Database& db, std::size_t limit) {
    std::vector<PendingMessage> out;
    auto s = db.session();
    Poco::UInt32 n = static_cast<Poco::UInt32>(limit);
    s << kPendingMessages + storage::timeAsMillisText(db.dialect(), "e.accepted_at") + ", ''), " +
             storage::timeAsText(db.dialect(), "m.received_at") + kPendingFrom,
        use(n), into(out), now;
    return out;
}

} // namespace

const std::string TicketSync::kReopenLine = "Reabierto por respuesta del cliente";

std::size_t TicketSync::deliverReplies(std::size_t limit) {
    const auto pending = readPending(db_, limit);
    for (const auto& m : pending) {
        helpdesk::TicketMessage message;
        message.direction = helpdesk::MessageDirection::Inbound;
        message.author = m.author;
        message.text = m.body;
        message.at = m.shownAt();
        message.externalId = m.wamid; // the host adds it once, however often this runs
        long long ticket = 0;
        if (m.entryTicket > 0) {
            if (tickets_.find(m.entryTicket)) {
                ticket = m.entryTicket;
            } else {
                log_.warning(
                    "campaigns: ticket %s of entry %s no longer exists in the helpdesk; the customer's message"
                    " goes to the number's open ticket or a new one",
                    std::to_string(m.entryTicket), std::to_string(m.entryId));
            }
        }
        if (ticket == 0) ticket = contactTicket(m.accountId, m.phone);
        const bool reopened = tickets_.addInbound(ticket, message, kReopenLine);
        auto s = db_.session();
        storage::SqlTransaction tx(s, db_.dialect());
        try {
            Poco::Int64 id = m.id, t = ticket, entry = m.entryId;
            s << kMarkDelivered, use(t), use(id), now;
            if (reopened && ticket == m.entryTicket) {
                Poco::Data::Statement reopen(s);
                reopen << kTicketReopened, use(entry);
                if (reopen.execute() > 0) bookOpenTicket(s, db_.dialect(), entry, +1);
            }
            tx.commit();
        } catch (...) {
            tx.rollback();
            throw;
        }
        if (reopened)
            log_.information("campaigns: ticket %s reopened by a customer's message (entry %s, account %s)",
                             std::to_string(ticket), std::to_string(m.entryId), std::to_string(m.accountId));
    }
    return pending.size();
}

long long TicketSync::contactTicket(long long accountId, const std::string& phone) {
    Poco::Int64 account = accountId;
    std::string number = phone;
    int episode = 0;
    Poco::Int64 known = 0;
    {
        auto s = db_.session();
        std::vector<ContactTicket> rows;
        s << kContactTicket, use(account), use(number), into(rows), now;
        if (!rows.empty()) {
            episode = rows.front().episode;
            known = rows.front().ticketId;
        }
    }
    if (known > 0) {
        if (auto t = tickets_.find(known); t && t->open) return known;
    }
    long long ticket = 0;
    if (auto open = phone.empty() ? std::nullopt : tickets_.findOpenByPhone(phone)) {
        ticket = *open;
    } else {
        helpdesk::NewTicket t;
        // Keyed by the next episode: another instance opening it now gets this same ticket.
        t.externalKey = "campaigns:contact:" + std::to_string(accountId) + ":" + phone + ":" + std::to_string(episode + 1);
        t.contactPhone = phone;
        t.open = true;
        t.subject = "WhatsApp";
        Poco::Int64 department = 0;
        {
            auto s = db_.session();
            std::vector<Poco::Int64> found;
            s << kInboundDepartment, use(account), into(found), now;
            if (!found.empty()) department = found.front();
        }
        if (department > 0) t.departmentId = department;
        try {
            ticket = tickets_.create(t);
        } catch (const std::invalid_argument& e) {
            // The account's department was removed from the helpdesk: the message still gets a ticket.
            log_.warning(
                "campaigns: account %s: inbound department %s refused by the helpdesk (%s); ticket opened without"
                " department",
                std::to_string(accountId), std::to_string(department), std::string(e.what()));
            t.departmentId.reset();
            ticket = tickets_.create(t);
        }
        ++episode;
    }
    rememberContactTicket(accountId, phone, episode, ticket);
    return ticket;
}

void TicketSync::rememberContactTicket(long long accountId, const std::string& phone, int episode, long long ticketId) {
    auto s = db_.session();
    Poco::Int64 account = accountId, ticket = ticketId;
    std::string number = phone, at = storage::utcNowText();
    int ep = episode;
    storage::SqlTransaction tx(s, db_.dialect());
    try {
        Poco::Data::Statement update(s);
        update << kUpdateContactTicket, use(ep), use(ticket), use(at), use(account), use(number), use(ep);
        if (update.execute() == 0)
            s << std::string(storage::insertIgnore(db_.dialect())) + kInsertContactTicket, use(account), use(number), use(ep),
                use(ticket), use(at), now;
        tx.commit();
    } catch (...) {
        tx.rollback();
        throw;
    }
}

void TicketSync::ticketClosed(long long entryId) {
    auto s = db_.session();
    Poco::Int64 id = entryId;
    storage::SqlTransaction tx(s, db_.dialect());
    try {
        Poco::Data::Statement close(s);
        close << kTicketClosed, use(id);
        if (close.execute() > 0) bookOpenTicket(s, db_.dialect(), id, -1);
        tx.commit();
    } catch (...) {
        tx.rollback();
        throw;
    }
}

std::size_t TicketSync::closeDue(std::size_t limit) {
    std::vector<DueTicket> rows;
    {
        auto s = db_.session();
        Poco::UInt32 n = static_cast<Poco::UInt32>(limit);
        std::string current = storage::utcNowText();
        s << kDueTickets, use(current), use(n), into(rows), now;
    }
    for (const auto& r : rows) {
        try {
            tickets_.close(r.ticketId);
        } catch (const std::invalid_argument& e) {
            // Deleted or merged away in the helpdesk: nothing to close, and it must not be tried
            // again every second ahead of the others.
            log_.warning("campaigns: ticket %s of entry %s could not be closed at its deadline: %s", std::to_string(r.ticketId),
                         std::to_string(r.entryId), std::string(e.what()));
        }
        ticketClosed(r.entryId);
    }
    if (!rows.empty()) log_.information("campaigns: closed %z tickets whose response deadline passed", rows.size());
    return rows.size();
}

} // namespace campaigns::tracking
