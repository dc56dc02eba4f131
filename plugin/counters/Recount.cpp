#include "counters/Recount.h"

#include "campaign/CampaignState.h"
#include "storage/RowMapping.h"

#include <sstream>

using namespace Poco::Data::Keywords;

namespace campaigns::counters {

std::string CampaignCounters::describe() const {
    std::ostringstream o;
    o << "queued=" << queued << " accepted=" << accepted << " failed_send=" << failedSend << " unknown=" << unknown
      << " cancelled=" << cancelled << " suppressed=" << suppressed << " deferred=" << deferred << " capped=" << capped
      << " retried=" << retried << " sent=" << sent << " delivered=" << delivered << " read=" << read << " replied=" << replied
      << " replied_unread=" << repliedUnread << " addressed=" << addressed << " failed_after_accept=" << failedAfterAccept
      << " open_tickets=" << openTickets;
    return o.str();
}

} // namespace campaigns::counters

// Every query below selects the counters in this order.
template <>
class Poco::Data::TypeHandler<campaigns::counters::CampaignCounters>
    : public campaigns::storage::RowHandler<
          campaigns::counters::CampaignCounters, &campaigns::counters::CampaignCounters::queued,
          &campaigns::counters::CampaignCounters::accepted, &campaigns::counters::CampaignCounters::failedSend,
          &campaigns::counters::CampaignCounters::unknown, &campaigns::counters::CampaignCounters::cancelled,
          &campaigns::counters::CampaignCounters::sent, &campaigns::counters::CampaignCounters::delivered,
          &campaigns::counters::CampaignCounters::read, &campaigns::counters::CampaignCounters::replied,
          &campaigns::counters::CampaignCounters::repliedUnread, &campaigns::counters::CampaignCounters::addressed,
          &campaigns::counters::CampaignCounters::failedAfterAccept, &campaigns::counters::CampaignCounters::suppressed,
          &campaigns::counters::CampaignCounters::deferred, &campaigns::counters::CampaignCounters::capped,
          &campaigns::counters::CampaignCounters::retried, &campaigns::counters::CampaignCounters::openTickets> {};

namespace campaigns::counters {
namespace {

const char* const kSelectStored =
    "SELECT n_queued, n_accepted, n_failed_send, n_unknown, n_cancelled, n_sent, n_delivered, n_read,"
    " n_replied, n_replied_unread, n_addressed, n_failed_after_accept, n_suppressed, n_deferred, n_capped, n_retried,"
    " n_open_tickets FROM campaigns_campaigns WHERE id = ?";

// "progress >= 2": the accepted entries that reached `p` (CampaignState.h).
std::string reached(campaign::Progress p) { return "progress >= " + std::to_string(static_cast<int>(p)); }

const std::string kRecount =
    "SELECT"
    " COALESCE(SUM(CASE WHEN state IN ('queued', 'claimed', 'dispatching') THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN state = 'accepted' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN state = 'unknown' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN state = 'cancelled' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN state = 'accepted' AND " +
    reached(campaign::Progress::Sent) +
    " THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN state = 'accepted' AND " +
    reached(campaign::Progress::Delivered) +
    " THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN state = 'accepted' AND read_seen = 1 THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN state = 'accepted' AND " +
    reached(campaign::Progress::Replied) +
    " THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN state = 'accepted' AND " +
    reached(campaign::Progress::Replied) +
    " AND read_seen = 0 THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN state = 'accepted' AND " +
    reached(campaign::Progress::Addressed) +
    " THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN state = 'accepted' AND failed_after_accept = 1 THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN state = 'suppressed' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN state = 'deferred' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN state = 'capped' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN retry_attempt > 0 THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN ticket_closed = 0 AND ticket_deadline IS NOT NULL THEN 1 ELSE 0 END), 0)"
    " FROM campaigns_entries WHERE campaign_id = ?";

const char* const kSelectDailyTotals =
    "SELECT 0, COALESCE(SUM(n_accepted), 0), COALESCE(SUM(n_failed_send), 0), 0, 0, COALESCE(SUM(n_sent), 0),"
    " COALESCE(SUM(n_delivered), 0), COALESCE(SUM(n_read), 0), COALESCE(SUM(n_replied), 0),"
    " COALESCE(SUM(n_replied_unread), 0), COALESCE(SUM(n_addressed), 0), COALESCE(SUM(n_failed_after_accept), 0), 0, 0, 0, 0, 0"
    " FROM campaigns_daily_counters WHERE campaign_id = ?";

CampaignCounters query(helpdesk::Database& db, const std::string& sql, long long campaignId) {
    auto s = db.session();
    std::vector<CampaignCounters> rows;
    Poco::Int64 id = campaignId;
    s << sql, use(id), into(rows), now;
    return rows.empty() ? CampaignCounters{} : rows[0];
}
} // namespace

CampaignCounters storedCounters(helpdesk::Database& db, long long campaignId) { return query(db, kSelectStored, campaignId); }

CampaignCounters recountFromEntries(helpdesk::Database& db, long long campaignId) { return query(db, kRecount, campaignId); }

CampaignCounters dailyTotals(helpdesk::Database& db, long long campaignId) { return query(db, kSelectDailyTotals, campaignId); }

} // namespace campaigns::counters
