#pragma once
// The frequency cap (issue 12): at most `perDay` MARKETING templates to one number in any 24 hours,
// counted over every campaign of the account's WABA. Why the WABA and not the number or the
// campaign: WhatsApp's own per-user marketing limit counts what a person receives from all
// businesses, so a second number of the same business starts no fresh count; what goes over it
// fails later with 131049 (and resending within 24 h makes the person unreachable for longer), and
// the WABA is the business the person sees, the same scope as the suppression list. Utility and
// authentication templates are never capped.
//
// The one rule for three callers: the sender at claim time (sending/OutboxStore: hold or skip),
// the send plan and the upload report (how many rows the cap affects now). Each batch of phones
// costs one statement: the WABA's marketing campaigns that sent within the window are read once
// (campaigns with first_sent_at and not finished before it, as planning/WabaLimit does), then
// the batch's entries in those campaigns by the index (phone, campaign_id). A message counts at
// its accepted_at; one being written (claimed, dispatching) counts now, and one whose outcome is
// unknown (it may have reached Meta) at its updated_at.
#include <helpdesk/Database.h>

#include <Poco/Data/Session.h>
#include <Poco/Timestamp.h>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace campaigns::campaign {

// What a campaign does with an entry over the cap; chosen at creation (frequency_cap_action).
enum class CapAction { Hold, Skip };
const char* code(CapAction a);                                  // "hold" | "skip"
std::optional<CapAction> capActionFromCode(std::string_view c); // nullopt for anything else

class FrequencyCap {
public:
    static constexpr long long kWindowSeconds = 24 * 3600;

    // The cap of a stored campaign's sends at `now`: inactive when its template is not MARKETING
    // or its account has no cap (frequency_cap_per_day = 0).
    static FrequencyCap forCampaign(Poco::Data::Session& s, helpdesk::Dialect d, long long campaignId,
                                    const Poco::Timestamp& asOf);
    // The cap a campaign of `accountId` with a template of `category` would meet at `now` (the
    // upload report, before the campaign exists).
    static FrequencyCap forAccount(Poco::Data::Session& s, helpdesk::Dialect d, long long accountId, const std::string& category,
                                   const Poco::Timestamp& asOf);

    bool active() const { return perDay_ > 0 && !wabaId_.empty(); }
    int perDay() const { return perDay_; }
    CapAction action() const { return action_; }

    // Reads the marketing messages the WABA sent to `phones` within the window (one statement per
    // 500 phones), so admit() can decide them. Phones already read are not read again: what
    // admit() counted for them since stays (a number listed twice in one campaign).
    void load(const std::vector<std::string>& phones);
    // nullopt: `phone` may get one more now, and it is counted as sent now; otherwise when the
    // window has room again (the oldest message that must age out, plus 24 h).
    std::optional<Poco::Timestamp> admit(const std::string& phone);
    // How many messages `phone` got within the window, as admit() last saw them.
    int recentCount(const std::string& phone) const;

    // How many of `phones` (in send order; a number listed twice is two messages) the cap would
    // hold or skip if they were all sent now. 0 when inactive.
    long long countAffected(const std::vector<std::string>& phones, std::size_t batch = 1000);

    // The one statement load() runs per batch: `phones` phones among `campaigns` campaigns, then
    // two times (the window's start); ix_campaigns_entries_phone (phone, campaign_id). Public so
    // that a test can ask each database how it plans it.
    static std::string lookupSql(helpdesk::Dialect d, std::size_t campaigns, std::size_t phones);

private:
    FrequencyCap(Poco::Data::Session& s, helpdesk::Dialect d, const Poco::Timestamp& asOf) : s_(&s), dialect_(d), now_(asOf) {}
    // The WABA's marketing campaigns that may have sent within the window; the campaign being sent
    // only when it allows duplicate numbers.
    void readRecentCampaigns(long long ownCampaignId, bool ownHasDuplicates);

    Poco::Data::Session* s_;
    helpdesk::Dialect dialect_;
    Poco::Timestamp now_;
    std::string wabaId_;
    int perDay_ = 0;
    CapAction action_ = CapAction::Hold;
    std::vector<long long> campaigns_; // the WABA's marketing campaigns that may have sent within the window
    std::unordered_map<std::string, std::vector<Poco::Timestamp>> sent_; // per phone, within the window
};

} // namespace campaigns::campaign
