#pragma once
// The outcome-rate side of the quality breaker (RateDecision.h decides): pauses a sending campaign
// whose last outcomes show too many failures (not 131049; 131050 counts as an opt-out only) or too
// many opt-outs.
//
// Why periodic and not on the send path: judging a window means reading up to 500 entries, and
// doing that per recorded outcome (or even per batch of 100 outcomes at 80+ msg/s per number)
// would put a 500-row scan on the sender's transaction. Instead sweep() runs on the scheduler
// every few seconds (quality.check_ms, 5 s by default), reads the sending campaigns' counters in one
// query, and reads a campaign's window only when those counters moved since it last looked (a
// campaign that sends nothing costs nothing). The window read is one index range scan on
// (campaign_id, state, id), newest first, LIMIT 500. A pause a few seconds "late" sends at most a
// few seconds' worth of extra messages; the rule is about hundreds of outcomes anyway.
//
// Only outcomes after the administrator's last "Reanudar" (resumed_at) count, so resuming a campaign
// the breaker paused is not undone by the same failures at the next sweep: the breaker judges the
// messages sent after the resume, with the same minimum sample.
#include "quality/CampaignPauser.h"
#include "quality/RateDecision.h"

#include <helpdesk/Database.h>

#include <map>
#include <mutex>

namespace campaigns::quality {

class OutcomeRateBreaker {
public:
    OutcomeRateBreaker(helpdesk::Database& db, CampaignPauser& pauser, RateThresholds thresholds);

    // Looks at every sending campaign whose counters moved; returns the ids it paused.
    std::vector<long long> sweep();
    // The window of one campaign as sweep() reads it (for tests and the log).
    OutcomeWindow windowOf(long long campaignId, const std::string& resumedAt);

private:
    helpdesk::Database& db_;
    CampaignPauser& pauser_;
    RateThresholds thresholds_;
    std::mutex mutex_;                    // sweep() is not re-entered, but tests may call it too
    std::map<long long, long long> seen_; // campaign -> counters signature at its last judgement
};

} // namespace campaigns::quality
