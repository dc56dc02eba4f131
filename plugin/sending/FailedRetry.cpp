#include "sending/FailedRetry.h"

#include "storage/IdList.h"
#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"
#include "storage/Transaction.h"

#include <Poco/Data/DataException.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>

#include <algorithm>

using namespace Poco::Data::Keywords;
using campaigns::counters::CounterBook;
using campaigns::counters::CounterDelta;

namespace campaigns::sending {
namespace {
// One (state, code, resendable) group of failures (kPreview).
struct PreviewRow {
    std::string state;
    int errorCode = 0;
    int resendable = 0;
    Poco::Int64 count = 0, waited = 0;
    std::string nextWaiting, lastFailed; // "YYYY-MM-DD HH:MM:SS" or ""
};
// An entry a retry may take back (kCandidates); times as "YYYY-MM-DD HH:MM:SS" or "".
struct CandidateRow {
    Poco::Int64 id = 0;
    std::string state;
    int errorCode = 0, progress = 0, retryAttempt = 0;
    std::string failedAt, acceptedAt, sentAt;
};
// The campaign as the retry locks it.
struct CampaignRow {
    std::string state;
    int attempts = 0;
    Poco::Int64 retried = 0;
};
} // namespace
} // namespace campaigns::sending

template <>
class Poco::Data::TypeHandler<campaigns::sending::PreviewRow>
    : public campaigns::storage::RowHandler<campaigns::sending::PreviewRow, &campaigns::sending::PreviewRow::state,
                                            &campaigns::sending::PreviewRow::errorCode,
                                            &campaigns::sending::PreviewRow::resendable, &campaigns::sending::PreviewRow::count,
                                            &campaigns::sending::PreviewRow::waited, &campaigns::sending::PreviewRow::nextWaiting,
                                            &campaigns::sending::PreviewRow::lastFailed> {};
template <>
class Poco::Data::TypeHandler<campaigns::sending::CandidateRow>
    : public campaigns::storage::RowHandler<
          campaigns::sending::CandidateRow, &campaigns::sending::CandidateRow::id, &campaigns::sending::CandidateRow::state,
          &campaigns::sending::CandidateRow::errorCode, &campaigns::sending::CandidateRow::progress,
          &campaigns::sending::CandidateRow::retryAttempt, &campaigns::sending::CandidateRow::failedAt,
          &campaigns::sending::CandidateRow::acceptedAt, &campaigns::sending::CandidateRow::sentAt> {};
template <>
class Poco::Data::TypeHandler<campaigns::sending::CampaignRow>
    : public campaigns::storage::RowHandler<campaigns::sending::CampaignRow, &campaigns::sending::CampaignRow::state,
                                            &campaigns::sending::CampaignRow::attempts,
                                            &campaigns::sending::CampaignRow::retried> {};

namespace campaigns::sending {
namespace {

// Meta: after 131049 wait at least 24 hours; resending sooner makes that user unavailable longer.
constexpr long kMarketingCapWaitSeconds = 24 * 3600;

// A failure reported after acceptance is taken back only while nothing else happened to the
// message (no delivery, read or answer).
const std::string kResendableAfterAccept = "progress <= 1 AND read_seen = 0";
const std::string kFailedAfterAccept = "state = 'accepted' AND failed_after_accept = 1";
const std::string kCampaignForRetry = "SELECT state, retry_attempts, n_retried FROM campaigns_campaigns WHERE id = ?";

std::string previewSql(helpdesk::Dialect d) {
    return "SELECT state, error_code, CASE WHEN state <> 'accepted' OR (" + kResendableAfterAccept +
           ") THEN 1 ELSE 0 END, COUNT(*), SUM(CASE WHEN failed_at <= ? THEN 1 ELSE 0 END),"
           " COALESCE(" +
           storage::timeAsText(d, "MIN(CASE WHEN failed_at > ? THEN failed_at END)") + ", ''), COALESCE(" +
           storage::timeAsText(d, "MAX(failed_at)") +
           ", '')"
           " FROM campaigns_entries WHERE campaign_id = ? AND (state IN ('failed', 'unknown', 'suppressed') OR (" +
           kFailedAfterAccept + ")) GROUP BY 1, 2, 3";
}

std::string candidatesSql(helpdesk::Dialect d) {
    return "SELECT id, state, error_code, progress, retry_attempt, COALESCE(" + storage::timeAsText(d, "failed_at") +
           ", ''), COALESCE(" + storage::timeAsText(d, "accepted_at") + ", ''), COALESCE(" + storage::timeAsText(d, "sent_at") +
           ", '') FROM campaigns_entries WHERE campaign_id = ? AND (state IN ('failed', 'unknown') OR (" + kFailedAfterAccept +
           " AND " + kResendableAfterAccept + ")) ORDER BY id" + storage::forUpdate(d);
}

// Back to the queue as if never sent; `attempt` is the retry's number (an int the code computed).
// ticket_id goes back to NULL as before the first send: the outbox's crash recovery finds claimed
// and dispatching entries by "ticket_id IS NULL", and once accepted again tracking::TicketSync
// asks the host for the ticket of key "campaigns:entry:<id>", which answers the entry's existing
// ticket: the same ticket, no second one.
std::string requeueSql(int attempt, const std::string& stillWhere) {
    return "UPDATE campaigns_entries SET state = 'queued', attempts = 0, retry_attempt = " + std::to_string(attempt) +
           ", next_attempt_at = NULL, failed_at = NULL, error_code = 0, error_reason = '', wamid = NULL, wa_id = '',"
           " accepted_at = NULL, sent_at = NULL, progress = 0, failed_after_accept = 0, ticket_id = NULL,"
           " ticket_deadline = NULL, ticket_closed = 0, lease_owner = '',"
           " lease_until = NULL, updated_at = ? WHERE " +
           stillWhere + " AND id IN ";
}

const std::string kCampaignRetrySending =
    "UPDATE campaigns_campaigns SET state = 'sending', finished_at = NULL, send_requested_at = ?, updated_at = ?,"
    " hold_until = ?, retry_attempts = ? WHERE id = ?";

Poco::Timestamp parseUtc(const std::string& text) {
    int tz = 0;
    return Poco::DateTimeParser::parse("%Y-%m-%d %H:%M:%S", text.substr(0, 19), tz).timestamp();
}

// "YYYY-MM-DD HH:MM:SS" + 24 h as ISO 8601 UTC.
std::string afterWait(const std::string& failedAt) {
    if (failedAt.size() < 19) return {};
    return Poco::DateTimeFormatter::format(parseUtc(failedAt) + Poco::Timespan(kMarketingCapWaitSeconds, 0),
                                           Poco::DateTimeFormat::ISO8601_FORMAT);
}

void addReason(FailureGroup& g, int errorCode, long long count) {
    auto it = std::find_if(g.reasons.begin(), g.reasons.end(), [&](const FailureReason& r) { return r.errorCode == errorCode; });
    if (it == g.reasons.end()) {
        g.reasons.push_back({errorCode, failureReason(g.cls, errorCode), count});
        return;
    }
    it->count += count;
}

bool chosen(const std::vector<FailureClass>& classes, FailureClass c) {
    return std::find(classes.begin(), classes.end(), c) != classes.end();
}

} // namespace

FailedRetry::FailedRetry(helpdesk::Database& db, counters::DayKey dayKey, std::function<Poco::Timestamp()> clock)
    : db_(db), dayKey_(std::move(dayKey)), clock_(std::move(clock)) {}

Poco::Timestamp FailedRetry::currentTime() const { return clock_ ? clock_() : Poco::Timestamp(); }

FailurePreview FailedRetry::preview(long long campaignId) {
    auto s = db_.session();
    FailurePreview out;
    Poco::Int64 id = campaignId;
    std::vector<CampaignRow> campaign;
    s << kCampaignForRetry, use(id), into(campaign), now;
    if (campaign.empty()) return out;
    out.state = campaign[0].state;
    out.attempt = campaign[0].attempts;
    out.retried = campaign[0].retried;

    std::string cutoff = storage::utcText(currentTime() - Poco::Timespan(kMarketingCapWaitSeconds, 0)), cutoff2 = cutoff;
    std::vector<PreviewRow> rows;
    s << previewSql(db_.dialect()), use(cutoff), use(cutoff2), use(id), into(rows), now;
    std::map<FailureClass, FailureGroup> groups;
    for (const auto& r : rows) {
        const FailureClass cls = classifyFailure(r.state, r.errorCode);
        FailureGroup& g = groups[cls];
        g.cls = cls;
        g.retryable = retryableOf(cls);
        g.count += r.count;
        addReason(g, r.errorCode, r.count);
        if (g.retryable == Retryable::Never || r.resendable == 0) continue;
        if (cls != FailureClass::MarketingCap) {
            g.ready += r.count;
            continue;
        }
        g.ready += r.waited;
        if (!r.nextWaiting.empty()) {
            const std::string next = afterWait(r.nextWaiting), all = afterWait(r.lastFailed);
            if (g.nextReadyAt.empty() || next < g.nextReadyAt) g.nextReadyAt = next;
            if (all > g.allReadyAt) g.allReadyAt = all;
        }
    }
    for (FailureClass c : allFailureClasses())
        if (auto it = groups.find(c); it != groups.end()) out.groups.push_back(std::move(it->second));
    return out;
}

// NOLINTNEXTLINE(readability-function-size): one transaction: lock, read, requeue, count, restart.
RetryResult FailedRetry::retry(const RetryRequest& request) {
    const helpdesk::Dialect dialect = db_.dialect();
    const std::string cutoff = storage::utcText(currentTime() - Poco::Timespan(kMarketingCapWaitSeconds, 0)).substr(0, 19);
    return storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) {
        RetryResult result;
        Poco::Int64 id = request.campaignId;
        std::vector<CampaignRow> campaign;
        s << kCampaignForRetry + std::string(storage::forUpdate(dialect)), use(id), into(campaign), now;
        if (campaign.empty()) return result;
        result.state = campaign[0].state;
        result.attempt = campaign[0].attempts;
        if (result.state != "completed_with_errors" && result.state != "failed") {
            result.outcome = RetryResult::Outcome::NotFinished;
            return result;
        }
        if (request.expectedAttempt && *request.expectedAttempt != campaign[0].attempts) {
            result.outcome = RetryResult::Outcome::AttemptChanged;
            return result;
        }
        std::vector<CandidateRow> rows;
        s << candidatesSql(dialect), use(id), into(rows), now;
        std::map<std::string, std::vector<Poco::Int64>> idsByState;
        std::vector<const CandidateRow*> taken;
        for (const auto& r : rows) {
            const FailureClass cls = classifyFailure(r.state, r.errorCode);
            if (retryableOf(cls) == Retryable::Never || !chosen(request.classes, cls)) continue;
            if (cls == FailureClass::MarketingCap && (r.failedAt.empty() || r.failedAt > cutoff)) continue;
            idsByState[r.state].push_back(r.id);
            taken.push_back(&r);
            ++result.byClass[cls];
        }
        if (taken.empty()) {
            result.outcome = RetryResult::Outcome::NothingToRetry;
            return result;
        }
        const int attempt = campaign[0].attempts + 1;
        const std::string ts = storage::utcNowText();
        const std::map<std::string, std::string> stillWhere{{"failed", "state = 'failed'"},
                                                            {"unknown", "state = 'unknown'"},
                                                            {"accepted", kFailedAfterAccept + " AND " + kResendableAfterAccept}};
        std::size_t moved = 0;
        for (const auto& [state, ids] : idsByState)
            moved += storage::executeForIds(s, requeueSql(attempt, stillWhere.at(state)), ids, {ts});
        // The rows are locked (MySQL) or the writer is alone (SQLite): a difference means the
        // counters below would be wrong, so nothing of it is kept.
        if (moved != taken.size())
            throw Poco::Data::DataException("retried " + std::to_string(moved) + " of " + std::to_string(taken.size()) +
                                            " failed entries");
        // Each event was counted on the day it happened: take it back from that day.
        const auto dayOf = [&](const std::string& at) { return at.size() >= 19 ? dayKey_(parseUtc(at)) : std::string(); };
        CounterBook book;
        for (const CandidateRow* r : taken) {
            CounterDelta back;
            back.queued = 1;
            back.retried = r->retryAttempt == 0 ? 1 : 0;
            if (r->state == "unknown") back.unknown = -1;
            book.add(request.campaignId, "", back);
            CounterDelta failed;
            if (r->state == "failed") {
                failed.failedSend = -1;
            } else if (r->state == "accepted") {
                failed.failedAfterAccept = -1;
                CounterDelta accepted;
                accepted.accepted = -1;
                book.add(request.campaignId, dayOf(r->acceptedAt), accepted);
                if (r->progress >= 1) {
                    CounterDelta sent;
                    sent.sent = -1;
                    book.add(request.campaignId, dayOf(r->sentAt), sent);
                }
            }
            book.add(request.campaignId, dayOf(r->failedAt), failed);
        }
        book.flush(s, dialect);
        Poco::Nullable<std::string> held;
        if (request.holdUntil) held = *request.holdUntil;
        std::string stamp = ts;
        int next = attempt;
        s << kCampaignRetrySending, use(stamp), use(stamp), use(held), use(next), use(id), now;
        result.outcome = RetryResult::Outcome::Requeued;
        result.attempt = attempt;
        result.requeued = moved;
        result.state = "sending";
        return result;
    });
}

} // namespace campaigns::sending
