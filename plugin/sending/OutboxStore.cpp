#include "sending/OutboxStore.h"

#include "campaign/CampaignState.h"
#include "campaign/FrequencyCap.h"
#include "counters/CounterBook.h"
#include "quality/CampaignPauser.h"
#include "quality/PauseCodes.h"
#include "sending/CampaignResumer.h"
#include "storage/IdList.h"
#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"
#include "storage/Transaction.h"
#include "suppressions/SuppressionStore.h"
#include "webhooks/WebhookEventStore.h"

#include <Poco/Data/DataException.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>
#include <Poco/NumberParser.h>
#include <Poco/Random.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <set>

using namespace Poco::Data::Keywords;
using campaigns::counters::CounterBook;
using campaigns::counters::CounterDelta;

namespace campaigns::sending {
namespace {

// The outbox's claim reads (OutboxStore::dueEntries), one index range each.
constexpr const char* kDueSelect = "SELECT id, phone, params_json, attempts FROM campaigns_entries";
constexpr const char* kDueTimed =
    " WHERE campaign_id = ? AND state = ? AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?";
constexpr const char* kDueFresh = " WHERE campaign_id = ? AND state = ? AND next_attempt_at IS NULL ORDER BY id LIMIT ?";
// An entry and the attempt that holds it (SELECT id, attempt_id).
struct AttemptRow {
    Poco::Int64 id = 0;
    std::string attemptId;
};
// An expired dispatching entry (SELECT id, campaign_id, attempt_id).
struct ExpiredRow {
    Poco::Int64 id = 0;
    Poco::Int64 campaignId = 0;
    std::string attemptId;
};
// An entry due for sending (dueSelect()).
struct DueRow {
    Poco::Int64 id = 0;
    std::string phone, paramsJson;
    int attempts = 0;
};
// A sending campaign whose counters say it drained (SELECT id, n_accepted, n_failed_send, n_unknown).
struct DrainedRow {
    Poco::Int64 id = 0;
    int accepted = 0;
    int failedSend = 0;
    int unknown = 0;
};
} // namespace
} // namespace campaigns::sending

template <>
class Poco::Data::TypeHandler<campaigns::sending::AttemptRow>
    : public campaigns::storage::RowHandler<campaigns::sending::AttemptRow, &campaigns::sending::AttemptRow::id,
                                            &campaigns::sending::AttemptRow::attemptId> {};
template <>
class Poco::Data::TypeHandler<campaigns::sending::DueRow>
    : public campaigns::storage::RowHandler<campaigns::sending::DueRow, &campaigns::sending::DueRow::id,
                                            &campaigns::sending::DueRow::phone, &campaigns::sending::DueRow::paramsJson,
                                            &campaigns::sending::DueRow::attempts> {};
template <>
class Poco::Data::TypeHandler<campaigns::sending::ExpiredRow>
    : public campaigns::storage::RowHandler<campaigns::sending::ExpiredRow, &campaigns::sending::ExpiredRow::id,
                                            &campaigns::sending::ExpiredRow::campaignId,
                                            &campaigns::sending::ExpiredRow::attemptId> {};
template <>
class Poco::Data::TypeHandler<campaigns::sending::DrainedRow>
    : public campaigns::storage::RowHandler<
          campaigns::sending::DrainedRow, &campaigns::sending::DrainedRow::id, &campaigns::sending::DrainedRow::accepted,
          &campaigns::sending::DrainedRow::failedSend, &campaigns::sending::DrainedRow::unknown> {};

namespace campaigns::sending {

namespace {

std::string newAttemptId() {
    // Unique across instances and restarts: random prefix per process, counter within it.
    static const std::string prefix = [] {
        Poco::Random r;
        r.seed();
        char buf[16];
        std::snprintf(buf, sizeof buf, "%08x", r.next());
        return std::string(buf);
    }();
    static std::atomic<unsigned long long> counter{0};
    return prefix + "-" + std::to_string(++counter);
}

// Status webhooks that arrived before their answer was recorded wait (WaitingForWamid) for its
// wamid; this puts them back in the queue. On MySQL/MariaDB the events are locked with SKIP
// LOCKED: a locked one is held by the webhook processor, which locks the entries of its events'
// wamids next, so waiting for it while holding the entry just accepted was a deadlock that rolled
// the whole batch of outcomes back. Skipping loses nothing: the processor either read this
// entry's gap first, and then this transaction could not store the wamid before the processor
// committed its "waiting" mark (REPEATABLE READ gap lock, see Transaction.h), or it reads the
// entry after this commit and applies the event itself.
void wakeWaitingEvents(Poco::Data::Session& s, helpdesk::Dialect dialect, const std::vector<std::string>& wamids) {
    if (wamids.empty()) return;
    using webhooks::Processing;
    const std::string wake = "UPDATE campaigns_webhook_events SET processed = " + webhooks::sqlValue(Processing::Pending) +
                             " WHERE processed = " + webhooks::sqlValue(Processing::WaitingForWamid);
    if (dialect != helpdesk::Dialect::MySQL) {
        storage::executeForIds(s, wake + " AND wamid IN ", wamids);
        return;
    }
    const auto ids = storage::selectForIds<Poco::Int64>(s,
                                                        "SELECT id FROM campaigns_webhook_events WHERE processed = " +
                                                            webhooks::sqlValue(Processing::WaitingForWamid) + " AND wamid IN ",
                                                        wamids, " FOR UPDATE SKIP LOCKED");
    storage::executeForIds(s, wake + " AND id IN ", ids);
}

// The WABA whose suppression list the campaign's sends respect: none for a UTILITY campaign whose
// creator chose to include suppressed numbers.
const std::string kExclusionWabaOfCampaign =
    "SELECT CASE WHEN c.include_suppressed_for_utility = 1 AND t.category = 'UTILITY' THEN '' ELSE a.waba_id END"
    " FROM campaigns_campaigns c JOIN campaigns_accounts a ON a.id = c.account_id"
    " LEFT JOIN campaigns_templates t ON t.id = c.template_id WHERE c.id = ?";
const std::string kDeferEntry =
    "UPDATE campaigns_entries SET state = 'deferred', next_attempt_at = ?, error_code = ?, error_reason = ?,"
    " lease_owner = '', lease_until = NULL, updated_at = ? WHERE id = ? AND attempt_id = ? AND state = 'dispatching'";
const char* const kFailEntry =
    "UPDATE campaigns_entries SET state = 'failed', failed_at = ?, error_code = ?, error_reason = ?,"
    " lease_owner = '', lease_until = NULL, updated_at = ?"
    " WHERE id = ? AND attempt_id = ? AND state = 'dispatching'";
const char* const kRequeueEntry =
    "UPDATE campaigns_entries SET state = 'queued', next_attempt_at = ?, error_code = ?, error_reason = ?,"
    " lease_owner = '', lease_until = NULL, updated_at = ?"
    " WHERE id = ? AND attempt_id = ? AND state = 'dispatching'";
// A request that never left (the connection failed) is not a try: during a Cloud API outage the
// entries wait for it to answer again instead of using up their tries.
const char* const kRequeueUntried =
    "UPDATE campaigns_entries SET state = 'queued', attempts = attempts - 1, next_attempt_at = ?, error_code = ?,"
    " error_reason = ?, lease_owner = '', lease_until = NULL, updated_at = ?"
    " WHERE id = ? AND attempt_id = ? AND state = 'dispatching'";
const char* const kAccountsPausedFor =
    "SELECT DISTINCT account_id FROM campaigns_campaigns WHERE state = 'paused' AND pause_code = ?";
// Resumed as "Reanudar" resumes (sending/CampaignResumer).
const char* const kPausedFor = "SELECT id FROM campaigns_campaigns WHERE account_id = ? AND state = 'paused' AND pause_code = ?";
const char* const kSendableNow =
    "SELECT COUNT(*) FROM campaigns_campaigns WHERE id = ? AND state = 'sending' AND (hold_until IS NULL OR hold_until <= ?)";
const char* const kUnknownEntry =
    "UPDATE campaigns_entries SET state = 'unknown', error_reason = ?, lease_owner = '',"
    " lease_until = NULL, updated_at = ? WHERE id = ? AND attempt_id = ? AND state = 'dispatching'";
// What every unknown entry's reason ends with, as the crash's says: only someone who accepts a
// possible duplicate may send it again ("Reintentar fallidos").
constexpr const char* kNotResent = "; no se reenvía automáticamente.";
constexpr int kUserStoppedMarketing = 131050;
// Meta: after 131049 wait at least 24 hours; resending sooner makes that user unavailable longer.
constexpr std::chrono::seconds kMinDeferral{24 * 3600};
const std::string kSuppressEntry =
    "UPDATE campaigns_entries SET state = 'suppressed', error_code = 0, error_reason = ?, updated_at = ?"
    " WHERE id = ? AND state = ?";

// Over the frequency cap: held until the window frees (it stays queued or deferred, due then) or,
// when the campaign chose to skip, final as 'capped'.
const std::string kHoldEntry =
    "UPDATE campaigns_entries SET next_attempt_at = ?, error_reason = ?, updated_at = ? WHERE id = ? AND state = ?";
const std::string kCapEntry =
    "UPDATE campaigns_entries SET state = 'capped', error_code = 0, error_reason = ?, updated_at = ? WHERE id = ? AND state = ?";

// What the results and the entry show for an entry the frequency cap held (until `heldUntil`) or skipped.
std::string capReason(int perDay, const std::optional<Poco::Timestamp>& heldUntil) {
    const std::string cap = "tope de frecuencia: " + std::to_string(perDay) + (perDay == 1 ? " plantilla" : " plantillas") +
                            " de marketing por número cada 24 horas";
    if (!heldUntil) return "No enviado por el " + cap + ".";
    return "Retenido por el " + cap + "; se envía desde " + storage::utcText(*heldUntil).substr(0, 16) + " UTC.";
}

// "Número en la lista de exclusión (BAJA, 03-12-2026)": what the results show for a suppressed entry.
std::string suppressedReason(const suppressions::Suppression& why) {
    const std::string& at = why.createdAt; // YYYY-MM-DD...
    std::string date = at.size() >= 10 ? at.substr(8, 2) + "-" + at.substr(5, 2) + "-" + at.substr(0, 4) : at;
    std::string reason = why.reason.empty() ? why.source : why.reason;
    return ("Número en la lista de exclusión (" + reason + ", " + date + ")").substr(0, 500);
}

} // namespace

std::string callbackDataFor(long long entryId, const std::string& attemptId) {
    return "e=" + std::to_string(entryId) + ";a=" + attemptId;
}

std::optional<std::pair<long long, std::string>> parseCallbackData(const std::string& data) {
    if (data.rfind("e=", 0) != 0) return std::nullopt;
    auto sep = data.find(";a=");
    if (sep == std::string::npos) return std::nullopt;
    Poco::Int64 id = 0;
    if (!Poco::NumberParser::tryParse64(data.substr(2, sep - 2), id) || id <= 0) return std::nullopt;
    return std::make_pair(static_cast<long long>(id), data.substr(sep + 3));
}

OutboxStore::OutboxStore(helpdesk::Database& db, counters::DayKey dayKey, std::function<Poco::Timestamp()> clock)
    : db_(db), dayKey_(std::move(dayKey)), clock_(std::move(clock)) {}

std::vector<long long> OutboxStore::accountsWithWork() {
    auto s = db_.session();
    std::vector<Poco::Int64> ids;
    // a send window's hold (issue 13, hold_until) skips a campaign, on the same clock as next_attempt_at
    std::string nowText = storage::utcText(clock_ ? clock_() : Poco::Timestamp());
    s << "SELECT DISTINCT account_id FROM campaigns_campaigns WHERE state = 'sending'"
         " AND (hold_until IS NULL OR hold_until <= ?)",
        use(nowText), into(ids), now;
    return {ids.begin(), ids.end()};
}

std::vector<long long> OutboxStore::sendingCampaigns(long long accountId) {
    auto s = db_.session();
    std::vector<Poco::Int64> ids;
    Poco::Int64 account = accountId;
    // a send window's hold (issue 13, hold_until) skips a campaign, on the same clock as next_attempt_at
    std::string nowText = storage::utcText(clock_ ? clock_() : Poco::Timestamp());
    s << "SELECT id FROM campaigns_campaigns WHERE state = 'sending' AND account_id = ?"
         " AND (hold_until IS NULL OR hold_until <= ?) ORDER BY send_requested_at, id",
        use(account), use(nowText), into(ids), now;
    return {ids.begin(), ids.end()};
}

std::vector<ClaimedEntry> OutboxStore::claim(long long campaignId, const std::string& owner, const Poco::Timestamp& leaseUntil,
                                             std::size_t limit) {
    return storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) {
        std::vector<ClaimedEntry> claimed;
        const std::string waba = exclusionWabaOf(s, campaignId);
        auto cap = campaign::FrequencyCap::forCampaign(s, db_.dialect(), campaignId, clock_ ? clock_() : Poco::Timestamp());
        CounterBook book;
        // Suppressed numbers and those over the frequency cap are taken out before anything is
        // claimed; a batch made only of them would look like an empty outbox to the engine, so the
        // next due batch is read instead.
        for (int round = 0; round < 20 && claimed.empty(); ++round) {
            auto due = dueEntries(s, campaignId, limit);
            if (due.empty()) break;
            std::vector<DueEntry> sendable =
                holdOverCap(s, campaignId, cap, dropSuppressed(s, campaignId, waba, due, book), book);
            if (!sendable.empty()) claimed = claimDue(s, campaignId, owner, leaseUntil, sendable, book);
        }
        book.flush(s, db_.dialect());
        return claimed;
    });
}

std::string OutboxStore::exclusionWabaOf(Poco::Data::Session& s, long long campaignId) {
    std::vector<std::string> wabas;
    Poco::Int64 campaign = campaignId;
    s << kExclusionWabaOfCampaign, use(campaign), into(wabas), now;
    return wabas.empty() ? std::string() : wabas.front();
}

std::vector<OutboxStore::DueEntry> OutboxStore::dueEntries(Poco::Data::Session& s, long long campaignId, std::size_t limit) {
    std::vector<DueEntry> due;
    Poco::Int64 campaign = campaignId;
    std::string nowText = storage::utcText(clock_ ? clock_() : Poco::Timestamp());
    const bool mysql = db_.dialect() == helpdesk::Dialect::MySQL;
    // Three ranges of the claim index (campaign_id, state, next_attempt_at, id), each read in index
    // order and stopped at the limit: deferred entries (131049) whose wait is over, queued retries
    // and later waves whose time has come, then fresh entries. None reads an entry that waits for a
    // later time, so a campaign whose next wave leaves tomorrow costs three index seeks per tick,
    // not a scan of every waiting entry.
    struct Range {
        campaign::EntryState state;
        const char* condition;
        bool timed;
    };
    static constexpr Range kRanges[] = {
        {campaign::EntryState::Deferred, kDueTimed, true},
        {campaign::EntryState::Queued, kDueTimed, true},
        {campaign::EntryState::Queued, kDueFresh, false},
    };
    for (const auto& range : kRanges) {
        if (due.size() >= limit) break;
        Poco::UInt32 n = static_cast<Poco::UInt32>(limit - due.size());
        std::string st = code(range.state);
        std::vector<DueRow> rows;
        // MariaDB otherwise may pick another (campaign_id, ...) index and read and sort every queued
        // entry of the campaign on each claim.
        std::string sql = std::string(kDueSelect) + (mysql ? " FORCE INDEX (ix_campaigns_entries_claim)" : "") + range.condition +
                          (mysql ? " FOR UPDATE SKIP LOCKED" : "");
        Poco::Data::Statement select(s);
        select << sql, use(campaign), use(st), into(rows);
        if (range.timed) select, use(nowText);
        select, use(n), now;
        for (const auto& r : rows)
            due.push_back({r.id, r.phone, r.paramsJson, r.attempts, range.state == campaign::EntryState::Deferred});
    }
    return due;
}

namespace {
template <class Entry> // OutboxStore::DueEntry, private to the class
std::vector<std::string> phonesOf(const std::vector<Entry>& due) {
    std::vector<std::string> phones;
    phones.reserve(due.size());
    for (const auto& e : due) phones.push_back(e.phone);
    return phones;
}
} // namespace

std::vector<OutboxStore::DueEntry> OutboxStore::setAside(Poco::Data::Session& s, long long campaignId,
                                                         const std::vector<DueEntry>& due, Aside aside,
                                                         const std::function<std::optional<AsideWhy>(const DueEntry&)>& why,
                                                         CounterBook& book) {
    std::vector<DueEntry> sendable;
    std::optional<Poco::Data::Statement> st; // prepared on the first entry set aside
    Poco::Int64 id = 0;
    std::string until, reason, from, ts = storage::utcNowText();
    for (const auto& e : due) {
        auto verdict = why(e);
        if (!verdict) {
            sendable.push_back(e);
            continue;
        }
        if (!st) {
            st.emplace(s);
            if (aside == Aside::Held)
                *st << kHoldEntry, use(until), use(reason), use(ts), use(id), use(from);
            else
                *st << (aside == Aside::Suppressed ? kSuppressEntry : kCapEntry), use(reason), use(ts), use(id), use(from);
        }
        id = e.id;
        from = code(e.deferred ? campaign::EntryState::Deferred : campaign::EntryState::Queued);
        reason = std::move(verdict->reason);
        until = std::move(verdict->until);
        if (st->execute() != 1 || aside == Aside::Held) continue; // a held entry keeps its state and counters
        CounterDelta d;
        if (e.deferred)
            d.deferred = -1;
        else
            d.queued = -1;
        if (aside == Aside::Suppressed)
            d.suppressed = 1;
        else
            d.capped = 1;
        book.add(campaignId, "", d);
    }
    return sendable;
}

std::vector<OutboxStore::DueEntry> OutboxStore::dropSuppressed(Poco::Data::Session& s, long long campaignId,
                                                               const std::string& waba, const std::vector<DueEntry>& due,
                                                               CounterBook& book) {
    if (waba.empty()) return due;
    const auto listed = suppressions::SuppressionStore::findAmong(s, db_.dialect(), waba, phonesOf(due));
    if (listed.empty()) return due;
    return setAside(
        s, campaignId, due, Aside::Suppressed,
        [&](const DueEntry& e) -> std::optional<AsideWhy> {
            const auto hit = listed.find(e.phone);
            if (hit == listed.end()) return std::nullopt;
            return AsideWhy{suppressedReason(hit->second), {}};
        },
        book);
}

std::vector<OutboxStore::DueEntry> OutboxStore::holdOverCap(Poco::Data::Session& s, long long campaignId,
                                                            campaign::FrequencyCap& cap, std::vector<DueEntry> due,
                                                            CounterBook& book) {
    if (!cap.active() || due.empty()) return due;
    cap.load(phonesOf(due)); // the one lookup of this batch
    const bool skip = cap.action() == campaign::CapAction::Skip;
    return setAside(
        s, campaignId, due, skip ? Aside::Capped : Aside::Held,
        [&](const DueEntry& e) -> std::optional<AsideWhy> {
            const auto frees = cap.admit(e.phone);
            if (!frees) return std::nullopt;
            return AsideWhy{capReason(cap.perDay(), skip ? std::nullopt : frees), storage::utcText(*frees)};
        },
        book);
}

std::vector<ClaimedEntry> OutboxStore::claimDue(Poco::Data::Session& s, long long campaignId, const std::string& owner,
                                                const Poco::Timestamp& leaseUntil, const std::vector<DueEntry>& due,
                                                CounterBook& book) {
    std::vector<ClaimedEntry> claimed;
    // One statement for the batch: each entry's attempt is the batch's fresh id plus its own id,
    // unique across batches, instances and restarts.
    const std::string base = newAttemptId() + ".";
    std::vector<Poco::Int64> ids;
    ids.reserve(due.size());
    int wereDeferred = 0;
    for (const auto& e : due) {
        ids.push_back(e.id);
        if (e.deferred) ++wereDeferred;
    }
    const std::string attemptExpr = db_.dialect() == helpdesk::Dialect::MySQL ? "CONCAT(?, id)" : "(? || id)";
    const std::size_t updated = storage::executeForIds(
        s,
        "UPDATE campaigns_entries SET state = 'claimed', attempts = attempts + 1, attempt_id = " + attemptExpr +
            ", lease_owner = ?, lease_until = ?, updated_at = ? WHERE state IN ('queued', 'deferred') AND id IN ",
        ids, {base, owner, storage::utcText(leaseUntil), storage::utcNowText()});
    // The rows are locked (MySQL) or the writer is alone (SQLite), so this cannot differ; if it
    // ever did, roll the claim back rather than guess which entries are ours.
    if (updated != due.size())
        throw Poco::Data::DataException("claimed " + std::to_string(updated) + " of " + std::to_string(due.size()) +
                                        " locked entries");
    if (wereDeferred > 0) {
        // A deferred entry claimed again is in flight like any queued one.
        CounterDelta d;
        d.deferred = -wereDeferred;
        d.queued = wereDeferred;
        book.add(campaignId, "", d);
    }
    for (const auto& e : due)
        claimed.push_back({e.id, campaignId, e.phone, e.paramsJson, base + std::to_string(e.id), e.attempts + 1});
    return claimed;
}

std::string OutboxStore::campaignState(long long campaignId) {
    auto s = db_.session();
    std::vector<std::string> states;
    Poco::Int64 id = campaignId;
    s << "SELECT state FROM campaigns_campaigns WHERE id = ?", use(id), into(states), now;
    return states.empty() ? std::string() : states[0];
}

bool OutboxStore::sendableNow(long long campaignId) {
    auto s = db_.session();
    Poco::Int64 id = campaignId, n = 0;
    std::string nowText = storage::utcText(clock_ ? clock_() : Poco::Timestamp());
    s << kSendableNow, use(id), use(nowText), into(n), now;
    return n > 0;
}

std::size_t OutboxStore::cancelQueued(long long campaignId) {
    return storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) {
        Poco::Int64 id = campaignId;
        std::string ts = storage::utcNowText();
        CounterBook book;
        int total = 0;
        for (const campaign::EntryState from : {campaign::EntryState::Queued, campaign::EntryState::Deferred}) {
            std::string state = code(from);
            Poco::Data::Statement st(s);
            st << "UPDATE campaigns_entries SET state = 'cancelled', updated_at = ? WHERE campaign_id = ? AND state = ?", use(ts),
                use(id), use(state);
            const int n = static_cast<int>(st.execute());
            if (n == 0) continue;
            CounterDelta d;
            if (from == campaign::EntryState::Queued)
                d.queued = -n;
            else
                d.deferred = -n;
            d.cancelled = n;
            book.add(campaignId, "", d);
            total += n;
        }
        book.flush(s, db_.dialect());
        return static_cast<std::size_t>(total);
    });
}

std::vector<long long> OutboxStore::cancelledWithQueued() {
    auto s = db_.session();
    std::vector<Poco::Int64> ids;
    s << "SELECT id FROM campaigns_campaigns WHERE state = 'cancelled' AND (n_queued > 0 OR n_deferred > 0)", into(ids), now;
    return {ids.begin(), ids.end()};
}

namespace {

// "attempt_id = CASE id WHEN ? THEN ? ... END": each row's own attempt, for n rows.
std::string attemptOfEachRow(std::size_t n) {
    std::string sql = " AND attempt_id = CASE id";
    for (std::size_t i = 0; i < n; ++i) sql += " WHEN ? THEN ?";
    return sql + " END";
}

} // namespace

std::vector<bool> OutboxStore::markWritten(const std::vector<std::pair<long long, std::string>>& attempts,
                                           const Poco::Timestamp& leaseUntil) {
    std::vector<bool> marked(attempts.size(), false);
    if (attempts.empty()) return marked;
    // One UPDATE per round, in autocommit: a row moves only while it is still claimed by the
    // attempt about to write, which is atomic per row against recovery and cancellation, so no
    // locking read or transaction is needed (they were three of the round's four statements,
    // about 1.1 statements and 1.1 prepares per message in the cost benchmark). When every row
    // moved, that is the answer. Otherwise the rows now dispatching under their own attempt are
    // read back: a row this round moved keeps both until its outcome is recorded, or until its
    // lease (far longer than a round) expires, and no other attempt can have moved it.
    auto s = db_.session();
    std::string lease = storage::utcText(leaseUntil);
    std::vector<Poco::Int64> ids;
    std::vector<std::string> attemptIds;
    for (const auto& a : attempts) {
        ids.push_back(a.first);
        attemptIds.push_back(a.second);
    }
    const auto bindRows = [&](Poco::Data::Statement& st) {
        for (auto& id : ids) st, use(id);
        for (std::size_t i = 0; i < ids.size(); ++i) st, use(ids[i]), use(attemptIds[i]);
    };
    const std::string rows = "id IN (" + storage::placeholders(ids.size()) + ")" + attemptOfEachRow(ids.size());
    Poco::Data::Statement update(s);
    update << "UPDATE campaigns_entries SET state = 'dispatching', lease_until = ? WHERE state = 'claimed' AND " + rows,
        use(lease);
    bindRows(update);
    if (update.execute() == ids.size()) return std::vector<bool>(attempts.size(), true);

    std::vector<Poco::Int64> moved;
    try {
        Poco::Data::Statement read(s);
        read << "SELECT id FROM campaigns_entries WHERE state = 'dispatching' AND " + rows;
        bindRows(read);
        read, into(moved);
        read.execute();
    } catch (const std::exception&) {
        // Not knowing which moved, the caller sends none of them: those moved go back to claimed
        // (this attempt's, never written), so recovery requeues them instead of making them
        // unknown. Should that fail too, they do become unknown, never sent twice.
        Poco::Data::Statement back(s);
        back << "UPDATE campaigns_entries SET state = 'claimed' WHERE state = 'dispatching' AND " + rows;
        bindRows(back);
        back.execute();
        throw;
    }
    const std::set<Poco::Int64> ours(moved.begin(), moved.end());
    for (std::size_t i = 0; i < attempts.size(); ++i) marked[i] = ours.count(attempts[i].first) > 0;
    return marked;
}

namespace {
// Claims never written go back to the queue as if never made (the attempt is not counted); only
// the attempt that claimed an entry may give it back. With `expiredBefore`, only if its lease
// ran out before then (recovery reads candidates without locking them).
std::size_t requeueClaims(Poco::Data::Session& s, const std::vector<std::pair<Poco::Int64, std::string>>& claims,
                          const std::string& expiredBefore = {}) {
    std::size_t requeued = 0;
    std::string ts = storage::utcNowText(), attempt, cutoff = expiredBefore;
    Poco::Int64 id = 0;
    Poco::Data::Statement st(s);
    st << std::string(
              "UPDATE campaigns_entries SET state = 'queued', attempts = attempts - 1, lease_owner = '',"
              " lease_until = NULL, updated_at = ? WHERE id = ? AND attempt_id = ? AND state = 'claimed'") +
              (cutoff.empty() ? "" : " AND lease_until < ?"),
        use(ts), use(id), use(attempt);
    if (!cutoff.empty()) st, use(cutoff);
    for (const auto& [entry, attemptId] : claims) {
        id = entry;
        attempt = attemptId;
        requeued += st.execute();
    }
    return requeued;
}
} // namespace

std::size_t OutboxStore::release(const std::vector<ClaimedEntry>& entries) {
    if (entries.empty()) return 0;
    std::vector<std::pair<Poco::Int64, std::string>> claims;
    claims.reserve(entries.size());
    for (const auto& e : entries) claims.emplace_back(e.id, e.attemptId);
    return storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) { return requeueClaims(s, claims); });
}

namespace {

// Accepted entries are stored in ascending wamid order, the order in which the webhook
// processor's "wamid IN (...)" reads lock that index: crossing orders made the two wait on each
// other (InnoDB deadlock, the whole batch rolled back and retried). The batched UPDATE lists them
// in that order in its derived table, which MariaDB reads first, writing each entry by its id; its
// locking read before takes each chunk's rows by id, so a cycle with the processor can still
// happen (about ten retried batches in a 20,000-message run, fewer than the per-entry UPDATEs
// had): it costs a retry, never a count.
std::vector<const SendResult*> inWamidOrder(const std::vector<SendResult>& results) {
    std::vector<const SendResult*> ordered;
    ordered.reserve(results.size());
    for (const auto& r : results) ordered.push_back(&r);
    const auto wamidOf = [](const SendResult* r) {
        const auto* ok = std::get_if<cloudapi::Accepted>(&r->outcome.value());
        return ok ? std::string_view(ok->wamid) : std::string_view();
    };
    std::stable_sort(ordered.begin(), ordered.end(),
                     [&](const SendResult* a, const SendResult* b) { return wamidOf(a) < wamidOf(b); });
    return ordered;
}

// Writes the outcomes of one apply() batch inside its transaction: one method per kind of
// outcome, each a conditional UPDATE on the entry's attempt that moves `d` only if it changed.
class OutcomeWriter {
public:
    OutcomeWriter(Poco::Data::Session& s, helpdesk::Dialect dialect, ApplySummary& summary)
        : s_(s), dialect_(dialect), summary_(summary), now_(storage::utcNowText()) {}

    // Records `r` (its outcome decided with `maxAttempts`) and the counters it moves into `d`.
    // An acceptance is only noted here: writeAccepted() writes them all, and says which counted.
    void record(const SendResult& r, int maxAttempts, CounterDelta& d) {
        const auto& v = r.outcome.value();
        if (const auto* ok = std::get_if<cloudapi::Accepted>(&v))
            accepts_.push_back({r.entryId, r.attemptId, ok->wamid, ok->waId, storage::utcText(r.at), &r});
        else if (const auto* retry = std::get_if<cloudapi::Retryable>(&v))
            retryOrFail(r, *retry, maxAttempts, d);
        else if (const auto* perm = std::get_if<cloudapi::Permanent>(&v))
            refuse(r, *perm, d);
        else if (const auto* later = std::get_if<cloudapi::RetryLater>(&v))
            defer(r, *later, d);
        else if (const auto* pause = std::get_if<cloudapi::PauseSender>(&v))
            pauseCampaign(r, *pause);
        else if (const auto* amb = std::get_if<cloudapi::Ambiguous>(&v))
            markUnknown(r, *amb, d);
    }

    // wamids accepted in this batch: status webhooks that arrived before the answer wait for them.
    const std::vector<std::string>& acceptedWamids() const { return wake_; }

    // Writes the acceptances record() noted, in the order noted (the caller's wamid order), and
    // returns those that moved their entry (each moves queued -1, accepted +1). Accepted is nearly
    // every outcome: per kAcceptRows entries, one locking read of those still dispatching under
    // their attempt and one UPDATE of them, the new values a derived table joined by id, instead
    // of one execution per entry (a statement per message, the largest share of the cost
    // benchmark's after the write-intent cut). The read says which rows are this outcome's: at
    // 1,000 msg/s about a third of the entries were already accepted by the webhook processor
    // (a status webhook that beat the send's answer adopts its entry through the callback data),
    // and an entry whose lease expired is unknown; neither is moved or counted again.
    std::vector<const SendResult*> writeAccepted() {
        std::vector<const SendResult*> moved;
        for (std::size_t i = 0; i < accepts_.size(); i += kAcceptRows)
            acceptRows(i, std::min(accepts_.size(), i + kAcceptRows), moved);
        for (const auto* r : moved) {
            ++summary_.accepted;
            wake_.push_back(std::get<cloudapi::Accepted>(r->outcome.value()).wamid);
        }
        return moved;
    }

private:
    struct Acceptance {
        Poco::Int64 id;
        std::string attemptId, wamid, waId, at;
        const SendResult* result;
    };
    static constexpr std::size_t kAcceptRows = 100;

    // Moves the entries of accepts_[from, to) still dispatching under their attempt; appends their results to `moved`.
    void acceptRows(std::size_t from, std::size_t to, std::vector<const SendResult*>& moved) {
        std::vector<Poco::Int64> ids;
        std::vector<std::string> attempts;
        for (std::size_t i = from; i < to; ++i) {
            ids.push_back(accepts_[i].id);
            attempts.push_back(accepts_[i].attemptId);
        }
        std::vector<Poco::Int64> dispatching;
        Poco::Data::Statement read(s_);
        read << "SELECT id FROM campaigns_entries WHERE state = 'dispatching' AND id IN (" + storage::placeholders(ids.size()) +
                    ")" + attemptOfEachRow(ids.size()) + storage::forUpdate(dialect_);
        for (auto& id : ids) read, use(id);
        for (std::size_t i = 0; i < ids.size(); ++i) read, use(ids[i]), use(attempts[i]);
        read, into(dispatching);
        read.execute();
        std::set<Poco::Int64> ours(dispatching.begin(), dispatching.end());
        std::vector<Acceptance*> rows;
        for (std::size_t i = from; i < to; ++i)
            if (ours.erase(accepts_[i].id) > 0) rows.push_back(&accepts_[i]); // an entry at most once

        if (rows.empty()) return;

        std::string values;
        for (std::size_t i = 0; i < rows.size(); ++i)
            values += i == 0 ? "SELECT ? AS id, ? AS wamid, ? AS wa_id, ? AS accepted_at, ? AS updated_at"
                             : " UNION ALL SELECT ?, ?, ?, ?, ?";
        // wa_id is kept only when Meta's WhatsApp id differs from the uploaded number (replies that
        // quote nothing are matched by it); left '' otherwise, so the accept does not touch its index.
        static const std::vector<std::string> kAccepted{"state = 'accepted'",
                                                        "wamid = v.wamid",
                                                        "wa_id = CASE WHEN e.phone = v.wa_id THEN '' ELSE v.wa_id END",
                                                        "accepted_at = v.accepted_at",
                                                        "error_code = 0",
                                                        "error_reason = ''",
                                                        "lease_owner = ''",
                                                        "lease_until = NULL",
                                                        "updated_at = v.updated_at"};
        Poco::Data::Statement update(s_);
        update << storage::updateFromRows(dialect_, "campaigns_entries", values, kAccepted, "e.state = 'dispatching'");
        for (auto* a : rows) update, use(a->id), use(a->wamid), use(a->waId), use(a->at), use(now_);
        // The rows are locked (SQLite: one writer), so this cannot differ; if it ever did, the
        // counters would disagree with the entries. Roll back: the batch is recorded again.
        if (const auto written = update.execute(); written != rows.size())
            throw Poco::Data::DataException("stored " + std::to_string(written) + " of " + std::to_string(rows.size()) +
                                            " accepted entries");
        for (auto* a : rows) moved.push_back(a->result);
    }

    void retryOrFail(const SendResult& r, const cloudapi::Retryable& retry, int maxAttempts, CounterDelta& d) {
        if (retry.transport) { // never reached Meta: not a try (the sender pauses the account's campaigns if it lasts)
            requeue(r, r.at + Poco::Timespan(static_cast<long>(retry.retryAfter.count()), 0), 0, retry.reason, false);
            return;
        }
        const int limit = retry.maxAttempts > 0 ? std::min(retry.maxAttempts, maxAttempts) : maxAttempts;
        if (r.attempts >= limit) {
            fail(r, retry.code.value_or(0), retry.reason + " (sin éxito tras " + std::to_string(r.attempts) + " intentos)", d);
            return;
        }
        if (retry.scope == cloudapi::RetryScope::Account) summary_.throttleAccount = true;
        requeue(r, r.at + Poco::Timespan(static_cast<long>(retry.retryAfter.count()), 0), retry.code.value_or(0), retry.reason);
    }

    void refuse(const SendResult& r, const cloudapi::Permanent& perm, CounterDelta& d) {
        fail(r, perm.code.value_or(0), perm.reason, d);
        if (perm.code == kUserStoppedMarketing && d.failedSend == 1)
            suppressions::SuppressionStore::addUserStoppedMarketing(s_, dialect_, r.campaignId, r.entryId);
    }

    // A definite refusal: the entry is finished as failed.
    void fail(const SendResult& r, int code, const std::string& reason, CounterDelta& d) {
        std::string at = storage::utcText(r.at), why = reason.substr(0, 500), attempt = r.attemptId;
        Poco::Int64 id = r.entryId;
        Poco::Data::Statement st(s_);
        st << kFailEntry, use(at), use(code), use(why), use(now_), use(id), use(attempt);
        if (!st.execute()) return;
        d.queued = -1;
        d.failedSend = 1;
        ++summary_.failed;
    }

    // Not processed by Meta: back to the queue, due again at `due`; `counted`: the attempt used a try.
    void requeue(const SendResult& r, const Poco::Timestamp& due, int code, const std::string& reason, bool counted = true) {
        std::string when = storage::utcText(due), why = reason.substr(0, 500), attempt = r.attemptId;
        Poco::Int64 id = r.entryId;
        Poco::Data::Statement st(s_);
        st << (counted ? kRequeueEntry : kRequeueUntried), use(when), use(code), use(why), use(now_), use(id), use(attempt);
        if (st.execute()) ++summary_.retried;
    }

    // Meta asks for at least a day; resending sooner makes it worse (more 131049s). The entry
    // waits as `deferred` and is claimed again once its day has passed.
    void defer(const SendResult& r, const cloudapi::RetryLater& later, CounterDelta& d) {
        const auto wait = std::max<std::chrono::seconds>(later.retryAfter, kMinDeferral);
        std::string when = storage::utcText(r.at + Poco::Timespan(static_cast<long>(wait.count()), 0)),
                    why = later.reason.substr(0, 500), attempt = r.attemptId;
        int code = later.code;
        Poco::Int64 id = r.entryId;
        Poco::Data::Statement st(s_);
        st << kDeferEntry, use(when), use(code), use(why), use(now_), use(id), use(attempt);
        if (!st.execute()) return;
        d.queued = -1;
        d.deferred = 1;
        ++summary_.retried;
    }

    // The one way a campaign is paused (quality::CampaignPauser), in this batch's transaction.
    void pauseCampaign(const SendResult& r, const cloudapi::PauseSender& pause) {
        requeue(r, r.at, pause.code.value_or(0), pause.reason);
        const auto paused = quality::CampaignPauser::pauseIn(s_, quality::CampaignPauser::Target::Campaign, {r.campaignId},
                                                             quality::pauseCodeForSendError(pause.code), pause.reason);
        if (!paused.empty()) summary_.pausedCampaigns.push_back(r.campaignId);
        summary_.pauseReason = pause.reason;
    }

    void markUnknown(const SendResult& r, const cloudapi::Ambiguous& amb, CounterDelta& d) {
        std::string why = (amb.reason + kNotResent).substr(0, 500), attempt = r.attemptId;
        Poco::Int64 id = r.entryId;
        Poco::Data::Statement st(s_);
        st << kUnknownEntry, use(why), use(now_), use(id), use(attempt);
        if (!st.execute()) return;
        d.queued = -1;
        d.unknown = 1;
        ++summary_.unknown;
    }

    Poco::Data::Session& s_;
    helpdesk::Dialect dialect_;
    ApplySummary& summary_;
    std::string now_;
    std::vector<Acceptance> accepts_;
    std::vector<std::string> wake_;
};

} // namespace

ApplySummary OutboxStore::apply(const std::vector<SendResult>& results, int maxAttempts) {
    return storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) {
        ApplySummary summary;
        CounterBook book;
        OutcomeWriter writer(s, db_.dialect(), summary);
        for (const SendResult* r : inWamidOrder(results)) {
            CounterDelta d;
            writer.record(*r, maxAttempts, d);
            book.add(r->campaignId, dayKey_(r->at), d);
        }
        for (const SendResult* r : writer.writeAccepted()) {
            CounterDelta d;
            d.queued = -1;
            d.accepted = 1;
            book.add(r->campaignId, dayKey_(r->at), d);
        }
        wakeWaitingEvents(s, db_.dialect(), writer.acceptedWamids());
        book.flush(s, db_.dialect());
        return summary;
    });
}

OutboxStore::Recovered OutboxStore::recoverExpired(const Poco::Timestamp& now_) {
    return storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) {
        Recovered recovered;
        std::string cutoff = storage::utcText(now_), ts = storage::utcNowText();
        // Candidates are read without locks: FOR UPDATE would lock every claimed and dispatching
        // row the (ticket_id, state) range holds, expired or not, and stall the senders' claims
        // and marks. Each UPDATE below re-checks attempt, state and expiry on the current row.

        // Claimed but never written: back to the queue.
        std::vector<AttemptRow> rowsClaimed;
        // "ticket_id IS NULL" (always true before acceptance) lets the (ticket_id, state) index find them.
        s << "SELECT id, attempt_id FROM campaigns_entries WHERE ticket_id IS NULL AND state = 'claimed' AND lease_until < ?"
             " ORDER BY id LIMIT 1000",
            use(cutoff), into(rowsClaimed), now;
        std::vector<std::pair<Poco::Int64, std::string>> claims;
        for (const auto& c : rowsClaimed) claims.emplace_back(c.id, c.attemptId);
        recovered.requeued = requeueClaims(s, claims, cutoff);

        // Written, no answer recorded: it may have reached Meta.
        std::vector<ExpiredRow> rows;
        s << "SELECT id, campaign_id, attempt_id FROM campaigns_entries WHERE ticket_id IS NULL AND state = 'dispatching'"
             " AND lease_until < ?"
             " ORDER BY id LIMIT 1000",
            use(cutoff), into(rows), now;
        CounterBook book;
        std::string interrupted =
            std::string("El envío quedó interrumpido: no se sabe si WhatsApp recibió el mensaje") + kNotResent;
        for (const auto& r : rows) {
            Poco::Int64 id = r.id;
            std::string attempt = r.attemptId;
            Poco::Data::Statement st(s);
            st << "UPDATE campaigns_entries SET state = 'unknown', lease_owner = '', lease_until = NULL, error_reason = ?,"
                  " updated_at = ? WHERE id = ? AND attempt_id = ? AND state = 'dispatching' AND lease_until < ?",
                use(interrupted), use(ts), use(id), use(attempt), use(cutoff);
            if (st.execute()) {
                CounterDelta d;
                d.queued = -1;
                d.unknown = 1;
                book.add(r.campaignId, "", d);
                ++recovered.unknown;
            }
        }
        book.flush(s, db_.dialect());
        return recovered;
    });
}

std::vector<long long> OutboxStore::accountsPausedForOutage() {
    auto s = db_.session();
    std::vector<Poco::Int64> ids;
    std::string code = quality::pause::kApiUnreachable;
    s << kAccountsPausedFor, use(code), into(ids), now;
    return {ids.begin(), ids.end()};
}

std::size_t OutboxStore::resumeAfterOutage(long long accountId, const HoldPolicy& holdFor) {
    std::vector<Poco::Int64> ids;
    {
        auto s = db_.session();
        Poco::Int64 account = accountId;
        std::string code = quality::pause::kApiUnreachable;
        s << kPausedFor, use(account), use(code), into(ids), now;
    }
    // Each campaign's hold is worked out before the transaction (the window's rules read the
    // database); the UPDATE still requires the campaign to be paused for the outage.
    std::vector<Poco::Nullable<std::string>> holds;
    for (auto id : ids) holds.push_back(CampaignResumer::holdFor(holdFor, id));
    return storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) {
        std::size_t resumed = 0;
        for (std::size_t i = 0; i < ids.size(); ++i)
            if (CampaignResumer::resumeIn(s, ids[i], holds[i], std::string(quality::pause::kApiUnreachable))) ++resumed;
        return resumed;
    });
}

std::vector<long long> OutboxStore::finishDrained() {
    return storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) {
        std::vector<DrainedRow> rows;
        s << "SELECT id, n_accepted, n_failed_send, n_unknown FROM campaigns_campaigns WHERE state = 'sending' AND n_queued <= 0"
             " AND n_deferred <= 0",
            into(rows), now;
        std::vector<long long> finished;
        std::string ts = storage::utcNowText();
        for (const auto& r : rows) {
            Poco::Int64 id = r.id;
            int open = 0;
            // The counter says drained; the entries must agree before the state is final.
            s << "SELECT COUNT(*) FROM campaigns_entries WHERE campaign_id = ?"
                 " AND state IN ('queued', 'claimed', 'dispatching', 'deferred')",
                use(id), into(open), now;
            if (open > 0) continue;
            const int accepted = r.accepted, failedSend = r.failedSend, unknown = r.unknown;
            // A campaign whose every number was suppressed sent nothing and failed nothing: completed.
            std::string state = accepted == 0 && unknown == 0 && failedSend > 0 ? "failed"
                                : (failedSend > 0 || unknown > 0)               ? "completed_with_errors"
                                                                                : "completed";
            Poco::Data::Statement st(s);
            st << "UPDATE campaigns_campaigns SET state = ?, finished_at = ?, updated_at = ? WHERE id = ? AND state = 'sending'",
                use(state), use(ts), use(ts), use(id);
            if (st.execute()) finished.push_back(id);
        }
        return finished;
    });
}

} // namespace campaigns::sending
