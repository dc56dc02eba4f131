#pragma once
// Meta's messaging limit: how many unique users a business may start conversations with per moving
// 24 hours. The limit belongs to the WABA (business portfolio) and is SHARED by every phone number
// of it, so the users already reached count across every account with the campaign's waba_id, not
// only the campaign's own number. This is the one computation of it: the pre-send plan shows it,
// and sending::SendApi's send-check and send refusal answer from it.
#include <helpdesk/Database.h>

#include <Poco/Data/Session.h>
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
// The same on the caller's session: sending::startSending checks and starts in one transaction that
// holds the WABA's lock (lockWaba), so two starts of one WABA at once cannot both pass on the same count.
LimitCheck checkWabaLimit(Poco::Data::Session& s, long long campaignId, const Poco::Timestamp& asOf = Poco::Timestamp());

// The WABA whose limit the campaign's start uses, '' for an unknown campaign. Read before the
// transaction: on MySQL/MariaDB a plain read would fix its snapshot before the lock is held.
std::string wabaOfCampaign(Poco::Data::Session& s, long long campaignId);
// On the caller's write transaction, first thing in it: serialises the starts of one WABA until it
// ends. MySQL/MariaDB lock the WABA's account rows (FOR UPDATE, in id order); SQLite's BEGIN
// IMMEDIATE already lets one writer at a time, so it does nothing there.
void lockWaba(Poco::Data::Session& s, helpdesk::Dialect d, const std::string& wabaId);

} // namespace campaigns::planning
