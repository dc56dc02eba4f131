#include "counters/Recount.h"

#include <Poco/Tuple.h>

#include <sstream>

using namespace Poco::Data::Keywords;

namespace campaigns::counters {

std::string CampaignCounters::describe() const {
    std::ostringstream o;
    o << "queued=" << queued << " accepted=" << accepted << " failed_send=" << failedSend << " unknown=" << unknown
      << " cancelled=" << cancelled << " suppressed=" << suppressed << " deferred=" << deferred << " sent=" << sent << " delivered=" << delivered << " read=" << read
      << " replied=" << replied << " replied_unread=" << repliedUnread << " addressed=" << addressed
      << " failed_after_accept=" << failedAfterAccept;
    return o.str();
}

namespace {
using Twelve = Poco::Tuple<Poco::Int64, Poco::Int64, Poco::Int64, Poco::Int64, Poco::Int64, Poco::Int64, Poco::Int64,
                           Poco::Int64, Poco::Int64, Poco::Int64, Poco::Int64, Poco::Int64, Poco::Int64, Poco::Int64>;

CampaignCounters fromRow(const Twelve& r) {
    CampaignCounters c;
    c.queued = r.get<0>();
    c.accepted = r.get<1>();
    c.failedSend = r.get<2>();
    c.unknown = r.get<3>();
    c.cancelled = r.get<4>();
    c.sent = r.get<5>();
    c.delivered = r.get<6>();
    c.read = r.get<7>();
    c.replied = r.get<8>();
    c.repliedUnread = r.get<9>();
    c.addressed = r.get<10>();
    c.failedAfterAccept = r.get<11>();
    c.suppressed = r.get<12>();
    c.deferred = r.get<13>();
    return c;
}

CampaignCounters query(helpdesk::Database& db, const std::string& sql, long long campaignId) {
    auto s = db.session();
    std::vector<Twelve> rows;
    Poco::Int64 id = campaignId;
    s << sql, use(id), into(rows), now;
    return rows.empty() ? CampaignCounters{} : fromRow(rows[0]);
}
} // namespace

CampaignCounters storedCounters(helpdesk::Database& db, long long campaignId) {
    return query(db,
                 "SELECT n_queued, n_accepted, n_failed_send, n_unknown, n_cancelled, n_sent, n_delivered, n_read,"
                 " n_replied, n_replied_unread, n_addressed, n_failed_after_accept, n_suppressed, n_deferred"
                 " FROM campaigns_campaigns WHERE id = ?",
                 campaignId);
}

CampaignCounters recountFromEntries(helpdesk::Database& db, long long campaignId) {
    return query(db,
                 "SELECT"
                 " COALESCE(SUM(CASE WHEN state IN ('queued', 'claimed', 'dispatching') THEN 1 ELSE 0 END), 0),"
                 " COALESCE(SUM(CASE WHEN state = 'accepted' THEN 1 ELSE 0 END), 0),"
                 " COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0),"
                 " COALESCE(SUM(CASE WHEN state = 'unknown' THEN 1 ELSE 0 END), 0),"
                 " COALESCE(SUM(CASE WHEN state = 'cancelled' THEN 1 ELSE 0 END), 0),"
                 " COALESCE(SUM(CASE WHEN state = 'accepted' AND progress >= 1 THEN 1 ELSE 0 END), 0),"
                 " COALESCE(SUM(CASE WHEN state = 'accepted' AND progress >= 2 THEN 1 ELSE 0 END), 0),"
                 " COALESCE(SUM(CASE WHEN state = 'accepted' AND read_seen = 1 THEN 1 ELSE 0 END), 0),"
                 " COALESCE(SUM(CASE WHEN state = 'accepted' AND progress >= 4 THEN 1 ELSE 0 END), 0),"
                 " COALESCE(SUM(CASE WHEN state = 'accepted' AND progress >= 4 AND read_seen = 0 THEN 1 ELSE 0 END), 0),"
                 " COALESCE(SUM(CASE WHEN state = 'accepted' AND progress >= 5 THEN 1 ELSE 0 END), 0),"
                 " COALESCE(SUM(CASE WHEN state = 'accepted' AND failed_after_accept = 1 THEN 1 ELSE 0 END), 0),"
                 " COALESCE(SUM(CASE WHEN state = 'suppressed' THEN 1 ELSE 0 END), 0),"
                 " COALESCE(SUM(CASE WHEN state = 'deferred' THEN 1 ELSE 0 END), 0)"
                 " FROM campaigns_entries WHERE campaign_id = ?",
                 campaignId);
}

CampaignCounters dailyTotals(helpdesk::Database& db, long long campaignId) {
    return query(db,
                 "SELECT 0, COALESCE(SUM(n_accepted), 0), COALESCE(SUM(n_failed_send), 0), 0, 0, COALESCE(SUM(n_sent), 0),"
                 " COALESCE(SUM(n_delivered), 0), COALESCE(SUM(n_read), 0), COALESCE(SUM(n_replied), 0),"
                 " COALESCE(SUM(n_replied_unread), 0), COALESCE(SUM(n_addressed), 0), COALESCE(SUM(n_failed_after_accept), 0), 0, 0"
                 " FROM campaigns_daily_counters WHERE campaign_id = ?",
                 campaignId);
}

} // namespace campaigns::counters
