#pragma once
// What issue 13 ("Plan, test and schedule a send") stores on a campaign row, as the list and the
// details read it: when a scheduled campaign starts, why a scheduled start was refused, its send
// window and the hold it causes, the approval by a second administrator, and the waves it is sent in. Written by
// plugin/scheduling (and sending/SendStart for the approval request); read here so the campaign
// JSON can show it. Times are UTC "YYYY-MM-DD HH:MM:SS" text, empty when NULL.
#include <string>
#include <vector>

namespace campaigns::campaign {

// One stored wave of "Programar en tandas" (campaigns_campaign_waves, migration 020).
struct CampaignWave {
    std::string startsAt; // UTC
    long long recipients = 0;
};

struct CampaignSchedule {
    std::string startAt;         // state scheduled: when it starts
    std::string scheduleProblem; // Spanish reason a scheduled start was refused ('' if none)
    int windowFrom = -1;         // send window: local minute of day it opens (-1: no window)
    int windowTo = -1;           // local minute of day it closes (exclusive)
    int windowDays = 0;          // ISO weekdays as bits (Monday = 1 ... Sunday = 64)
    std::string holdUntil;       // sending held by the window until then
    long long approvalRequestedBy = 0;
    long long approvedBy = 0;
    std::string approvedByName;
    std::string approvedAt;
    std::vector<CampaignWave> waves; // in order; empty unless it was sent in waves
};

} // namespace campaigns::campaign
