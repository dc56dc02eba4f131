#include "TicketService.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Nullable.h>
#include <Poco/String.h>
#include <Poco/UnicodeConverter.h>

#include <map>
#include <set>
#include <stdexcept>

using namespace Poco::Data::Keywords;

namespace refhost {
namespace {

std::optional<long long> findKey(Poco::Data::Session& s, const std::string& externalKey) {
    std::string key = externalKey;
    std::vector<Poco::Int64> ids;
    s << "SELECT id FROM tickets WHERE external_key = ?", use(key), into(ids), now;
    if (ids.empty()) return std::nullopt;
    return ids.front();
}

constexpr std::size_t kMaxSubjectChars = 255; // tickets.subject is VARCHAR(255) on MySQL
constexpr const char* kSystemAuthor = "Sistema";

// One message as its ticket_messages row is written (the bound values of its INSERT).
struct MessageRow {
    explicit MessageRow(const helpdesk::TicketMessage& m)
        : direction(m.direction == helpdesk::MessageDirection::Inbound ? "in" : "out"),
          author(m.author),
          text(m.text),
          at(m.at.epochMicroseconds() / 1000) {
        if (!m.externalId.empty()) externalId = m.externalId;
    }
    std::string direction, author, text;
    Poco::Int64 at = 0;
    Poco::Nullable<std::string> externalId;
};

// A message whose external id is stored already: a redelivered webhook, for instance.
bool alreadyStored(Poco::Data::Session& s, const MessageRow& row) {
    if (row.externalId.isNull()) return false;
    std::string ext = row.externalId.value();
    std::vector<Poco::Int64> existing;
    s << "SELECT id FROM ticket_messages WHERE external_id = ?", use(ext), into(existing), now;
    return !existing.empty();
}

void insertMessage(Poco::Data::Session& s, Poco::Int64 ticketId, MessageRow& row) {
    s << "INSERT INTO ticket_messages (ticket_id, direction, author, text, created_at, external_id) VALUES (?, ?, ?, ?, ?, ?)",
        use(ticketId), use(row.direction), use(row.author), use(row.text), use(row.at), use(row.externalId), now;
}

std::size_t utf8Length(const std::string& text) {
    Poco::UTF32String codePoints;
    Poco::UnicodeConverter::convert(text, codePoints);
    return codePoints.size();
}

template <typename T>
Poco::Nullable<T> nullable(const std::optional<T>& v) {
    return v ? Poco::Nullable<T>(*v) : Poco::Nullable<T>();
}

template <typename T>
std::optional<long long> opt(const Poco::Nullable<T>& v) {
    return v.isNull() ? std::nullopt : std::optional<long long>(v.value());
}

} // namespace

void TicketService::validate(const helpdesk::NewTicket& ticket) {
    if (ticket.departmentId && !directory_.department(*ticket.departmentId)) {
        throw std::invalid_argument("unknown department id " + std::to_string(*ticket.departmentId));
    }
    if (ticket.externalKey.size() > 190) throw std::invalid_argument("external key longer than 190 characters");
    if (utf8Length(ticket.subject) > kMaxSubjectChars) {
        throw std::invalid_argument("subject longer than " + std::to_string(kMaxSubjectChars) + " characters");
    }
    if (ticket.metadata.empty()) return;
    std::set<long long> known;
    for (const auto& d : directory_.metadata()) known.insert(d.id);
    for (const auto& [id, value] : ticket.metadata) {
        if (!known.count(id)) throw std::invalid_argument("unknown metadata id " + std::to_string(id));
    }
}

long long TicketService::insertOne(Poco::Data::Session& s, const helpdesk::NewTicket& t) {
    if (!t.externalKey.empty()) {
        if (auto existing = findKey(s, t.externalKey)) return *existing;
    }
    Poco::Nullable<Poco::Int64> department;
    if (t.departmentId) department = static_cast<Poco::Int64>(*t.departmentId);
    std::string phone = t.contactPhone;
    std::string status = t.open ? "open" : "closed";
    Poco::Nullable<Poco::Int64> deadline;
    if (t.closeDeadline) deadline = t.closeDeadline->epochMicroseconds() / 1000;
    Poco::Nullable<std::string> key;
    if (!t.externalKey.empty()) key = t.externalKey;
    std::string subject = t.subject;
    Poco::Int64 at = nowMillis();
    Poco::Nullable<Poco::Int64> closedAt;
    if (!t.open) closedAt = at;
    s << "INSERT INTO tickets (department_id, contact_phone, status, close_deadline, external_key, created_at, closed_at, "
         "subject) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        use(department), use(phone), use(status), use(deadline), use(key), use(at), use(closedAt), use(subject), now;
    Poco::Int64 id = db_.lastInsertId(s);
    for (const auto& [metadataId, value] : t.metadata) {
        Poco::Int64 mid = metadataId;
        std::string v = value;
        s << "INSERT INTO ticket_metadata_values (ticket_id, metadata_id, value) VALUES (?, ?, ?)", use(id), use(mid), use(v),
            now;
    }
    if (!t.firstMessage.empty()) {
        std::string direction = "out";
        std::string author = t.firstMessageAuthor;
        std::string text = t.firstMessage;
        // A message sent before its ticket was made shows at its own time, ahead of any answer.
        Poco::Int64 sentAt = t.firstMessageAt ? t.firstMessageAt->epochMicroseconds() / 1000 : at;
        s << "INSERT INTO ticket_messages (ticket_id, direction, author, text, created_at) VALUES (?, ?, ?, ?, ?)", use(id),
            use(direction), use(author), use(text), use(sentAt), now;
    }
    return id;
}

long long TicketService::create(const helpdesk::NewTicket& ticket) { return createMany({ticket}).front(); }

namespace {

// Tickets are written a chunk at a time: a plugin creates hundreds at once (one per accepted
// campaign message, up to 1,000 a second), and four statements per ticket were a third of what a
// sent message cost the database (tests/bench/cost-per-message).
constexpr std::size_t kChunk = 200;

std::string rowsOf(std::size_t rows, const std::string& row) {
    std::string out;
    for (std::size_t i = 0; i < rows; ++i) out += (i ? "," : "") + row;
    return out;
}

// The ids of the tickets stored under `keys`.
std::map<std::string, long long> idsByKey(Poco::Data::Session& s, std::vector<std::string> keys) {
    std::map<std::string, long long> found;
    if (keys.empty()) return found;
    std::vector<Poco::Int64> ids;
    std::vector<std::string> stored;
    Poco::Data::Statement st(s);
    st << "SELECT id, external_key FROM tickets WHERE external_key IN (" + rowsOf(keys.size(), "?") + ")";
    for (auto& k : keys) st, use(k);
    st, into(ids), into(stored);
    st.execute();
    for (std::size_t i = 0; i < ids.size(); ++i) found[stored[i]] = ids[i];
    return found;
}

// The bound values of one tickets row.
struct TicketRow {
    Poco::Nullable<Poco::Int64> department, deadline, closedAt;
    std::string phone, status, subject, key;
    Poco::Int64 at = 0;
};

struct FirstMessageRow {
    Poco::Int64 ticket = 0, at = 0;
    std::string author, text;
};

struct MetadataRow {
    Poco::Int64 ticket = 0, metadataId = 0;
    std::string value;
};

// One multi-row INSERT of `rows` (at most kChunk).
void insertTicketRows(Poco::Data::Session& s, std::vector<TicketRow>& rows) {
    Poco::Data::Statement insert(s);
    insert << "INSERT INTO tickets (department_id, contact_phone, status, close_deadline, external_key, created_at,"
              " closed_at, subject) VALUES " +
                  rowsOf(rows.size(), "(?, ?, ?, ?, ?, ?, ?, ?)");
    for (auto& r : rows)
        insert, use(r.department), use(r.phone), use(r.status), use(r.deadline), use(r.key), use(r.at), use(r.closedAt),
            use(r.subject);
    insert.execute();
}

// The first messages and metadata of the tickets just inserted (tickets[i] for i in `fresh`, their
// ids in `known` by key), one multi-row INSERT each.
void insertFirstMessagesAndMetadata(Poco::Data::Session& s, const std::vector<helpdesk::NewTicket>& tickets,
                                    const std::vector<std::size_t>& fresh, const std::map<std::string, long long>& known,
                                    Poco::Int64 at) {
    std::vector<FirstMessageRow> messages;
    std::vector<MetadataRow> metadata;
    for (std::size_t i : fresh) {
        const auto& t = tickets[i];
        const Poco::Int64 ticket = known.at(t.externalKey);
        // A message sent before its ticket was made shows at its own time, ahead of any answer.
        if (!t.firstMessage.empty())
            messages.push_back({ticket, t.firstMessageAt ? t.firstMessageAt->epochMicroseconds() / 1000 : at,
                                t.firstMessageAuthor, t.firstMessage});
        for (const auto& [metadataId, value] : t.metadata) metadata.push_back({ticket, metadataId, value});
    }
    if (!messages.empty()) {
        std::string direction = "out";
        Poco::Data::Statement insertMessages(s);
        insertMessages << "INSERT INTO ticket_messages (ticket_id, direction, author, text, created_at) VALUES " +
                              rowsOf(messages.size(), "(?, ?, ?, ?, ?)");
        for (auto& m : messages) insertMessages, use(m.ticket), use(direction), use(m.author), use(m.text), use(m.at);
        insertMessages.execute();
    }
    for (std::size_t done = 0; done < metadata.size(); done += kChunk) {
        const std::size_t n = std::min(kChunk, metadata.size() - done);
        Poco::Data::Statement insertMetadata(s);
        insertMetadata << "INSERT INTO ticket_metadata_values (ticket_id, metadata_id, value) VALUES " + rowsOf(n, "(?, ?, ?)");
        for (std::size_t k = done; k < done + n; ++k)
            insertMetadata, use(metadata[k].ticket), use(metadata[k].metadataId), use(metadata[k].value);
        insertMetadata.execute();
    }
}

} // namespace

void TicketService::insertChunk(Poco::Data::Session& s, const std::vector<helpdesk::NewTicket>& tickets, std::size_t from,
                                std::size_t to, std::vector<long long>& ids) {
    std::vector<std::string> keys;
    for (std::size_t i = from; i < to; ++i)
        if (!tickets[i].externalKey.empty()) keys.push_back(tickets[i].externalKey);
    auto known = idsByKey(s, keys);
    // Rows reserved up front: the statement binds references to them.
    std::vector<TicketRow> rows;
    rows.reserve(to - from);
    std::vector<std::size_t> fresh;
    std::set<std::string> inChunk;
    const Poco::Int64 at = nowMillis();
    for (std::size_t i = from; i < to; ++i) {
        const auto& t = tickets[i];
        if (t.externalKey.empty()) {
            ids[i] = insertOne(s, t); // nothing to find it by after a multi-row insert
            continue;
        }
        if (known.count(t.externalKey) || !inChunk.insert(t.externalKey).second) continue;
        fresh.push_back(i);
        TicketRow r;
        if (t.departmentId) r.department = static_cast<Poco::Int64>(*t.departmentId);
        if (t.closeDeadline) r.deadline = t.closeDeadline->epochMicroseconds() / 1000;
        if (!t.open) r.closedAt = at;
        r.phone = t.contactPhone;
        r.status = t.open ? "open" : "closed";
        r.subject = t.subject;
        r.key = t.externalKey;
        r.at = at;
        rows.push_back(std::move(r));
    }
    if (!rows.empty()) {
        insertTicketRows(s, rows);
        known = idsByKey(s, keys);
        insertFirstMessagesAndMetadata(s, tickets, fresh, known, at);
    }
    for (std::size_t i = from; i < to; ++i)
        if (!tickets[i].externalKey.empty()) ids[i] = known.at(tickets[i].externalKey);
}

std::vector<long long> TicketService::createMany(const std::vector<helpdesk::NewTicket>& tickets) {
    for (const auto& t : tickets) validate(t);
    // A concurrent creator (another host) may win the unique key between our check and insert;
    // the second attempt then finds its row, which is exactly the idempotent answer.
    for (int attempt = 0;; ++attempt) {
        try {
            auto s = db_.session();
            WriteTransaction tx(s, db_.dialect());
            std::vector<long long> ids(tickets.size(), 0);
            for (std::size_t from = 0; from < tickets.size(); from += kChunk)
                insertChunk(s, tickets, from, std::min(tickets.size(), from + kChunk), ids);
            tx.commit();
            return ids;
        } catch (const Poco::Data::DataException&) {
            if (attempt >= 1) throw;
        }
    }
}

std::optional<long long> TicketService::findByExternalKey(const std::string& externalKey) {
    if (externalKey.empty()) return std::nullopt;
    auto s = db_.session();
    return findKey(s, externalKey);
}

std::string TicketService::externalKeyOf(long long ticketId) {
    auto s = db_.session();
    Poco::Int64 id = ticketId;
    std::vector<Poco::Nullable<std::string>> keys;
    s << "SELECT external_key FROM tickets WHERE id = ?", use(id), into(keys), now;
    if (keys.empty() || keys.front().isNull()) return {};
    return keys.front().value();
}

void TicketService::close(long long ticketId) { closeBy(ticketId, 0); }

bool TicketService::closeBy(long long ticketId, long long userId) {
    Poco::Int64 id = ticketId;
    Poco::Int64 at = nowMillis();
    std::size_t changed = 0;
    {
        auto s = db_.session();
        std::vector<Poco::Int64> found;
        s << "SELECT id FROM tickets WHERE id = ?", use(id), into(found), now;
        if (found.empty()) throw std::invalid_argument("unknown ticket id " + std::to_string(ticketId));
        WriteTransaction tx(s, db_.dialect());
        Poco::Data::Statement update(s);
        if (userId != 0) {
            update
                << "UPDATE tickets SET status = 'closed', closed_at = ?, awaiting_since = NULL WHERE id = ? AND status = 'open'",
                use(at), use(id);
        } else {
            update << "UPDATE tickets SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'", use(at), use(id);
        }
        changed = update.execute();
        tx.commit();
    }
    if (changed == 0) return false;
    events_.publish({helpdesk::TicketEvent::Kind::Closed, ticketId, externalKeyOf(ticketId), userId, Poco::Timestamp()});
    return true;
}

void TicketService::addMessage(long long ticketId, const helpdesk::TicketMessage& message) {
    Poco::Int64 id = ticketId;
    auto s = db_.session();
    std::vector<Poco::Int64> found;
    s << "SELECT id FROM tickets WHERE id = ?", use(id), into(found), now;
    if (found.empty()) throw std::invalid_argument("unknown ticket id " + std::to_string(ticketId));
    MessageRow row(message);
    for (int attempt = 0;; ++attempt) {
        try {
            WriteTransaction tx(s, db_.dialect());
            if (alreadyStored(s, row)) return;
            insertMessage(s, id, row);
            tx.commit();
            return;
        } catch (const Poco::Data::DataException&) {
            if (attempt >= 1 || message.externalId.empty()) throw;
        }
    }
}

bool TicketService::addInbound(long long ticketId, const helpdesk::TicketMessage& message, const std::string& reopenLine) {
    Poco::Int64 id = ticketId;
    // The system line takes the message's time and goes in first: the thread is ordered by
    // (created_at, id), so it shows right before the message that reopened the ticket.
    MessageRow row(message);
    Poco::Int64 at = row.at;
    std::string systemDirection = "out";
    std::string systemKind = "system";
    std::string systemAuthor = kSystemAuthor;
    std::string line = reopenLine;
    bool reopened = false;
    for (int attempt = 0;; ++attempt) {
        try {
            auto s = db_.session();
            WriteTransaction tx(s, db_.dialect());
            std::vector<Poco::Int64> found;
            s << "SELECT id FROM tickets WHERE id = ?", use(id), into(found), now;
            if (found.empty()) throw std::invalid_argument("unknown ticket id " + std::to_string(ticketId));
            if (alreadyStored(s, row)) return false; // a redelivered webhook: nothing added, nothing reopened
            // The conditional UPDATE decides who reopens: on MySQL it locks the row and reads the
            // latest committed status, so of two concurrent messages only one sees 'closed'.
            Poco::Data::Statement reopen(s);
            reopen << "UPDATE tickets SET status = 'open', closed_at = NULL WHERE id = ? AND status = 'closed'", use(id);
            reopened = reopen.execute() > 0;
            if (reopened && !line.empty()) {
                s << "INSERT INTO ticket_messages (ticket_id, direction, author, text, created_at, kind) VALUES (?, ?, ?, ?, ?, "
                     "?)",
                    use(id), use(systemDirection), use(systemAuthor), use(line), use(at), use(systemKind), now;
            }
            insertMessage(s, id, row);
            s << "UPDATE tickets SET awaiting_since = ? WHERE id = ? AND awaiting_since IS NULL", use(at), use(id), now;
            tx.commit();
            break;
        } catch (const Poco::Data::DataException& e) {
            // A concurrent call stored the same external id first (unique key): the second
            // attempt finds it and returns false.
            if (attempt >= 1 || message.externalId.empty()) throw;
            Poco::Logger::get("helpdesk.host.tickets")
                .warning("inbound message on ticket " + std::to_string(ticketId) +
                         " rolled back, trying once more: " + e.displayText());
        }
    }
    if (reopened) {
        events_.publish({helpdesk::TicketEvent::Kind::Reopened, ticketId, externalKeyOf(ticketId), 0, Poco::Timestamp()});
    }
    return reopened;
}

std::optional<helpdesk::TicketState> TicketService::find(long long ticketId) {
    Poco::Int64 id = ticketId;
    auto s = db_.session();
    std::vector<std::string> statuses, phones;
    std::vector<Poco::Nullable<std::string>> keys;
    std::vector<Poco::Nullable<Poco::Int64>> departments;
    s << "SELECT status, external_key, contact_phone, department_id FROM tickets WHERE id = ?", use(id), into(statuses),
        into(keys), into(phones), into(departments), now;
    if (statuses.empty()) return std::nullopt;
    helpdesk::TicketState state;
    state.id = ticketId;
    state.open = statuses[0] == "open";
    state.externalKey = keys[0].isNull() ? "" : keys[0].value();
    state.contactPhone = phones[0];
    state.departmentId = opt(departments[0]);
    return state;
}

std::optional<long long> TicketService::findOpenByPhone(const std::string& phone) {
    if (phone.empty()) return std::nullopt; // host-made tickets without a contact are nobody's
    std::string p = phone;
    auto s = db_.session();
    std::vector<Poco::Int64> ids;
    s << "SELECT id FROM tickets WHERE contact_phone = ? AND status = 'open' ORDER BY created_at DESC, id DESC LIMIT 1", use(p),
        into(ids), now;
    if (ids.empty()) return std::nullopt;
    return ids.front();
}

long long TicketService::writeAsAgent(long long ticketId, const helpdesk::User& agent, const std::string& rawText) {
    std::string text = Poco::trim(rawText);
    if (text.empty()) throw std::invalid_argument("El mensaje no puede estar vacío.");
    Poco::Int64 id = ticketId;
    auto s = db_.session();
    std::vector<Poco::Int64> found;
    s << "SELECT id FROM tickets WHERE id = ?", use(id), into(found), now;
    if (found.empty()) throw std::invalid_argument("El ticket no existe.");
    std::string direction = "out";
    std::string author = agent.displayName.empty() ? agent.login : agent.displayName;
    Poco::Int64 userId = agent.id;
    Poco::Int64 at = nowMillis();
    long long messageId = 0;
    {
        WriteTransaction tx(s, db_.dialect());
        s << "INSERT INTO ticket_messages (ticket_id, direction, author, user_id, text, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            use(id), use(direction), use(author), use(userId), use(text), use(at), now;
        messageId = db_.lastInsertId(s);
        s << "UPDATE tickets SET awaiting_since = NULL WHERE id = ?", use(id), now;
        tx.commit();
    }
    events_.publish({helpdesk::TicketEvent::Kind::AgentMessage, ticketId, externalKeyOf(ticketId), agent.id, Poco::Timestamp()});
    return messageId;
}

std::vector<TicketSummary> TicketService::list(const TicketFilter& filter) {
    std::string sql =
        "SELECT t.id, t.department_id, d.name, t.contact_phone, t.status, t.external_key, t.created_at, t.closed_at, "
        "t.close_deadline, t.subject, t.awaiting_since FROM tickets t LEFT JOIN departments d ON d.id = t.department_id "
        "WHERE 1 = 1";
    std::string status = filter.open ? (*filter.open ? "open" : "closed") : "";
    Poco::Int64 department = filter.departmentId.value_or(0);
    std::string key = filter.externalKey;
    Poco::Int64 limit = filter.limit;
    auto s = db_.session();
    Poco::Data::Statement stmt(s);
    std::vector<Poco::Int64> ids, createdAt;
    std::vector<Poco::Nullable<Poco::Int64>> departments, closedAt, deadlines, awaiting;
    std::vector<Poco::Nullable<std::string>> departmentNames, keys;
    std::vector<std::string> phones, statuses, subjects;
    if (filter.open) sql += " AND t.status = ?";
    if (filter.departmentId) sql += *filter.departmentId == 0 ? " AND t.department_id IS NULL" : " AND t.department_id = ?";
    if (!key.empty()) sql += " AND t.external_key = ?";
    if (filter.awaitingOnly) sql += " AND t.awaiting_since IS NOT NULL";
    // Waiting tickets longest-waiting first: the one to answer next is on top.
    sql += filter.awaitingOnly ? " ORDER BY t.awaiting_since, t.id LIMIT ?" : " ORDER BY t.id DESC LIMIT ?";
    stmt << sql;
    if (filter.open) stmt.addBind(use(status));
    if (filter.departmentId && *filter.departmentId != 0) stmt.addBind(use(department));
    if (!key.empty()) stmt.addBind(use(key));
    stmt.addBind(use(limit));
    stmt, into(ids), into(departments), into(departmentNames), into(phones), into(statuses), into(keys), into(createdAt),
        into(closedAt), into(deadlines), into(subjects), into(awaiting);
    stmt.execute();
    std::vector<TicketSummary> out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        TicketSummary t;
        t.id = ids[i];
        t.departmentId = opt(departments[i]);
        t.departmentName = departmentNames[i].isNull() ? "" : departmentNames[i].value();
        t.contactPhone = phones[i];
        t.open = statuses[i] == "open";
        t.externalKey = keys[i].isNull() ? "" : keys[i].value();
        t.createdAt = createdAt[i];
        t.closedAt = opt(closedAt[i]);
        t.closeDeadline = opt(deadlines[i]);
        t.subject = subjects[i];
        t.awaitingSince = opt(awaiting[i]);
        out.push_back(std::move(t));
    }
    return out;
}

std::optional<TicketDetail> TicketService::get(long long ticketId) {
    Poco::Int64 id = ticketId;
    auto s = db_.session();
    std::vector<Poco::Int64> found;
    s << "SELECT id FROM tickets WHERE id = ?", use(id), into(found), now;
    if (found.empty()) return std::nullopt;
    TicketDetail detail;
    {
        std::vector<Poco::Nullable<Poco::Int64>> departments, closedAt, deadlines, awaiting;
        std::vector<Poco::Nullable<std::string>> departmentNames, keys;
        std::vector<std::string> phones, statuses, subjects;
        std::vector<Poco::Int64> createdAt;
        s << "SELECT t.department_id, d.name, t.contact_phone, t.status, t.external_key, t.created_at, t.closed_at, "
             "t.close_deadline, t.subject, t.awaiting_since FROM tickets t LEFT JOIN departments d ON d.id = t.department_id "
             "WHERE t.id = ?",
            use(id), into(departments), into(departmentNames), into(phones), into(statuses), into(keys), into(createdAt),
            into(closedAt), into(deadlines), into(subjects), into(awaiting), now;
        if (statuses.empty()) return std::nullopt; // deleted between the two reads
        auto& t = detail.ticket;
        t.id = ticketId;
        t.departmentId = opt(departments[0]);
        t.departmentName = departmentNames[0].isNull() ? "" : departmentNames[0].value();
        t.contactPhone = phones[0];
        t.open = statuses[0] == "open";
        t.externalKey = keys[0].isNull() ? "" : keys[0].value();
        t.createdAt = createdAt[0];
        t.closedAt = opt(closedAt[0]);
        t.closeDeadline = opt(deadlines[0]);
        t.subject = subjects[0];
        t.awaitingSince = opt(awaiting[0]);
    }
    {
        std::vector<Poco::Int64> ids;
        std::vector<std::string> names, types, values;
        s << "SELECT m.id, m.name, m.type, v.value FROM ticket_metadata_values v JOIN ticket_metadata m ON m.id = v.metadata_id "
             "WHERE v.ticket_id = ? ORDER BY m.id",
            use(id), into(ids), into(names), into(types), into(values), now;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            detail.metadata.push_back(
                {ids[i], names[i], parseMetadataType(types[i]).value_or(helpdesk::MetadataType::Text), values[i]});
        }
    }
    {
        std::vector<Poco::Int64> ids, at;
        std::vector<std::string> directions, authors, texts, kinds;
        std::vector<Poco::Nullable<Poco::Int64>> users;
        std::vector<Poco::Nullable<std::string>> externalIds;
        s << "SELECT id, direction, author, user_id, text, created_at, external_id, kind FROM ticket_messages "
             "WHERE ticket_id = ? ORDER BY created_at, id",
            use(id), into(ids), into(directions), into(authors), into(users), into(texts), into(at), into(externalIds),
            into(kinds), now;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            StoredMessage m;
            m.id = ids[i];
            m.direction = directions[i] == "in" ? helpdesk::MessageDirection::Inbound : helpdesk::MessageDirection::Outbound;
            m.author = authors[i];
            m.userId = users[i].isNull() ? 0 : users[i].value();
            m.text = texts[i];
            m.at = at[i];
            m.externalId = externalIds[i].isNull() ? "" : externalIds[i].value();
            m.system = kinds[i] == "system";
            detail.messages.push_back(std::move(m));
        }
    }
    return detail;
}

} // namespace refhost
