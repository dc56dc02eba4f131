#pragma once
// The counters the analytics read, as CampaignState.h defines them (messages, not people).
// `EventCounters` exist per campaign and per local day; a sum over days or campaigns is again an
// EventCounters. `StateCounters` are current states (not events), kept only on the campaign row.
#include "counters/EventCounts.h"

namespace campaigns::analytics {

using EventCounters = counters::EventCounts<long long>;

struct StateCounters {
    long long pending = 0;      // n_queued: not yet finished sending
    long long unknown = 0;      // n_unknown: outcome not known yet
    long long suppressed = 0;   // n_suppressed: not sent, the number is on the suppression list
    long long deferred = 0;     // n_deferred: waiting >= 24 h after a 131049
    long long retried = 0;      // n_retried: sent again by "Reintentar fallidos" (each message once)
    long long uniquePhones = 0; // distinct numbers of the campaigns in view
    long long entriesTotal = 0; // rows of the campaigns in view
    long long campaigns = 0;    // how many campaigns are in view
};

} // namespace campaigns::analytics
