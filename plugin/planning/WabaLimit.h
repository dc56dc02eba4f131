#pragma once
// Meta's messaging limit: how many unique users a business may start conversations with per moving
// 24 hours. The limit belongs to the WABA (business portfolio) and is SHARED by every phone number
// of it, so the users already reached count across every account with the campaign's waba_id, not
// only the campaign's own number. This is the one computation of it: the pre-send plan shows it,
// and sending::SendApi's send-check and send refusal answer from it.
#include <helpdesk/Database.h>

#include <Poco/Timestamp.h>

#include <string>

namespace campaigns::planning {

struct LimitCheck {
    std::string wabaId;
    std::string tier;             // the account's configured tier, e.g. TIER_1K
    long long dailyLimit = 0;     // unique users per moving 24 h; 0 = unlimited
    long long usedLast24h = 0;    // unique users any number of the WABA reached in the last 24 h, or
                                  // holds queued in a started campaign
    long long campaignUnique = 0; // unique phones of this campaign
    long long wabaAccounts = 0;   // numbers (accounts) sharing the limit
    bool ok = true;
    std::string message; // Spanish, shown before sending
};

// Throws helpdesk::HttpError 404 campaign_not_found for an unknown campaign.
LimitCheck checkWabaLimit(helpdesk::Database& db, long long campaignId, const Poco::Timestamp& asOf = Poco::Timestamp());

} // namespace campaigns::planning
