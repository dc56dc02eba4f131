#pragma once
// The analytics figures for one filter, read from counters (response times excepted, below): campaigns_campaigns.n_* for whole
// campaigns, campaigns_daily_counters (one row per campaign and local day) when a campaign list is
// given, and campaigns_daily_rollup (per account, department and day) when it is not. Never a
// COUNT over campaigns_entries, so an answer costs the same for 10 messages or 10 million.
// The one exception is "Tiempo de respuesta": a median is no counter, so responseTimes() reads the
// entries that have a customer answer (replied_at set) and only those, of the filter's campaigns
// whose n_replied > 0, through the index (campaign_id, replied_at, addressed_at) of migration 013
// without touching the table rows, and only when the n_replied / n_addressed counters of those
// campaigns moved since the last read of the same filter (ResponseTimeCache.h).
#include "analytics/Counters.h"
#include "analytics/DateRange.h"
#include "analytics/ResponseTimeCache.h"
#include "analytics/ResponseTimes.h"

#include <helpdesk/Database.h>

#include <optional>
#include <string>
#include <vector>

namespace campaigns::analytics {

struct Filter {
    std::optional<long long> accountId;
    std::optional<long long> departmentId; // 0 = "Sin departamento"
    std::vector<long long> campaignIds;    // empty = every campaign
    DayRange range;
    std::string timeZone = "UTC"; // the installation's, for the range's instants
};

// Keeps the SQL's IN list bounded.
constexpr std::size_t kMaxCampaignIds = 200;

struct DayPoint {
    CivilDate day;
    EventCounters counters;
};

struct AnalyticsResult {
    EventCounters totals;
    StateCounters state;
    std::vector<DayPoint> series;      // every day of a bounded range, zeros included
    ResponseTimeSummary responseTimes; // answers received in the range (replied_at's local day)
};

struct CampaignOption {
    long long id = 0;
    std::string name;
    long long accountId = 0;
    long long departmentId = 0; // 0 = none
    std::string state;
    std::string createdAt; // ISO 8601 UTC
};

struct AccountOption {
    long long id = 0;
    std::string name;
};

// What "Ver campaña" shows. Times are ISO 8601 UTC ("" when not set).
struct CampaignDetails {
    long long id = 0;
    std::string name, createdAt, createdBy, state;
    long long accountId = 0;
    std::string accountName;
    std::optional<long long> departmentId;
    std::string templateName, templateLanguage, templateText;
    bool expectsResponse = false;
    int waitHours = 0;
    std::string fileName;
    long long contacts = 0;
    bool allowDuplicates = false;
    std::string sendRequestedAt, firstSentAt, finishedAt, responseDeadline;
    std::string headerImage; // link or stored file name; empty without a header image
    // While the campaign waits for answers (campaign::ResponseWindows): until when, and how many
    // of its tickets are open. Empty / 0 once the window has passed.
    std::string activeUntil;
    long long openTickets = 0;
};

class AnalyticsQuery {
public:
    explicit AnalyticsQuery(helpdesk::Database& db) : db_(db) {}

    // Throws std::invalid_argument for more than kMaxCampaignIds campaigns.
    AnalyticsResult run(const Filter& filter);

    std::vector<CampaignOption> campaigns();
    std::vector<AccountOption> accounts();
    std::optional<CampaignDetails> details(long long campaignId);
    // Median/p90 from a customer's first answer to the first agent message, and answers no agent
    // followed yet, for the filter's campaigns and the answers received in its days.
    ResponseTimeSummary responseTimes(const Filter& filter);

private:
    helpdesk::Database& db_;
    ResponseTimeCache responseCache_;
};

// The body text of a template from its stored components (Meta's array, or an object holding
// "components"); empty when it has none.
std::string templateBodyText(const std::string& componentsJson);

} // namespace campaigns::analytics
