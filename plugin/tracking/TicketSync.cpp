#include "TicketSync.h"

#include "Transaction.h"

#include "SqlDialect.h"

#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/NumberParser.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>
#include <Poco/Tuple.h>

using namespace Poco::Data::Keywords;

namespace campaigns::tracking {

namespace {
const std::string kPrefix = "campaigns:entry:";

Poco::Timestamp parseUtc(const std::string& text) {
    int tz = 0;
    return Poco::DateTimeParser::parse("%Y-%m-%d %H:%M:%S", text.substr(0, 19), tz).timestamp();
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

std::size_t TicketSync::createTickets(std::size_t limit) {
    using Row = Poco::Tuple<Poco::Int64, Poco::Int64, std::string, std::string, std::string, std::string, Poco::Int64,
                            int, int, std::string, int>;
    std::vector<Row> rows;
    {
        auto s = db_.session();
        Poco::UInt32 n = static_cast<Poco::UInt32>(limit);
        s << "SELECT e.id, e.campaign_id, e.phone, e.params_json, e.metadata_json, " +
                 storage::timeAsText(db_.dialect(), "e.accepted_at") + ","
             " COALESCE(c.department_id, 0), c.expects_response, c.wait_hours, c.name, e.progress"
             " FROM campaigns_entries e" +
                 // Entries first, in index order, so LIMIT stops early: MariaDB otherwise started from
                 // the campaigns and sorted every waiting entry (60 ms a batch at 1,000 msg/s).
                 std::string(db_.dialect() == helpdesk::Dialect::MySQL
                                 ? " FORCE INDEX (ix_campaigns_entries_ticket_state) STRAIGHT_JOIN"
                                 : " CROSS JOIN") +
                 " campaigns_campaigns c ON c.id = e.campaign_id"
             " WHERE e.ticket_id IS NULL AND e.state = 'accepted' ORDER BY e.id LIMIT ?",
            use(n), into(rows), now;
    }
    if (rows.empty()) return 0;
    std::vector<helpdesk::NewTicket> batch;
    std::vector<std::string> deadlines;
    std::vector<int> closed;
    const Poco::Timestamp current;
    for (const auto& r : rows) {
        helpdesk::NewTicket t;
        t.externalKey = ticketKeyFor(r.get<0>());
        if (r.get<6>() > 0) t.departmentId = r.get<6>();
        t.contactPhone = r.get<2>();
        const Poco::Timestamp accepted = parseUtc(r.get<5>());
        const bool expects = r.get<7>() != 0;
        const Poco::Timestamp deadline = accepted + Poco::Timespan(r.get<8>() * Poco::Timespan::HOURS);
        // No response expected: born closed. Expected: open until the deadline, or for good once
        // the customer replied (progress 4+).
        t.open = expects && (deadline > current || r.get<10>() >= 4);
        if (expects) t.closeDeadline = deadline;
        t.metadata = metadataFrom(r.get<4>());
        t.firstMessage = firstMessage_(r.get<1>(), r.get<3>());
        t.firstMessageAuthor = "Campaña " + r.get<9>();
        batch.push_back(std::move(t));
        deadlines.push_back(expects ? storage::utcText(deadline) : std::string());
        closed.push_back(batch.back().open ? 0 : 1);
    }
    auto ids = tickets_.createMany(batch);
    auto s = db_.session();
    storage::SqlTransaction tx(s, db_.dialect());
    try {
        // One statement re-executed per row (a new one is prepared on the server each time).
        Poco::Int64 ticket = 0, entry = 0;
        int isClosed = 0;
        Poco::Nullable<std::string> deadline;
        Poco::Data::Statement update(s);
        update << "UPDATE campaigns_entries SET ticket_id = ?, ticket_deadline = COALESCE(?, ticket_deadline), ticket_closed = ?"
                  " WHERE id = ? AND ticket_id IS NULL",
            use(ticket), use(deadline), use(isClosed), use(entry);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            ticket = ids[i];
            entry = rows[i].get<0>();
            isClosed = closed[i];
            deadline = deadlines[i].empty() ? Poco::Nullable<std::string>() : Poco::Nullable<std::string>(deadlines[i]);
            update.execute();
        }
        tx.commit();
    } catch (...) {
        tx.rollback();
        throw;
    }
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

std::size_t TicketSync::deliverReplies(std::size_t limit) {
    using Row = Poco::Tuple<Poco::Int64, Poco::Int64, std::string, std::string, std::string, std::string>;
    std::vector<Row> rows;
    {
        auto s = db_.session();
        Poco::UInt32 n = static_cast<Poco::UInt32>(limit);
        s << "SELECT m.id, e.ticket_id, m.wamid, m.author, m.body, " + storage::timeAsText(db_.dialect(), "m.received_at") +
                 " FROM campaigns_inbound_messages m"
             " JOIN campaigns_entries e ON e.id = m.entry_id WHERE m.delivered = 0 AND e.ticket_id IS NOT NULL"
             " ORDER BY m.id LIMIT ?",
            use(n), into(rows), now;
    }
    for (const auto& r : rows) {
        helpdesk::TicketMessage m;
        m.direction = helpdesk::MessageDirection::Inbound;
        m.author = r.get<3>();
        m.text = r.get<4>();
        m.at = parseUtc(r.get<5>());
        m.externalId = r.get<2>(); // the host ignores a second add with the same id
        tickets_.addMessage(r.get<1>(), m);
        auto s = db_.session();
        Poco::Int64 id = r.get<0>();
        s << "UPDATE campaigns_inbound_messages SET delivered = 1 WHERE id = ?", use(id), now;
    }
    return rows.size();
}

std::size_t TicketSync::closeDue(std::size_t limit) {
    using Row = Poco::Tuple<Poco::Int64, Poco::Int64>;
    std::vector<Row> rows;
    {
        auto s = db_.session();
        Poco::UInt32 n = static_cast<Poco::UInt32>(limit);
        std::string current = storage::utcNowText();
        s << "SELECT id, ticket_id FROM campaigns_entries WHERE ticket_closed = 0 AND ticket_deadline <= ?"
             " AND ticket_id IS NOT NULL AND progress < 4 ORDER BY ticket_deadline LIMIT ?",
            use(current), use(n), into(rows), now;
    }
    for (const auto& r : rows) {
        tickets_.close(r.get<1>());
        auto s = db_.session();
        Poco::Int64 id = r.get<0>();
        s << "UPDATE campaigns_entries SET ticket_closed = 1 WHERE id = ?", use(id), now;
    }
    if (!rows.empty()) log_.information("campaigns: closed %z tickets whose response deadline passed", rows.size());
    return rows.size();
}

} // namespace campaigns::tracking
