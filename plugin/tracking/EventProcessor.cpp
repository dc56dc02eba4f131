#include "tracking/EventProcessor.h"

#include "campaign/CampaignState.h"
#include "cloudapi/OutcomeClassifier.h"
#include "counters/CounterBook.h"
#include "planning/TestMessages.h"
#include "sending/OutboxStore.h"
#include "storage/IdList.h"
#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"
#include "storage/Transaction.h"
#include "tracking/InboundMessage.h"
#include "tracking/OptOutRecorder.h"
#include "tracking/Progress.h"
#include "webhooks/WebhookEventStore.h"

#include <Poco/Data/DataException.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Nullable.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>

using namespace Poco::Data::Keywords;
using campaigns::counters::CounterBook;
using campaigns::counters::CounterDelta;
using campaigns::webhooks::Processing;

namespace campaigns::tracking {
namespace {
// An entry as the Applier reads it (kSelectEntry).
struct EntryRecord {
    Poco::Int64 id = 0, campaignId = 0;
    std::string state;
    int progress = 0, readSeen = 0, failedAfterAccept = 0;
    std::string wamid, attemptId;
};
// A recently accepted entry an answer may belong to (kSelectRecent).
struct RecentEntry {
    Poco::Int64 id = 0;
    std::string acceptedAt;
    Poco::Int64 campaignId = 0;
};
// A stored webhook event as a batch reads it (queueSelect()).
struct QueuedEvent {
    Poco::Int64 id = 0;
    std::string kind, wamid, status, callbackData;
    Poco::Int64 eventTime = 0;
    std::string payload; // cut at kInlinePayload on MySQL; readQueue() completes longer ones
    Poco::Int64 payloadLength = 0;
    std::string phoneNumberId;
};
} // namespace
} // namespace campaigns::tracking

template <>
class Poco::Data::TypeHandler<campaigns::tracking::EntryRecord>
    : public campaigns::storage::RowHandler<
          campaigns::tracking::EntryRecord, &campaigns::tracking::EntryRecord::id, &campaigns::tracking::EntryRecord::campaignId,
          &campaigns::tracking::EntryRecord::state, &campaigns::tracking::EntryRecord::progress,
          &campaigns::tracking::EntryRecord::readSeen, &campaigns::tracking::EntryRecord::failedAfterAccept,
          &campaigns::tracking::EntryRecord::wamid, &campaigns::tracking::EntryRecord::attemptId> {};
template <>
class Poco::Data::TypeHandler<campaigns::tracking::RecentEntry>
    : public campaigns::storage::RowHandler<campaigns::tracking::RecentEntry, &campaigns::tracking::RecentEntry::id,
                                            &campaigns::tracking::RecentEntry::acceptedAt,
                                            &campaigns::tracking::RecentEntry::campaignId> {};
template <>
class Poco::Data::TypeHandler<campaigns::tracking::QueuedEvent>
    : public campaigns::storage::RowHandler<
          campaigns::tracking::QueuedEvent, &campaigns::tracking::QueuedEvent::id, &campaigns::tracking::QueuedEvent::kind,
          &campaigns::tracking::QueuedEvent::wamid, &campaigns::tracking::QueuedEvent::status,
          &campaigns::tracking::QueuedEvent::callbackData, &campaigns::tracking::QueuedEvent::eventTime,
          &campaigns::tracking::QueuedEvent::payload, &campaigns::tracking::QueuedEvent::payloadLength,
          &campaigns::tracking::QueuedEvent::phoneNumberId> {};

namespace campaigns::tracking {

namespace {

constexpr Poco::Int64 kInlinePayload = 16000; // characters of a webhook payload read with its batch
constexpr int kUserStoppedMarketing = 131050; // failed status: the user stopped marketing messages

struct EntryRow {
    long long id = 0, campaignId = 0;
    std::string state;
    Marks marks;
};

// An entry as read, and what this batch has done to it so far.
struct Touched {
    EntryRow row;
    Marks stored; // as in the table: the update's guard
    std::string attemptId;
    bool dirty = false;
    Poco::Nullable<std::string> sentAt, deliveredAt, readAt, repliedAt, addressedAt, failedAt;
    Poco::Nullable<int> errorCode;
    Poco::Nullable<std::string> errorReason;
    std::vector<std::pair<std::string, counters::CounterDelta>> deltas;
};

// An entry's new values as the batch's UPDATE binds them.
struct UpdateRow {
    int progress = 0, readSeen = 0, failed = 0;
    Poco::Nullable<std::string> sentAt, deliveredAt, readAt, repliedAt, addressedAt, failedAt;
    Poco::Nullable<int> errorCode;
    Poco::Nullable<std::string> errorReason;
    std::string updatedAt;
    Poco::Int64 id = 0;
    int oldProgress = 0, oldRead = 0, oldFailed = 0;
};

// Applies a batch of events inside one write transaction. Entries are read once for the whole
// batch (locked FOR UPDATE on MySQL/MariaDB), moved forward in memory event by event, and each
// touched entry is written once at the end with one re-executed statement: the per-event
// SELECT + UPDATE pairs this replaced (each prepared anew by the MySQL connector) let webhook
// processing fall minutes behind a 1,000 msg/s campaign on MariaDB.
class Applier {
public:
    Applier(Poco::Data::Session& s, helpdesk::Dialect d, Poco::Logger& log, const counters::DayKey& dayKey)
        : s_(s), dialect_(d), log_(log), dayKey_(dayKey) {}

    // Reads the entries of these wamids in a few queries; later lookups come from memory.
    void preload(const std::vector<std::string>& wamids) {
        loadWhereIn("wamid", wamids);
        for (const auto& w : wamids)
            if (!byWamid_.count(w)) byWamid_[w] = -1; // known to be missing: no second query
    }

    // Reads (and locks) the entries the callback data of statuses whose wamid is not stored yet
    // names, in a few queries: the adoptions that follow come from memory. At 1,000 msg/s about
    // one entry in six is adopted (its "sent" webhook beat the send's answer), and reading each
    // one apart was the webhook path's largest statement.
    void preloadAdoptable(const std::vector<std::pair<std::string, long long>>& wamidAndEntry) {
        std::vector<Poco::Int64> ids;
        for (const auto& [wamid, entry] : wamidAndEntry) {
            auto it = byWamid_.find(wamid);
            if (it != byWamid_.end() && it->second < 0 && !touched_.count(entry)) ids.push_back(entry);
        }
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        loadWhereIn("id", ids);
    }

    Touched* byWamid(const std::string& wamid) {
        auto it = byWamid_.find(wamid);
        if (it == byWamid_.end()) {
            Poco::Data::Statement st(s_);
            std::string w = wamid;
            st << kSelect + "wamid = ?" + lockClause(), use(w);
            load(st);
            it = byWamid_.find(wamid);
            if (it == byWamid_.end()) it = byWamid_.emplace(wamid, -1).first;
        }
        return it->second < 0 ? nullptr : &touched_.at(it->second);
    }

    Touched* byId(long long id) {
        if (auto it = touched_.find(id); it != touched_.end()) return &it->second;
        Poco::Data::Statement st(s_);
        Poco::Int64 key = id;
        st << kSelect + "id = ?" + lockClause(), use(key);
        load(st);
        auto it = touched_.find(id);
        return it == touched_.end() ? nullptr : &it->second;
    }

    // Status events of a wamid we do not know yet can still be adopted through the callback data.
    // The entry is locked (read FOR UPDATE; SQLite has one writer), so its adoption is certain
    // and is written with the batch's others by flush().
    Touched* adopt(long long entryId, const std::string& attempt, const std::string& wamid, const std::string& at) {
        auto* e = byId(entryId);
        if (!e || e->attemptId != attempt ||
            (e->row.state != code(campaign::EntryState::Unknown) && e->row.state != code(campaign::EntryState::Dispatching)))
            return nullptr;
        const std::string from = e->row.state;
        adoptions_.push_back({entryId, wamid, at, from});
        CounterDelta d;
        if (from == code(campaign::EntryState::Unknown))
            d.unknown = -1;
        else
            d.queued = -1;
        d.accepted = 1;
        book.add(e->row.campaignId, dayOf(at), d);
        // An unknown entry found sent is news; a "sent" webhook beating the send's answer is routine.
        if (from == code(campaign::EntryState::Unknown))
            log_.information("campaigns: entry %s (campaign %s) was unknown; a webhook shows Meta accepted it as %s",
                             std::to_string(entryId), std::to_string(e->row.campaignId), wamid);
        e->row.state = code(campaign::EntryState::Accepted);
        byWamid_[wamid] = entryId;
        return e;
    }

    // Moves the entry forward in memory; written by flush().
    void apply(Touched& e, Happening what, const std::string& at, int errorCode = 0) {
        Step step = advance(e.row.marks, what);
        if (step.ignoredFailure)
            log_.warning("campaigns: entry %s: failed status after delivery ignored (code %d)", std::to_string(e.row.id),
                         errorCode);
        if (!step.changed) return;
        const Marks& b = e.row.marks;
        const Marks& f = step.after;
        auto first = [&](Poco::Nullable<std::string>& column) {
            if (column.isNull()) column = at;
        };
        if (f.progress >= campaign::Progress::Sent && b.progress < campaign::Progress::Sent) first(e.sentAt);
        if (f.progress >= campaign::Progress::Delivered && b.progress < campaign::Progress::Delivered) first(e.deliveredAt);
        if (f.readSeen && !b.readSeen) first(e.readAt);
        if (f.progress >= campaign::Progress::Replied && b.progress < campaign::Progress::Replied) first(e.repliedAt);
        if (f.progress >= campaign::Progress::Addressed && b.progress < campaign::Progress::Addressed) first(e.addressedAt);
        if (f.failedAfterAccept && !b.failedAfterAccept) {
            first(e.failedAt);
            e.errorCode = errorCode;
            e.errorReason = cloudapi::spanishReason(errorCode);
        }
        e.row.marks = f;
        e.deltas.emplace_back(dayOf(at), step.delta);
        e.dirty = true;
    }

    // Writes every changed entry once; counters move only for rows actually written, and the
    // WHERE clause repeats the marks read so a concurrent writer's change is never overwritten.
    void flush() {
        writeAdoptions();
        writeDirty();
        book.flush(s_, dialect_);
    }

    // Writes the adoptions noted so far (one UPDATE per kUpdateRows, each row moved from the state
    // it was read in, locked since, to accepted with the webhook's wamid), so statements that read
    // the table (a reply's match against the entries accepted for its number) see them.
    void writeAdoptions() {
        std::string ts = storage::utcNowText();
        for (std::size_t i = 0; i < adoptions_.size(); i += kUpdateRows) {
            const std::size_t n = std::min(adoptions_.size() - i, kUpdateRows);
            std::string rows;
            for (std::size_t k = 0; k < n; ++k)
                rows += k == 0 ? "SELECT ? AS id, ? AS wamid, ? AS accepted_at, ? AS from_state, ? AS updated_at"
                               : " UNION ALL SELECT ?, ?, ?, ?, ?";
            Poco::Data::Statement st(s_);
            st << storage::updateFromRows(dialect_, "campaigns_entries", rows, kAdopted, "e.state = v.from_state");
            for (std::size_t k = i; k < i + n; ++k) {
                auto& a = adoptions_[k];
                st, use(a.id), use(a.wamid), use(a.at), use(a.from), use(ts);
            }
            if (const auto written = st.execute(); written != n)
                throw Poco::Data::DataException(
                    "adopted " + std::to_string(written) + " of " + std::to_string(n) +
                    " entries a webhook showed accepted"); // locked: cannot happen; the batch is retried
        }
        adoptions_.clear();
    }

    CounterBook book;

private:
    static inline const std::string kSelect =
        "SELECT id, campaign_id, state, progress, read_seen, failed_after_accept, COALESCE(wamid, ''), attempt_id"
        " FROM campaigns_entries WHERE ";

    std::string lockClause() const { return storage::forUpdate(dialect_); }

    // Loads (and locks) the entries whose `column` is one of `keys`, 200 to a query.
    template <typename Key>
    void loadWhereIn(const std::string& column, const std::vector<Key>& keys) {
        constexpr std::size_t chunk = 200;
        for (std::size_t i = 0; i < keys.size(); i += chunk) {
            std::vector<Key> part(keys.begin() + static_cast<std::ptrdiff_t>(i),
                                  keys.begin() + static_cast<std::ptrdiff_t>(std::min(keys.size(), i + chunk)));
            Poco::Data::Statement st(s_);
            st << kSelect + column + " IN (" + storage::placeholders(part.size()) + ")" + lockClause();
            for (auto& k : part) st, use(k);
            load(st);
        }
    }

    void load(Poco::Data::Statement& st) {
        std::vector<EntryRecord> rows;
        st, into(rows);
        st.execute();
        for (const auto& r : rows) {
            if (touched_.count(r.id)) continue; // memory is ahead of the table within the batch
            Touched t;
            t.row.id = r.id;
            t.row.campaignId = r.campaignId;
            t.row.state = r.state;
            t.row.marks = {r.progress, r.readSeen != 0, r.failedAfterAccept != 0};
            t.stored = t.row.marks;
            t.attemptId = r.attemptId;
            touched_.emplace(r.id, std::move(t));
            if (!r.wamid.empty()) byWamid_[r.wamid] = r.id;
        }
    }

    // Writes changed entries with one UPDATE per kUpdateRows of them (joined to their new values)
    // instead of one execution each: at three status webhooks per message, the per-entry
    // statement was the webhook path's largest share of the database's work. The statement for a
    // full chunk is prepared once per batch and re-executed with new values.
    void writeDirty() {
        std::vector<Touched*> dirty;
        for (auto& [id, e] : touched_)
            if (e.dirty) dirty.push_back(&e);
        for (std::size_t i = 0; i < dirty.size(); i += kUpdateRows)
            write(std::vector<Touched*>(dirty.begin() + static_cast<std::ptrdiff_t>(i),
                                        dirty.begin() + static_cast<std::ptrdiff_t>(std::min(dirty.size(), i + kUpdateRows))));
    }

    void write(const std::vector<Touched*>& rows) {
        const std::string now = storage::utcNowText();
        auto& values = rows.size() == kUpdateRows ? fullValues_ : oddValues_;
        values.resize(rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const Touched& e = *rows[i];
            UpdateRow& u = values[i];
            u.progress = e.row.marks.progress;
            u.readSeen = e.row.marks.readSeen ? 1 : 0;
            u.failed = e.row.marks.failedAfterAccept ? 1 : 0;
            u.sentAt = e.sentAt;
            u.deliveredAt = e.deliveredAt;
            u.readAt = e.readAt;
            u.repliedAt = e.repliedAt;
            u.addressedAt = e.addressedAt;
            u.failedAt = e.failedAt;
            u.errorCode = e.errorCode;
            u.errorReason = e.errorReason;
            u.updatedAt = now;
            u.id = e.row.id;
            u.oldProgress = e.stored.progress;
            u.oldRead = e.stored.readSeen ? 1 : 0;
            u.oldFailed = e.stored.failedAfterAccept ? 1 : 0;
        }
        std::size_t written = 0;
        if (rows.size() == kUpdateRows) {
            if (!fullUpdate_) fullUpdate_ = prepareUpdate(fullValues_);
            written = fullUpdate_->execute();
        } else {
            written = prepareUpdate(oddValues_)->execute();
        }
        // The WHERE clause repeats the marks read, so a concurrent writer's change is never
        // overwritten (impossible under the row locks / SQLite's single writer). Should a row
        // not be written anyway, the table says which: only written rows are counted.
        std::set<long long> notWritten;
        if (written != rows.size()) notWritten = unwritten(rows);
        for (Touched* e : rows) {
            if (notWritten.count(e->row.id)) {
                log_.warning("campaigns: entry %s changed under the webhook processor; its events are not counted twice",
                             std::to_string(e->row.id));
                e->row.marks = e->stored;
            } else {
                for (const auto& [day, delta] : e->deltas) book.add(e->row.campaignId, day, delta);
                e->stored = e->row.marks;
            }
            e->deltas.clear();
            e->dirty = false;
            e->sentAt = e->deliveredAt = e->readAt = e->repliedAt = e->addressedAt = e->failedAt = Poco::Nullable<std::string>();
            e->errorCode = Poco::Nullable<int>();
            e->errorReason = Poco::Nullable<std::string>();
        }
    }

    // One UPDATE for `values.size()` entries, bound to `values` (which must not move while the
    // statement lives): the new values come as a derived table of "SELECT ?, ..." rows joined by id.
    std::unique_ptr<Poco::Data::Statement> prepareUpdate(std::vector<UpdateRow>& values) {
        std::string rowsSql;
        for (std::size_t i = 0; i < values.size(); ++i)
            rowsSql += i == 0 ? "SELECT ? AS id, ? AS progress, ? AS read_seen, ? AS failed, ? AS sent_at, ? AS delivered_at,"
                                " ? AS read_at, ? AS replied_at, ? AS addressed_at, ? AS failed_at, ? AS error_code,"
                                " ? AS error_reason, ? AS updated_at, ? AS old_progress, ? AS old_read, ? AS old_failed"
                              : " UNION ALL SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
        auto st = std::make_unique<Poco::Data::Statement>(s_);
        *st << storage::updateFromRows(dialect_, "campaigns_entries", rowsSql, newValues(), kSameMarks);
        for (auto& u : values)
            *st, use(u.id), use(u.progress), use(u.readSeen), use(u.failed), use(u.sentAt), use(u.deliveredAt), use(u.readAt),
                use(u.repliedAt), use(u.addressedAt), use(u.failedAt), use(u.errorCode), use(u.errorReason), use(u.updatedAt),
                use(u.oldProgress), use(u.oldRead), use(u.oldFailed);
        return st;
    }

    // The assignments: the marks, each time column set once (the first event's), the error's code
    // and reason replaced by a newer failure's.
    static std::vector<std::string> newValues() {
        std::vector<std::string> set{"progress = v.progress", "read_seen = v.read_seen", "failed_after_accept = v.failed"};
        for (const std::string c : {"sent_at", "delivered_at", "read_at", "replied_at", "addressed_at", "failed_at"})
            set.push_back(c + " = COALESCE(e." + c + ", v." + c + ")");
        for (const std::string c : {"error_code", "error_reason"}) set.push_back(c + " = COALESCE(v." + c + ", e." + c + ")");
        set.emplace_back("updated_at = v.updated_at");
        return set;
    }
    static inline const std::vector<std::string> kAdopted{
        "state = 'accepted'", "wamid = v.wamid",   "accepted_at = v.accepted_at", "lease_owner = ''",
        "lease_until = NULL", "error_reason = ''", "updated_at = v.updated_at"};
    static inline const std::string kSameMarks =
        "e.progress = v.old_progress AND e.read_seen = v.old_read AND e.failed_after_accept = v.old_failed";

    // The entries of `rows` whose marks in the table are not the ones just written.
    std::set<long long> unwritten(const std::vector<Touched*>& rows) {
        std::vector<Poco::Int64> ids;
        for (const Touched* e : rows) ids.push_back(e->row.id);
        std::vector<EntryRecord> now;
        std::set<long long> out;
        for (const Touched* e : rows) out.insert(e->row.id);
        Poco::Data::Statement st(s_);
        st << kSelect + "id IN (" + storage::placeholders(ids.size()) + ")";
        for (auto& id : ids) st, use(id);
        st, into(now);
        st.execute();
        for (const auto& r : now) {
            auto it = touched_.find(r.id);
            const Marks& m = it == touched_.end() ? Marks{} : it->second.row.marks;
            if (it != touched_.end() && r.progress == m.progress && (r.readSeen != 0) == m.readSeen &&
                (r.failedAfterAccept != 0) == m.failedAfterAccept)
                out.erase(r.id);
        }
        return out;
    }

    // `at` is "YYYY-MM-DD HH:MM:SS.mmm" UTC, as stored; the day key needs the instant.
    std::string dayOf(const std::string& at) {
        auto it = days_.find(at.substr(0, 19));
        if (it != days_.end()) return it->second;
        int tz = 0;
        std::string day = dayKey_(Poco::DateTimeParser::parse("%Y-%m-%d %H:%M:%S", at.substr(0, 19), tz).timestamp());
        days_.emplace(at.substr(0, 19), day);
        return day;
    }

    Poco::Data::Session& s_;
    helpdesk::Dialect dialect_;
    Poco::Logger& log_;
    const counters::DayKey& dayKey_;
    std::map<long long, Touched> touched_;
    std::map<std::string, long long> byWamid_; // -1: looked up, not there
    struct Adoption {
        Poco::Int64 id;
        std::string wamid, at, from;
    };
    std::vector<Adoption> adoptions_;               // written by flush()
    std::map<std::string, std::string> days_;       // second -> day key (the time zone lookup is not free)
    static constexpr std::size_t kUpdateRows = 100; // 1,600 bound values a statement
    std::vector<UpdateRow> fullValues_, oddValues_;
    std::unique_ptr<Poco::Data::Statement> fullUpdate_;
};

std::string eventTime(long long unixSeconds) {
    if (unixSeconds <= 0) return storage::utcNowText();
    return storage::utcText(Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(unixSeconds)));
}

int firstErrorCode(const std::string& payload) {
    if (payload.empty()) return 0; // a status without errors keeps no payload (webhooks/WebhookEvent.h)
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

// Who a batch's messages belong to: the account of the number they were sent to, and the account
// of each campaign an answer matched. Read once per batch.
class Owners {
public:
    explicit Owners(Poco::Data::Session& s) : s_(s) {}

    // 0 when the number is none of ours (the message is still kept and reaches a ticket).
    long long accountOfNumber(const std::string& phoneNumberId) {
        if (phoneNumberId.empty()) return 0;
        auto it = byNumber_.find(phoneNumberId);
        if (it != byNumber_.end()) return it->second;
        std::vector<Poco::Int64> ids;
        std::string number = phoneNumberId;
        s_ << kAccountOfNumber, use(number), into(ids), now;
        return byNumber_[phoneNumberId] = ids.empty() ? 0 : ids.front();
    }
    long long accountOfCampaign(long long campaignId) {
        auto it = byCampaign_.find(campaignId);
        if (it != byCampaign_.end()) return it->second;
        std::vector<Poco::Int64> ids;
        Poco::Int64 id = campaignId;
        s_ << kAccountOfCampaign, use(id), into(ids), now;
        return byCampaign_[campaignId] = ids.empty() ? 0 : ids.front();
    }

private:
    static inline const std::string kAccountOfNumber = "SELECT id FROM campaigns_accounts WHERE phone_number_id = ?";
    static inline const std::string kAccountOfCampaign = "SELECT account_id FROM campaigns_campaigns WHERE id = ?";
    Poco::Data::Session& s_;
    std::map<std::string, long long> byNumber_;
    std::map<long long, long long> byCampaign_;
};

// A customer message as it is kept until TicketSync puts it on a ticket.
struct KeptMessage {
    Poco::Nullable<Poco::Int64> entryId; // null: matched to no campaign entry
    Poco::Int64 accountId = 0;
    std::string phone, wamid, author, body, receivedAt;
};

// The campaign entry a customer message answers: the message it quotes, else the most recent
// message this number got from the same account within the reply window (by the uploaded phone or
// by the WhatsApp id Meta answered with: two index lookups, as "phone = ? OR wa_id = ?" read the
// whole table). An answer quoting another account's message is not that entry's: it is kept as
// matched to nothing, with a log line. `account` 0 (a number that is none of ours) filters nothing.
Touched* matchAnswer(Poco::Data::Session& s, helpdesk::Dialect dialect, Poco::Logger& log, Applier& a, Owners& owners,
                     const InboundMessage& in, long long account, long long eventId) {
    auto ours = [&](const Touched& e) { return account == 0 || owners.accountOfCampaign(e.row.campaignId) == account; };
    if (!in.contextId.empty()) {
        if (Touched* e = a.byWamid(in.contextId)) {
            if (ours(*e)) return e;
            log.warning(
                "campaigns: webhook event %s quotes a message of campaign %s sent by another account than %s;"
                " kept as a message no campaign matches",
                std::to_string(eventId), std::to_string(e->row.campaignId), std::to_string(account));
            return nullptr;
        }
    }
    if (in.from.empty()) return nullptr;
    std::string phone = in.from, since = storage::utcText(Poco::Timestamp() - Poco::Timespan(24 * Poco::Timespan::HOURS));
    std::optional<RecentEntry> best;
    for (const char* column : {"phone", "wa_id"}) {
        std::vector<RecentEntry> hits;
        s << "SELECT id, " + storage::timeAsText(dialect, "accepted_at") + ", campaign_id FROM campaigns_entries WHERE " +
                 column + " = ? AND state = 'accepted' AND accepted_at >= ? ORDER BY accepted_at DESC, id DESC LIMIT 20",
            use(phone), use(since), into(hits), now;
        for (const auto& h : hits) {
            if (account != 0 && owners.accountOfCampaign(h.campaignId) != account) continue;
            if (!best || h.acceptedAt > best->acceptedAt || (h.acceptedAt == best->acceptedAt && h.id > best->id)) best = h;
            break;
        }
    }
    return best ? a.byId(best->id) : nullptr;
}

const std::string kKeepMessage =
    " campaigns_inbound_messages (entry_id, account_id, phone, wamid, author, body, received_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)";
const char* const kSelectPayload = "SELECT payload FROM campaigns_webhook_events WHERE id = ?";
const std::string kSetAside =
    "UPDATE campaigns_webhook_events SET processed = " + webhooks::sqlValue(Processing::SetAside) + " WHERE id = ?";
const std::string kMarkApplied =
    "UPDATE campaigns_webhook_events SET processed = " + webhooks::sqlValue(Processing::Applied) + " WHERE id IN ";
const std::string kMarkWaiting =
    "UPDATE campaigns_webhook_events SET processed = " + webhooks::sqlValue(Processing::WaitingForWamid) + " WHERE id IN ";
// The event kinds this processor applies, as campaigns_webhook_events.kind stores them
// (webhooks::kindName).
const char* const kStatusKind = "status";
const char* const kMessageKind = "message";
const char* const kPreferenceKind = "preference";

// The pending events of one kind, oldest first. Poco's MySQL connector sizes its row buffer by
// the column type and zeroes it on every query: 16 MB for a MEDIUMTEXT, which made the batch spend
// most of its time in memset and page faults. A bounded CHAR keeps the buffer small; longer
// payloads are read one by one (readQueue).
std::string queueSelect(helpdesk::Dialect dialect) {
    const bool mysql = dialect == helpdesk::Dialect::MySQL;
    std::string sql = std::string("SELECT id, kind, wamid, status, callback_data, event_time, ") +
                      (mysql ? "CAST(payload AS CHAR(" + std::to_string(kInlinePayload) + "))" : "payload") +
                      (mysql ? ", CHAR_LENGTH(payload)" : ", LENGTH(payload)") +
                      ", phone_number_id FROM campaigns_webhook_events WHERE kind = ? AND processed = " +
                      webhooks::sqlValue(Processing::Pending) + " ORDER BY id LIMIT ?";
    if (mysql) sql += " FOR UPDATE SKIP LOCKED";
    return sql;
}

// The oldest `limit` pending events of every kind this processor applies, in arrival order.
// Each kind is read through (kind, processed, id), the events table's one queue index (migration
// 010), then the kinds are merged back into arrival order and cut at `limit`: a reply applied
// before an older status of its message would miss an entry that status adopts, and would stamp
// sent/delivered with the reply's time. Rows read past the cut stay locked until this batch
// commits and come first in the next one.
std::vector<QueuedEvent> readQueue(Poco::Data::Session& s, helpdesk::Dialect dialect, std::size_t limit) {
    std::vector<QueuedEvent> events;
    Poco::UInt32 n = static_cast<Poco::UInt32>(limit);
    const std::string sql = queueSelect(dialect);
    for (std::string kind : {kStatusKind, kMessageKind, kPreferenceKind}) {
        std::vector<QueuedEvent> part;
        s << sql, use(kind), use(n), into(part), now;
        events.insert(events.end(), part.begin(), part.end());
    }
    std::sort(events.begin(), events.end(), [](const QueuedEvent& a, const QueuedEvent& b) { return a.id < b.id; });
    if (events.size() > limit) events.erase(events.begin() + static_cast<std::ptrdiff_t>(limit), events.end());
    for (auto& e : events) {
        if (e.payloadLength <= kInlinePayload) continue;
        Poco::Int64 id = e.id;
        s << kSelectPayload, use(id), into(e.payload), now;
    }
    return events;
}

// The distinct wamids the batch's status events are about, for Applier::preload.
std::vector<std::string> statusWamids(const std::vector<QueuedEvent>& events) {
    std::vector<std::string> wamids;
    for (const auto& e : events)
        if (e.kind == kStatusKind && !e.wamid.empty()) wamids.push_back(e.wamid);
    std::sort(wamids.begin(), wamids.end());
    wamids.erase(std::unique(wamids.begin(), wamids.end()), wamids.end());
    return wamids;
}

// (wamid, entry) of the status events whose callback data names an entry (sending::callbackDataFor).
std::vector<std::pair<std::string, long long>> adoptableEntries(const std::vector<QueuedEvent>& events) {
    std::vector<std::pair<std::string, long long>> out;
    for (const auto& e : events)
        if (e.kind == kStatusKind && !e.wamid.empty())
            if (auto cb = sending::parseCallbackData(e.callbackData)) out.emplace_back(e.wamid, cb->first);
    return out;
}

// Applies the events of one batch, each in the batch's transaction: one method per kind.
class BatchApplier {
public:
    BatchApplier(Poco::Data::Session& s, helpdesk::Dialect dialect, Poco::Logger& log, Applier& applier, OptOutRecorder& optOuts)
        : s_(s), dialect_(dialect), log_(log), a_(applier), owners_(s), optOuts_(optOuts) {}

    // False when the event is a status whose wamid is not stored yet: it waits for the sender.
    bool apply(const QueuedEvent& e) {
        const std::string at = eventTime(e.eventTime);
        if (e.kind == kStatusKind) return status(e, at);
        a_.writeAdoptions(); // a reply is matched against the table: this batch's adoptions first
        if (e.kind == kPreferenceKind)
            optOuts_.preference(e.payload, e.phoneNumberId, e.id);
        else
            message(e, at);
        return true;
    }

private:
    bool status(const QueuedEvent& ev, const std::string& at) {
        Touched* e = a_.byWamid(ev.wamid);
        if (!e)
            if (auto cb = sending::parseCallbackData(ev.callbackData)) e = a_.adopt(cb->first, cb->second, ev.wamid, at);
        // Not an entry: a test message's status ("Enviar prueba") updates its own row, or it waits.
        if (!e) return planning::applyTestMessageStatus(s_, dialect_, ev.wamid, ev.status, firstErrorCode(ev.payload), at);
        if (ev.status == "sent")
            a_.apply(*e, Happening::Sent, at);
        else if (ev.status == "delivered")
            a_.apply(*e, Happening::Delivered, at);
        else if (ev.status == "read")
            a_.apply(*e, Happening::Read, at);
        else if (ev.status == "failed") {
            const int code = firstErrorCode(ev.payload);
            a_.apply(*e, Happening::Failed, at, code);
            if (code == kUserStoppedMarketing) optOuts_.userStoppedMarketing(e->row.campaignId, e->row.id);
        }
        return true;
    }

    // A customer message: a reply to the entry it answers (if any), an opt-out if it says so, and
    // kept for TicketSync.
    void message(const QueuedEvent& ev, const std::string& at) {
        const auto in = parseInboundMessage(ev.payload);
        const long long account = owners_.accountOfNumber(ev.phoneNumberId);
        Touched* e = matchAnswer(s_, dialect_, log_, a_, owners_, in, account, ev.id);
        KeptMessage kept;
        if (e && e->row.state == code(campaign::EntryState::Accepted)) {
            a_.apply(*e, Happening::Replied, at);
            kept.entryId = e->row.id;
        }
        optOuts_.message(in, account, e ? e->row.campaignId : 0, e ? e->row.id : 0);
        kept.accountId = account;
        kept.phone = in.from.substr(0, 32);
        kept.wamid = ev.wamid;
        kept.author = in.author.substr(0, 200);
        kept.body = in.text;
        kept.receivedAt = at;
        s_ << std::string(storage::insertIgnore(dialect_)) + kKeepMessage, use(kept.entryId), use(kept.accountId),
            use(kept.phone), use(kept.wamid), use(kept.author), use(kept.body), use(kept.receivedAt), now;
    }

    Poco::Data::Session& s_;
    helpdesk::Dialect dialect_;
    Poco::Logger& log_;
    Applier& a_;
    Owners owners_;
    OptOutRecorder& optOuts_;
};

} // namespace

EventProcessor::EventProcessor(helpdesk::Database& db, Poco::Logger& log, counters::DayKey dayKey,
                               suppressions::OptOutKeywords keywords)
    : db_(db), log_(log), dayKey_(std::move(dayKey)), keywords_(std::move(keywords)) {}

std::size_t EventProcessor::processBatch(std::size_t limit) {
    return storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) -> std::size_t {
        const std::vector<QueuedEvent> events = readQueue(s, db_.dialect(), limit);
        if (events.empty()) return 0;
        Applier a(s, db_.dialect(), log_, dayKey_);
        OptOutRecorder optOuts(s, db_.dialect(), log_, keywords_);
        BatchApplier batch(s, db_.dialect(), log_, a, optOuts);
        a.preload(statusWamids(events));
        a.preloadAdoptable(adoptableEntries(events));
        std::vector<Poco::Int64> done, waiting;
        for (const auto& e : events) {
            try {
                (batch.apply(e) ? done : waiting).push_back(e.id);
            } catch (const Poco::Data::DataException&) {
                // A database error (deadlock, lock wait, lost connection) may already have rolled
                // the whole transaction back on the server; carrying on would flush counters for
                // entry changes that no longer exist. Abort the batch; it is retried as a whole.
                throw;
            } catch (const Poco::Exception& ex) {
                // A malformed event must not block the ones behind it: it is set aside with a log line.
                log_.error("campaigns: webhook event %s could not be applied: %s", std::to_string(e.id), ex.displayText());
                Poco::Int64 id = e.id;
                s << kSetAside, use(id), now;
            }
        }
        a.flush();
        storage::executeForIds(s, kMarkApplied, done);
        storage::executeForIds(s, kMarkWaiting, waiting);
        return events.size();
    });
}

bool EventProcessor::markAddressed(long long entryId, long long eventTimeMs) {
    return storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) {
        Applier a(s, db_.dialect(), log_, dayKey_);
        auto* entry = a.byId(entryId);
        if (!entry || entry->row.state != code(campaign::EntryState::Accepted) ||
            entry->row.marks.progress != campaign::Progress::Replied)
            return false;
        a.apply(*entry, Happening::Addressed,
                storage::utcText(Poco::Timestamp(static_cast<Poco::Timestamp::TimeVal>(eventTimeMs) * 1000)));
        a.flush();
        return true;
    });
}

} // namespace campaigns::tracking
