#include "webhooks/WebhookEventStore.h"

#include "storage/Transaction.h"

#include "storage/DatabaseErrors.h"
#include "storage/IdList.h"
#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"

#include <Poco/Data/Statement.h>

#include <algorithm>
#include <set>

using namespace Poco::Data::Keywords;

namespace campaigns::webhooks {

namespace {
// A stored event as kSelect reads it.
struct EventRow {
    Poco::Int64 id = 0;
    std::string dedupeKey, kind, phoneNumberId, wamid, status, callbackData;
    Poco::Int64 eventTime = 0;
    std::string payload;
};
// One row of a retention page (kPurgePage).
struct AgeRow {
    Poco::Int64 id = 0;
    Poco::Int32 processed = 0;
    Poco::Int32 old = 0; // 1 when it arrived before the cutoff
};
} // namespace
} // namespace campaigns::webhooks

template <>
class Poco::Data::TypeHandler<campaigns::webhooks::AgeRow>
    : public campaigns::storage::RowHandler<campaigns::webhooks::AgeRow, &campaigns::webhooks::AgeRow::id,
                                            &campaigns::webhooks::AgeRow::processed, &campaigns::webhooks::AgeRow::old> {};

template <>
class Poco::Data::TypeHandler<campaigns::webhooks::EventRow>
    : public campaigns::storage::RowHandler<campaigns::webhooks::EventRow, &campaigns::webhooks::EventRow::id,
                                            &campaigns::webhooks::EventRow::dedupeKey, &campaigns::webhooks::EventRow::kind,
                                            &campaigns::webhooks::EventRow::phoneNumberId, &campaigns::webhooks::EventRow::wamid,
                                            &campaigns::webhooks::EventRow::status, &campaigns::webhooks::EventRow::callbackData,
                                            &campaigns::webhooks::EventRow::eventTime, &campaigns::webhooks::EventRow::payload> {
};

namespace campaigns::webhooks {
namespace {

// A new event as appendOnce binds it.
struct NewRow {
    std::string key, kind, phone, wamid, status, callback;
    Poco::Int64 time = 0;
    std::string payload;
};
constexpr std::size_t kRowsPerInsert = 100; // 800 bound values: far below either database's limit
const char* const kInsertHead =
    " campaigns_webhook_events (dedupe_key, kind, phone_number_id, wamid, status, callback_data,"
    " event_time, payload) VALUES ";
const char* const kInsertRow = "(?, ?, ?, ?, ?, ?, ?, ?)";

const char* const kSelect =
    "SELECT id, dedupe_key, kind, phone_number_id, wamid, status, callback_data, event_time, payload"
    " FROM campaigns_webhook_events ";
const std::string kWherePending = "WHERE processed = " + sqlValue(Processing::Pending);
const std::string kAnyPendingOfKind = "SELECT id FROM campaigns_webhook_events " + kWherePending + " AND kind = ? LIMIT 1";
// Retention: the next page in primary-key order (no secondary index needed, no locks taken),
// and the delete of its finished rows; the states are re-checked by the delete.
const char* const kPurgePage =
    "SELECT id, processed, CASE WHEN received_at < ? THEN 1 ELSE 0 END"
    " FROM campaigns_webhook_events WHERE id > ? ORDER BY id LIMIT ?";
const std::string kPurgeFinished = "DELETE FROM campaigns_webhook_events WHERE processed IN (" + sqlValue(Processing::Applied) +
                                   ", " + sqlValue(Processing::SetAside) + ") AND id IN ";
bool finished(Poco::Int32 processed) {
    return processed == static_cast<int>(Processing::Applied) || processed == static_cast<int>(Processing::SetAside);
}
const std::string kMarkApplied =
    "UPDATE campaigns_webhook_events SET processed = " + sqlValue(Processing::Applied) + " WHERE id IN ";

std::vector<StoredEvent> toEvents(const std::vector<EventRow>& rows) {
    std::vector<StoredEvent> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
        StoredEvent s;
        s.id = r.id;
        s.event.dedupeKey = r.dedupeKey;
        s.event.kind = kindFromName(r.kind);
        s.event.phoneNumberId = r.phoneNumberId;
        s.event.wamid = r.wamid;
        s.event.status = r.status;
        s.event.callbackData = r.callbackData;
        s.event.eventTime = r.eventTime;
        s.event.payload = r.payload;
        out.push_back(std::move(s));
    }
    return out;
}
} // namespace

WebhookEventStore::WebhookEventStore(helpdesk::Database& db) : db_(db) {}

std::size_t WebhookEventStore::append(const std::vector<WebhookEvent>& events) {
    if (events.empty()) return 0;
    // The insert can still lose a lock conflict (with the processor, or with another POST that
    // carries the same event and has not committed yet); InnoDB rolls it back and it is simply
    // run again here, rather than answering 500 and waiting for Meta's retry, minutes later.
    return storage::retryOnLockConflict([&] { return appendOnce(events); });
}

// Keys of these events already stored, read without locks. On MySQL/MariaDB an INSERT IGNORE
// that meets a stored key locks that row, and when the processor holds it the two could deadlock:
// over a test run with duplicated webhooks most deadlocks were of this kind. Skipping the known
// repeats avoids them; a repeat stored meanwhile is still ignored by INSERT IGNORE.
static std::set<std::string> storedKeys(Poco::Data::Session& s, const std::vector<WebhookEvent>& events) {
    std::vector<std::string> keys;
    keys.reserve(events.size());
    for (const auto& e : events) keys.push_back(e.dedupeKey);
    const auto found =
        storage::selectForIds<std::string>(s, "SELECT dedupe_key FROM campaigns_webhook_events WHERE dedupe_key IN ", keys);
    return {found.begin(), found.end()};
}

std::size_t WebhookEventStore::appendOnce(const std::vector<WebhookEvent>& events) {
    auto s = db_.session();
    const std::set<std::string> known =
        db_.dialect() == helpdesk::Dialect::MySQL ? storedKeys(s, events) : std::set<std::string>();
    std::vector<NewRow> rows;
    rows.reserve(events.size());
    for (const auto& e : events) {
        if (known.count(e.dedupeKey)) continue;
        rows.push_back({e.dedupeKey, kindName(e.kind), e.phoneNumberId, e.wamid, e.status, e.callbackData.substr(0, 600),
                        e.eventTime, e.payload});
    }
    if (rows.empty()) return 0;
    storage::SqlTransaction tx(s, db_.dialect());
    try {
        // One multi-row INSERT per chunk rather than one execution per event: a POST of Meta's
        // carries up to ~1,000 events, and each execution was a round trip and a statement for the
        // server. INSERT IGNORE / OR IGNORE reports the rows it added (a repeat, even one inside
        // the same POST, adds none), which is what the receiver answers with.
        std::size_t added = 0;
        for (std::size_t i = 0; i < rows.size(); i += kRowsPerInsert) {
            const std::size_t n = std::min(kRowsPerInsert, rows.size() - i);
            std::string sql = std::string(storage::insertIgnore(db_.dialect())) + kInsertHead;
            for (std::size_t r = 0; r < n; ++r) sql += r == 0 ? kInsertRow : std::string(", ") + kInsertRow;
            Poco::Data::Statement insert(s);
            insert << sql;
            for (std::size_t r = i; r < i + n; ++r) {
                auto& row = rows[r]; // bound by reference: `rows` outlives execute()
                insert, use(row.key), use(row.kind), use(row.phone), use(row.wamid), use(row.status), use(row.callback),
                    use(row.time), use(row.payload);
            }
            added += insert.execute();
        }
        tx.commit();
        return added;
    } catch (...) {
        tx.rollback();
        throw;
    }
}

std::vector<StoredEvent> WebhookEventStore::pending(std::size_t limit) {
    auto s = db_.session();
    std::vector<EventRow> rows;
    Poco::UInt32 n = static_cast<Poco::UInt32>(limit);
    s << kSelect + kWherePending + " ORDER BY id LIMIT ?", use(n), into(rows), now;
    return toEvents(rows);
}

std::vector<StoredEvent> WebhookEventStore::pending(std::size_t limit, WebhookEvent::Kind kind) {
    auto s = db_.session();
    std::vector<EventRow> rows;
    Poco::UInt32 n = static_cast<Poco::UInt32>(limit);
    std::string k = kindName(kind);
    // Polled every few seconds and almost always empty: look before selecting the MEDIUMTEXT
    // payload, for which Poco's MySQL connector allocates and zeroes a 16 MB buffer per query.
    std::vector<Poco::Int64> any;
    s << kAnyPendingOfKind, use(k), into(any), now;
    if (any.empty()) return {};
    s << kSelect + kWherePending + " AND kind = ? ORDER BY id LIMIT ?", use(k), use(n), into(rows), now;
    return toEvents(rows);
}

std::vector<StoredEvent> WebhookEventStore::pendingForWamid(const std::string& wamid) {
    auto s = db_.session();
    std::vector<EventRow> rows;
    std::string w = wamid;
    s << kSelect + std::string("WHERE wamid = ? AND processed = ") + sqlValue(Processing::Pending) + " ORDER BY id", use(w),
        into(rows), now;
    return toEvents(rows);
}

void WebhookEventStore::markProcessed(Poco::Data::Session& s, const std::vector<long long>& ids) {
    if (ids.empty()) return;
    std::vector<Poco::Int64> keys(ids.begin(), ids.end());
    storage::executeForIds(s, kMarkApplied, keys);
}

PurgedEvents WebhookEventStore::purgeProcessed(const Poco::Timestamp& receivedBefore, std::size_t batchRows,
                                               const std::function<bool()>& stop) {
    PurgedEvents done;
    std::string cutoff = storage::utcText(receivedBefore);
    Poco::Int64 after = 0;
    Poco::Int64 limit = static_cast<Poco::Int64>(std::max<std::size_t>(1, batchRows));
    for (;;) {
        if (stop && stop()) {
            done.interrupted = true;
            return done;
        }
        std::vector<AgeRow> page;
        auto s = db_.session();
        s << kPurgePage, use(cutoff), use(after), use(limit), into(page), now;
        std::vector<Poco::Int64> ids;
        bool reachedRecent = false;
        for (const auto& r : page) {
            if (!r.old) {
                reachedRecent = true;
                break;
            }
            if (finished(r.processed)) ids.push_back(r.id);
            after = r.id;
        }
        if (!ids.empty()) {
            storage::SqlTransaction tx(s, db_.dialect());
            done.rows += storage::executeForIds(s, kPurgeFinished, ids);
            tx.commit();
            ++done.batches;
        }
        if (reachedRecent || static_cast<Poco::Int64>(page.size()) < limit) return done;
    }
}

std::size_t WebhookEventStore::countAll() {
    auto s = db_.session();
    Poco::Int64 n = 0;
    s << "SELECT COUNT(*) FROM campaigns_webhook_events", into(n), now;
    return static_cast<std::size_t>(n);
}

} // namespace campaigns::webhooks
