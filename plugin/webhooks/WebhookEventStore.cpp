#include "webhooks/WebhookEventStore.h"

#include "storage/Transaction.h"

#include "storage/DatabaseErrors.h"
#include "storage/IdList.h"
#include "storage/SqlDialect.h"

#include <Poco/Data/Statement.h>
#include <Poco/Tuple.h>

#include <set>

using namespace Poco::Data::Keywords;

namespace campaigns::webhooks {

namespace {
using Row = Poco::Tuple<Poco::Int64, std::string, std::string, std::string, std::string, std::string, std::string,
                        Poco::Int64, std::string>;
const char* kSelect = "SELECT id, dedupe_key, kind, phone_number_id, wamid, status, callback_data, event_time, payload"
                      " FROM campaigns_webhook_events ";

std::vector<StoredEvent> toEvents(const std::vector<Row>& rows) {
    std::vector<StoredEvent> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
        StoredEvent s;
        s.id = r.get<0>();
        s.event.dedupeKey = r.get<1>();
        s.event.kind = kindFromName(r.get<2>());
        s.event.phoneNumberId = r.get<3>();
        s.event.wamid = r.get<4>();
        s.event.status = r.get<5>();
        s.event.callbackData = r.get<6>();
        s.event.eventTime = r.get<7>();
        s.event.payload = r.get<8>();
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
    std::string key, kind, phone, wamid, status, callback, payload;
    Poco::Int64 time = 0;
    auto s = db_.session();
    const std::set<std::string> known =
        db_.dialect() == helpdesk::Dialect::MySQL ? storedKeys(s, events) : std::set<std::string>();
    storage::SqlTransaction tx(s, db_.dialect());
    try {
        // One prepared statement re-executed per event inside one transaction: as fast as a bulk
        // bind, and each execution reports whether its row was new (a bulk bind on MySQL reports
        // only the last row).
        Poco::Data::Statement insert(s);
        insert << storage::insertIgnore(db_.dialect())
               << " campaigns_webhook_events (dedupe_key, kind, phone_number_id, wamid, status, callback_data,"
                  " event_time, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            use(key), use(kind), use(phone), use(wamid), use(status), use(callback), use(time), use(payload);
        std::size_t added = 0;
        for (const auto& e : events) {
            if (known.count(e.dedupeKey)) continue;
            key = e.dedupeKey;
            kind = kindName(e.kind);
            phone = e.phoneNumberId;
            wamid = e.wamid;
            status = e.status;
            callback = e.callbackData.substr(0, 600);
            time = e.eventTime;
            payload = e.payload;
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
    std::vector<Row> rows;
    Poco::UInt32 n = static_cast<Poco::UInt32>(limit);
    s << std::string(kSelect) + "WHERE processed = 0 ORDER BY id LIMIT ?", use(n), into(rows), now;
    return toEvents(rows);
}

std::vector<StoredEvent> WebhookEventStore::pending(std::size_t limit, WebhookEvent::Kind kind) {
    auto s = db_.session();
    std::vector<Row> rows;
    Poco::UInt32 n = static_cast<Poco::UInt32>(limit);
    std::string k = kindName(kind);
    // Polled every few seconds and almost always empty: look before selecting the MEDIUMTEXT
    // payload, for which Poco's MySQL connector allocates and zeroes a 16 MB buffer per query.
    std::vector<Poco::Int64> any;
    s << "SELECT id FROM campaigns_webhook_events WHERE processed = 0 AND kind = ? LIMIT 1", use(k), into(any), now;
    if (any.empty()) return {};
    s << std::string(kSelect) + "WHERE processed = 0 AND kind = ? ORDER BY id LIMIT ?", use(k), use(n), into(rows), now;
    return toEvents(rows);
}

std::vector<StoredEvent> WebhookEventStore::pendingForWamid(const std::string& wamid) {
    auto s = db_.session();
    std::vector<Row> rows;
    std::string w = wamid;
    s << std::string(kSelect) + "WHERE wamid = ? AND processed = 0 ORDER BY id", use(w), into(rows), now;
    return toEvents(rows);
}

void WebhookEventStore::markProcessed(Poco::Data::Session& s, const std::vector<long long>& ids) {
    if (ids.empty()) return;
    std::vector<Poco::Int64> keys(ids.begin(), ids.end());
    storage::executeForIds(s, "UPDATE campaigns_webhook_events SET processed = 1 WHERE id IN ", keys);
}

std::size_t WebhookEventStore::countAll() {
    auto s = db_.session();
    Poco::Int64 n = 0;
    s << "SELECT COUNT(*) FROM campaigns_webhook_events", into(n), now;
    return static_cast<std::size_t>(n);
}

} // namespace campaigns::webhooks
