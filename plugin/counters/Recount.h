#pragma once
// Recomputes a campaign's counters from its entries: the slow, obviously-correct answer the
// stored counters must always equal. Used by the consistency check and the fault tests; never
// on a page load.
#include "counters/CounterBook.h"

#include <helpdesk/Database.h>

#include <string>
#include <vector>

namespace campaigns::counters {

struct CampaignCounters {
    long long queued = 0, accepted = 0, failedSend = 0, unknown = 0, cancelled = 0, suppressed = 0, deferred = 0, capped = 0;
    long long retried = 0;
    long long sent = 0, delivered = 0, read = 0, replied = 0, repliedUnread = 0, addressed = 0, failedAfterAccept = 0;
    long long openTickets = 0; // tickets open with a response deadline; not per day
    bool operator==(const CampaignCounters&) const = default;
    std::string describe() const;
};

CampaignCounters storedCounters(helpdesk::Database& db, long long campaignId);
CampaignCounters recountFromEntries(helpdesk::Database& db, long long campaignId);
// Sum of the per-day rows: must equal the stored totals of the day-bound counters.
CampaignCounters dailyTotals(helpdesk::Database& db, long long campaignId);

} // namespace campaigns::counters
