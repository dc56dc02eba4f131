#pragma once
// The one way a campaign is paused: `sending` -> `paused` with its pause_code and Spanish
// pause_reason in one transaction (a conditional UPDATE, so a campaign the administrator paused,
// cancelled or that finished meanwhile is left alone). The quality breaker pauses through pause*()
// (then one log line naming the campaign, its account and the reason); the sender on a Cloud API
// error (sending/OutboxStore, in its outcome batch's transaction; sending/SendEngine when a
// campaign's payload cannot be built, and on a Cloud API outage, which it also ends by itself)
// and the administrator's "Pausar" (sending/SendApi) through pauseIn(), and log as they did. A
// send window's hold (scheduling) is not a pause: the campaign stays `sending`. The senders see
// the new state on their next look (AccountSender checks each campaign's state between batches)
// and give back what they claimed; queued entries stay queued and outcomes of messages already
// written are still recorded.
#include <helpdesk/Database.h>

#include <Poco/Data/Session.h>
#include <Poco/Logger.h>

#include <string>
#include <vector>

namespace campaigns::quality {

class CampaignPauser {
public:
    CampaignPauser(helpdesk::Database& db, Poco::Logger& log);

    // Pauses one campaign if it is sending; true when this call paused it.
    bool pause(long long campaignId, const std::string& code, const std::string& reason);
    // Pauses every sending campaign of these source accounts; returns the ids it paused.
    std::vector<long long> pauseAccounts(const std::vector<long long>& accountIds, const std::string& code,
                                         const std::string& reason);
    // Pauses every sending campaign that uses one of these stored templates; returns the ids it paused.
    std::vector<long long> pauseTemplates(const std::vector<long long>& templateIds, const std::string& code,
                                          const std::string& reason);

    // Which campaigns a pause applies to.
    enum class Target { Campaign, Account, Template };
    struct Paused {
        long long campaignId = 0, accountId = 0;
    };
    // On the caller's transaction (with the change that caused it, e.g. a webhook event marked
    // processed): pauses the sending campaigns of `keys` and returns them; log them with logPaused()
    // once committed.
    static std::vector<Paused> pauseIn(Poco::Data::Session& s, Target target, const std::vector<long long>& keys,
                                       const std::string& code, const std::string& reason);
    void logPaused(const std::vector<Paused>& paused, const std::string& code, const std::string& reason);

private:
    std::vector<long long> pauseWhere(Target target, const std::vector<long long>& keys, const std::string& code,
                                      const std::string& reason);

    helpdesk::Database& db_;
    Poco::Logger& log_;
};

} // namespace campaigns::quality
