#include "campaign/ResponseWindows.h"

#include "storage/IdList.h"
#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"

#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Timespan.h>

#include <stdexcept>

using namespace Poco::Data::Keywords;

namespace campaigns::campaign {
namespace {
// A campaign's open tickets with a deadline, and the latest deadline (kOpenTicketsHead...).
struct OpenTicketsRow {
    long long campaignId = 0;
    long long openTickets = 0;
    std::string lastDeadline; // "YYYY-MM-DD HH:MM:SS" UTC
};
} // namespace
} // namespace campaigns::campaign

template <>
class Poco::Data::TypeHandler<campaigns::campaign::OpenTicketsRow>
    : public campaigns::storage::RowHandler<campaigns::campaign::OpenTicketsRow, &campaigns::campaign::OpenTicketsRow::campaignId,
                                            &campaigns::campaign::OpenTicketsRow::openTickets,
                                            &campaigns::campaign::OpenTicketsRow::lastDeadline> {};

namespace campaigns::campaign {

namespace {

// Per campaign of the list: its open tickets that have a deadline and the latest deadline. The
// IN list is the page's candidates (at most a page, 200); kGroup follows it.
const char* const kOpenTicketsHead = "SELECT e.campaign_id AS campaign_id, COUNT(*) AS open_tickets, ";
const char* const kOpenTicketsFrom =
    " AS last_deadline FROM campaigns_entries e WHERE e.ticket_closed = 0 AND e.ticket_deadline IS NOT NULL"
    " AND e.campaign_id IN ";
const char* const kGroup = " GROUP BY e.campaign_id";

} // namespace

bool mayStillWait(const WindowCandidate& c, const Poco::Timestamp& now) {
    if (!c.expectsResponse || c.finishedAt.empty()) return false;
    if (c.state != CampaignState::Completed && c.state != CampaignState::CompletedWithErrors) return false;
    int tz = 0;
    Poco::DateTime finished;
    if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FORMAT, c.finishedAt, finished, tz))
        throw std::invalid_argument("campaign " + std::to_string(c.id) + ": unreadable finished_at '" + c.finishedAt + "'");
    return finished.timestamp() + Poco::Timespan(c.waitHours * Poco::Timespan::HOURS) > now;
}

std::map<long long, ResponseWindow> ResponseWindows::waiting(const std::vector<WindowCandidate>& campaigns,
                                                             const Poco::Timestamp& now) {
    std::vector<Poco::Int64> ids;
    for (const auto& c : campaigns)
        if (mayStillWait(c, now)) ids.push_back(c.id);
    std::map<long long, ResponseWindow> out;
    if (ids.empty()) return out;

    auto session = db_.session();
    Poco::Data::Statement st(session);
    st << kOpenTicketsHead + storage::timeAsText(db_.dialect(), "MAX(e.ticket_deadline)") + kOpenTicketsFrom + "(" +
              storage::placeholders(ids.size()) + ")" + kGroup;
    for (auto& id : ids) st, use(id);
    std::vector<OpenTicketsRow> rows;
    st, into(rows);
    st.execute();
    const std::string current = storage::utcText(now).substr(0, 19);
    for (const auto& row : rows) {
        // Same text format on both sides ("YYYY-MM-DD HH:MM:SS"), so text order is time order.
        if (row.lastDeadline <= current) continue;
        out[row.campaignId] = {storage::isoUtc(Poco::Dynamic::Var(row.lastDeadline)), row.openTickets};
    }
    return out;
}

} // namespace campaigns::campaign
