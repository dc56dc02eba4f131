#include "EventProcessor.h"

#include "CounterBook.h"
#include "OutboxStore.h"
#include "OutcomeClassifier.h"
#include "Progress.h"
#include "SqlDialect.h"
#include "Transaction.h"

#include <Poco/Data/DataException.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Tuple.h>

using namespace Poco::Data::Keywords;
using campaigns::counters::CounterBook;
using campaigns::counters::CounterDelta;

namespace campaigns::tracking {

namespace {

struct EntryRow {
    long long id = 0, campaignId = 0;
    std::string state;
    Marks marks;
};


class Applier {
public:
    Applier(Poco::Data::Session& s, helpdesk::Dialect d, Poco::Logger& log, const counters::DayKey& dayKey)
        : s_(s), dialect_(d), log_(log), dayKey_(dayKey) {}

    std::optional<EntryRow> byWamid(const std::string& wamid) {
        return find("wamid = ?", wamid, "");
    }
    std::optional<EntryRow> byAttempt(long long id, const std::string& attempt) {
        return find("id = ? AND attempt_id = ?", std::to_string(id), attempt);
    }
    std::optional<EntryRow> byId(long long id) { return find("id = ?", std::to_string(id), ""); }

    // Status events of a wamid we do not know yet can still be adopted through the callback data.
    std::optional<EntryRow> adopt(long long entryId, const std::string& attempt, const std::string& wamid,
                                  const std::string& at) {
        auto e = byAttempt(entryId, attempt);
        if (!e || (e->state != "unknown" && e->state != "dispatching")) return std::nullopt;
        Poco::Int64 id = entryId;
        std::string w = wamid, when = at, from = e->state, ts = storage::utcNowText();
        Poco::Data::Statement st(s_);
        st << "UPDATE campaigns_entries SET state = 'accepted', wamid = ?, accepted_at = ?, lease_owner = '',"
              " lease_until = NULL, error_reason = '', updated_at = ? WHERE id = ? AND state = ?",
            use(w), use(when), use(ts), use(id), use(from);
        if (!st.execute()) return std::nullopt;
        CounterDelta d;
        if (from == "unknown") d.unknown = -1;
        else d.queued = -1;
        d.accepted = 1;
        book.add(e->campaignId, dayOf(at), d);
        log_.information("campaigns: entry %s (campaign %s) was %s; a webhook shows Meta accepted it as %s",
                         std::to_string(entryId), std::to_string(e->campaignId), from, wamid);
        e->state = "accepted";
        return e;
    }

    void apply(const EntryRow& e, Happening what, const std::string& at, int errorCode = 0) {
        Step step = advance(e.marks, what);
        if (step.ignoredFailure)
            log_.warning("campaigns: entry %s: failed status after delivery ignored (code %d)", std::to_string(e.id), errorCode);
        if (!step.changed) return;
        // Only the columns that change are written; the WHERE clause repeats the marks we read so a
        // concurrent writer's change is never overwritten or counted twice.
        std::vector<std::string> sets;
        std::vector<std::string> texts;
        texts.reserve(12);
        const Marks& b = e.marks;
        const Marks& f = step.after;
        auto setText = [&](const std::string& column, const std::string& value) {
            sets.push_back(column + " = ?");
            texts.push_back(value);
        };
        if (f.progress != b.progress) setText("progress", std::to_string(f.progress));
        if (f.readSeen != b.readSeen) setText("read_seen", "1");
        if (f.failedAfterAccept != b.failedAfterAccept) setText("failed_after_accept", "1");
        if (f.progress >= 1 && b.progress < 1) setText("sent_at", at);
        if (f.progress >= 2 && b.progress < 2) setText("delivered_at", at);
        if (f.readSeen && !b.readSeen) setText("read_at", at);
        if (f.progress >= 4 && b.progress < 4) setText("replied_at", at);
        if (f.progress >= 5 && b.progress < 5) setText("addressed_at", at);
        if (f.failedAfterAccept && !b.failedAfterAccept) {
            setText("failed_at", at);
            setText("error_code", std::to_string(errorCode));
            setText("error_reason", sending::spanishReason(errorCode));
        }
        setText("updated_at", storage::utcNowText());
        std::string sql = "UPDATE campaigns_entries SET ";
        for (std::size_t i = 0; i < sets.size(); ++i) sql += (i ? ", " : "") + sets[i];
        sql += " WHERE id = ? AND progress = ? AND read_seen = ? AND failed_after_accept = ?";
        Poco::Int64 id = e.id;
        int oldProgress = b.progress, oldRead = b.readSeen, oldFailed = b.failedAfterAccept;
        Poco::Data::Statement st(s_);
        st << sql;
        for (auto& t : texts) st, use(t);
        st, use(id), use(oldProgress), use(oldRead), use(oldFailed);
        if (st.execute()) book.add(e.campaignId, dayOf(at), step.delta);
    }

    CounterBook book;

private:
    std::optional<EntryRow> find(const std::string& where, const std::string& a, const std::string& b) {
        using Row = Poco::Tuple<Poco::Int64, Poco::Int64, std::string, int, int, int>;
        std::vector<Row> rows;
        std::string sql = "SELECT id, campaign_id, state, progress, read_seen, failed_after_accept FROM campaigns_entries WHERE " +
                          where;
        if (dialect_ == helpdesk::Dialect::MySQL) sql += " FOR UPDATE";
        std::string x = a, y = b;
        if (b.empty()) s_ << sql, use(x), into(rows), now;
        else s_ << sql, use(x), use(y), into(rows), now;
        if (rows.empty()) return std::nullopt;
        EntryRow e;
        e.id = rows[0].get<0>();
        e.campaignId = rows[0].get<1>();
        e.state = rows[0].get<2>();
        e.marks = {rows[0].get<3>(), rows[0].get<4>() != 0, rows[0].get<5>() != 0};
        return e;
    }

    // `at` is "YYYY-MM-DD HH:MM:SS.mmm" UTC, as stored; the day key needs the instant.
    std::string dayOf(const std::string& at) const {
        int tz = 0;
        return dayKey_(Poco::DateTimeParser::parse("%Y-%m-%d %H:%M:%S", at.substr(0, 19), tz).timestamp());
    }

    Poco::Data::Session& s_;
    helpdesk::Dialect dialect_;
    Poco::Logger& log_;
    const counters::DayKey& dayKey_;
};

std::string eventTime(long long unixSeconds) {
    if (unixSeconds <= 0) return storage::utcNowText();
    return storage::utcText(Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(unixSeconds)));
}

int firstErrorCode(const std::string& payload) {
    try {
        Poco::JSON::Parser parser;
        auto obj = parser.parse(payload).extract<Poco::JSON::Object::Ptr>();
        auto errors = obj->getArray("errors");
        if (errors && errors->size() > 0) return errors->getObject(0)->optValue<int>("code", 0);
    } catch (const Poco::Exception&) {
        // A status without a readable error still counts as failed; the code stays 0.
    }
    return 0;
}

struct Inbound {
    std::string contextId, from, text, author;
};

Inbound parseInbound(const std::string& payload) {
    Inbound in;
    Poco::JSON::Parser parser;
    auto root = parser.parse(payload).extract<Poco::JSON::Object::Ptr>();
    auto m = root->getObject("message");
    if (!m) return in;
    in.from = m->optValue<std::string>("from", "");
    if (auto ctx = m->getObject("context")) in.contextId = ctx->optValue<std::string>("id", "");
    const std::string type = m->optValue<std::string>("type", "");
    if (type == "text" && m->getObject("text")) in.text = m->getObject("text")->optValue<std::string>("body", "");
    else if (type == "button" && m->getObject("button")) in.text = m->getObject("button")->optValue<std::string>("text", "");
    else if (type == "interactive" && m->getObject("interactive")) {
        auto i = m->getObject("interactive");
        for (const char* k : {"button_reply", "list_reply"})
            if (i->getObject(k)) in.text = i->getObject(k)->optValue<std::string>("title", "");
    }
    if (in.text.empty()) in.text = "[Mensaje de tipo " + (type.empty() ? std::string("desconocido") : type) + "]";
    if (auto contacts = root->getArray("contacts"); contacts && contacts->size() > 0) {
        auto c = contacts->getObject(0);
        if (c && c->getObject("profile")) in.author = c->getObject("profile")->optValue<std::string>("name", "");
    }
    if (in.author.empty()) in.author = "+" + in.from;
    return in;
}

} // namespace

EventProcessor::EventProcessor(helpdesk::Database& db, Poco::Logger& log, counters::DayKey dayKey)
    : db_(db), log_(log), dayKey_(std::move(dayKey)) {}

std::size_t EventProcessor::processBatch(std::size_t limit) {
    return storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) -> std::size_t {
        using Row = Poco::Tuple<Poco::Int64, std::string, std::string, std::string, std::string, Poco::Int64, std::string>;
        std::vector<Row> rows;
        Poco::UInt32 n = static_cast<Poco::UInt32>(limit);
        std::string sql = "SELECT id, kind, wamid, status, callback_data, event_time, payload FROM campaigns_webhook_events"
                          " WHERE processed = 0 AND kind IN ('status', 'message') ORDER BY id LIMIT ?";
        if (db_.dialect() == helpdesk::Dialect::MySQL) sql += " FOR UPDATE SKIP LOCKED";
        s << sql, use(n), into(rows), now;
        if (rows.empty()) return 0;

        Applier a(s, db_.dialect(), log_, dayKey_);
        std::vector<Poco::Int64> done, waiting;
        for (const auto& r : rows) {
            const std::string kind = r.get<1>(), wamid = r.get<2>(), status = r.get<3>(), callback = r.get<4>();
            const std::string at = eventTime(r.get<5>());
            try {
                if (kind == "status") {
                    auto e = a.byWamid(wamid);
                    if (!e)
                        if (auto cb = sending::parseCallbackData(callback)) e = a.adopt(cb->first, cb->second, wamid, at);
                    if (!e) {
                        waiting.push_back(r.get<0>());
                        continue;
                    }
                    if (status == "sent") a.apply(*e, Happening::Sent, at);
                    else if (status == "delivered") a.apply(*e, Happening::Delivered, at);
                    else if (status == "read") a.apply(*e, Happening::Read, at);
                    else if (status == "failed") a.apply(*e, Happening::Failed, at, firstErrorCode(r.get<6>()));
                } else {
                    auto in = parseInbound(r.get<6>());
                    std::optional<EntryRow> e;
                    if (!in.contextId.empty()) e = a.byWamid(in.contextId);
                    if (!e && !in.from.empty()) {
                        // No quote: the most recent message this number got within the reply window.
                        using Hit = Poco::Tuple<Poco::Int64>;
                        std::vector<Hit> hits;
                        std::string phone = in.from, since = storage::utcText(
                                                              Poco::Timestamp() - Poco::Timespan(24 * Poco::Timespan::HOURS));
                        s << "SELECT id FROM campaigns_entries WHERE (phone = ? OR wa_id = ?) AND state = 'accepted'"
                             " AND accepted_at >= ? ORDER BY accepted_at DESC LIMIT 1",
                            use(phone), use(phone), use(since), into(hits), now;
                        if (!hits.empty()) e = a.byId(hits[0].get<0>());
                    }
                    if (e && e->state == "accepted") {
                        a.apply(*e, Happening::Replied, at);
                        Poco::Int64 entry = e->id;
                        std::string msgId = wamid, author = in.author.substr(0, 200), body = in.text, when = at;
                        s << std::string(storage::insertIgnore(db_.dialect())) +
                                 " campaigns_inbound_messages (entry_id, wamid, author, body, received_at) VALUES (?, ?, ?, ?, ?)",
                            use(entry), use(msgId), use(author), use(body), use(when), now;
                    }
                }
                done.push_back(r.get<0>());
            } catch (const Poco::Data::DataException&) {
                // A database error (deadlock, lock wait, lost connection) may already have rolled
                // the whole transaction back on the server; carrying on would flush counters for
                // entry changes that no longer exist. Abort the batch; it is retried as a whole.
                throw;
            } catch (const Poco::Exception& ex) {
                // A malformed event must not block the ones behind it: it is set aside (3) with a log line.
                log_.error("campaigns: webhook event %s could not be applied: %s", std::to_string(r.get<0>()),
                           ex.displayText());
                Poco::Int64 id = r.get<0>();
                s << "UPDATE campaigns_webhook_events SET processed = 3 WHERE id = ?", use(id), now;
            }
        }
        a.book.flush(s, db_.dialect());
        if (!done.empty()) s << "UPDATE campaigns_webhook_events SET processed = 1 WHERE id = ?", use(done), now;
        if (!waiting.empty()) s << "UPDATE campaigns_webhook_events SET processed = 2 WHERE id = ?", use(waiting), now;
        return rows.size();
    });
}

bool EventProcessor::markAddressed(long long entryId, long long eventTimeMs) {
    return storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) {
        Applier a(s, db_.dialect(), log_, dayKey_);
        auto entry = a.byId(entryId);
        if (!entry || entry->state != "accepted" || entry->marks.progress != 4) return false;
        a.apply(*entry, Happening::Addressed,
                storage::utcText(Poco::Timestamp(static_cast<Poco::Timestamp::TimeVal>(eventTimeMs) * 1000)));
        a.book.flush(s, db_.dialect());
        return true;
    });
}

} // namespace campaigns::tracking
