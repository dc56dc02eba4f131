#include "quality/OutcomeRateBreaker.h"

#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"

#include <Poco/Data/Statement.h>

#include <set>

using namespace Poco::Data::Keywords;

namespace campaigns::quality {
namespace {
// A sending campaign as sweep() reads it.
struct SendingCampaign {
    Poco::Int64 id = 0;
    Poco::Int64 signature = 0; // sum of the counters outcomes move
    std::string resumedAt;     // '' when never resumed
};
// One campaign's window.
struct WindowRow {
    Poco::Int64 sample = 0, failures = 0, optOuts = 0;
};
} // namespace
} // namespace campaigns::quality

template <>
class Poco::Data::TypeHandler<campaigns::quality::SendingCampaign>
    : public campaigns::storage::RowHandler<campaigns::quality::SendingCampaign, &campaigns::quality::SendingCampaign::id,
                                            &campaigns::quality::SendingCampaign::signature,
                                            &campaigns::quality::SendingCampaign::resumedAt> {};
template <>
class Poco::Data::TypeHandler<campaigns::quality::WindowRow>
    : public campaigns::storage::RowHandler<campaigns::quality::WindowRow, &campaigns::quality::WindowRow::sample,
                                            &campaigns::quality::WindowRow::failures, &campaigns::quality::WindowRow::optOuts> {};

namespace campaigns::quality {
namespace {

std::string sendingSql(helpdesk::Dialect d) {
    return "SELECT id, n_accepted + n_failed_send + n_failed_after_accept + n_replied + n_deferred, " +
           storage::timeAsMillisText(d, "resumed_at") + " FROM campaigns_campaigns WHERE state = 'sending'";
}

// Failures: failed at send or after acceptance, except 131049 (Meta's per-user marketing cap: the
// customer is not refusing us, and those entries are retried a day later) and 131050 (the customer
// stopped marketing messages: an opt-out, counted once, as one). Opt-outs: entries the suppression
// list gained a number from (button, keyword, user_preferences stop, 131050).
const std::string kWindowHead =
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN w.error_code NOT IN (131049, 131050)"
    " AND (w.state = 'failed' OR w.failed_after_accept = 1)"
    " THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM campaigns_suppression_history h WHERE h.entry_id = w.id"
    " AND h.action = 'add') THEN 1 ELSE 0 END), 0)"
    " FROM (SELECT id, state, error_code, failed_after_accept FROM campaigns_entries"
    " WHERE campaign_id = ? AND state IN ('accepted', 'failed')";
const std::string kWindowTail = " ORDER BY id DESC LIMIT ?) w";
const std::string kWindow = kWindowHead + kWindowTail;
const std::string kWindowSinceResume = kWindowHead + " AND COALESCE(accepted_at, failed_at) >= ?" + kWindowTail;

} // namespace

OutcomeRateBreaker::OutcomeRateBreaker(helpdesk::Database& db, CampaignPauser& pauser, RateThresholds thresholds)
    : db_(db), pauser_(pauser), thresholds_(thresholds) {}

OutcomeWindow OutcomeRateBreaker::windowOf(long long campaignId, const std::string& resumedAt) {
    auto s = db_.session();
    Poco::Int64 id = campaignId;
    Poco::UInt32 limit = static_cast<Poco::UInt32>(thresholds_.window);
    std::string since = resumedAt;
    std::vector<WindowRow> rows;
    if (since.empty())
        s << kWindow, use(id), use(limit), into(rows), now;
    else
        s << kWindowSinceResume, use(id), use(since), use(limit), into(rows), now;
    if (rows.empty()) return {};
    return OutcomeWindow{rows[0].sample, rows[0].failures, rows[0].optOuts};
}

std::vector<long long> OutcomeRateBreaker::sweep() {
    std::lock_guard lock(mutex_);
    std::vector<SendingCampaign> sending;
    {
        auto s = db_.session();
        s << sendingSql(db_.dialect()), into(sending), now;
    }
    std::vector<long long> paused;
    std::map<long long, long long> seen;
    for (const auto& c : sending) {
        seen[c.id] = c.signature;
        auto it = seen_.find(c.id);
        if (it != seen_.end() && it->second == c.signature) continue;
        const auto trip = judgeRates(windowOf(c.id, c.resumedAt), thresholds_);
        if (trip && pauser_.pause(c.id, trip->code, trip->reason)) paused.push_back(c.id);
    }
    // Campaigns no longer sending are forgotten; a resumed one is judged afresh.
    seen_ = std::move(seen);
    return paused;
}

} // namespace campaigns::quality
