#pragma once
// Puts numbers on the suppression list from what the webhook processor sees, inside its batch
// transaction: WhatsApp's `user_preferences` stop/resume, a `failed` status with 131050, a press of
// a quick-reply button the administrator marked as opt-out, and an answer that is exactly one of
// the opt-out keywords. Looks up each WABA once per batch. Logs name the campaign, entry or
// account and only the last digits of a number.
#include "suppressions/OptOutKeywords.h"
#include "tracking/InboundMessage.h"

#include <helpdesk/Database.h>

#include <Poco/Data/Session.h>
#include <Poco/Logger.h>

#include <map>
#include <string>

namespace campaigns::tracking {

class OptOutRecorder {
public:
    OptOutRecorder(Poco::Data::Session& s, helpdesk::Dialect d, Poco::Logger& log, const suppressions::OptOutKeywords& keywords);

    // A `user_preferences` event (its stored payload, and the phone number id it came through).
    void preference(const std::string& payload, const std::string& phoneNumberId, long long eventId);
    // A `failed` status with 131050 on an entry of a campaign.
    void userStoppedMarketing(long long campaignId, long long entryId);
    // A customer message: a marked button or a keyword adds its sender. `account` is the account of
    // the number it was sent to (0: none of ours), `campaignId`/`entryId` what it was matched to (0: nothing).
    // Returns true when the sender was added.
    bool message(const InboundMessage& in, long long account, long long campaignId, long long entryId);

    // "…4321": enough of a number for a log line.
    static std::string tail(const std::string& phone);

private:
    std::string wabaOfAccount(long long accountId);
    std::string wabaOfCampaign(long long campaignId);
    std::string wabaOfNumber(const std::string& phoneNumberId);
    bool isOptOutButton(const std::string& waba, const std::string& payload);

    Poco::Data::Session& s_;
    helpdesk::Dialect dialect_;
    Poco::Logger& log_;
    const suppressions::OptOutKeywords& keywords_;
    std::map<long long, std::string> wabaByAccount_, wabaByCampaign_;
    std::map<std::string, std::string> wabaByNumber_;
};

} // namespace campaigns::tracking
