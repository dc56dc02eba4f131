#include "campaign/FrequencyCap.h"

#include "storage/IdList.h"
#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"

#include <Poco/Data/Statement.h>
#include <Poco/DateTimeParser.h>

#include <algorithm>

using namespace Poco::Data::Keywords;

namespace campaigns::campaign {
namespace {
// kCampaignRule
struct CampaignRuleRow {
    std::string wabaId;
    int perDay = 0;
    std::string action, category;
    int allowDuplicates = 0;
};
// kAccountRule
struct AccountRuleRow {
    std::string wabaId;
    int perDay = 0;
};
// FrequencyCap::lookupSql()
struct RecentSendRow {
    std::string phone;
    int inFlight = 0; // claimed or dispatching: being written now
    std::string at;   // "YYYY-MM-DD HH:MM:SS" UTC: accepted_at, else updated_at (unknown)
};
} // namespace
} // namespace campaigns::campaign

template <>
class Poco::Data::TypeHandler<campaigns::campaign::CampaignRuleRow>
    : public campaigns::storage::RowHandler<
          campaigns::campaign::CampaignRuleRow, &campaigns::campaign::CampaignRuleRow::wabaId,
          &campaigns::campaign::CampaignRuleRow::perDay, &campaigns::campaign::CampaignRuleRow::action,
          &campaigns::campaign::CampaignRuleRow::category, &campaigns::campaign::CampaignRuleRow::allowDuplicates> {};
template <>
class Poco::Data::TypeHandler<campaigns::campaign::AccountRuleRow>
    : public campaigns::storage::RowHandler<campaigns::campaign::AccountRuleRow, &campaigns::campaign::AccountRuleRow::wabaId,
                                            &campaigns::campaign::AccountRuleRow::perDay> {};
template <>
class Poco::Data::TypeHandler<campaigns::campaign::RecentSendRow>
    : public campaigns::storage::RowHandler<campaigns::campaign::RecentSendRow, &campaigns::campaign::RecentSendRow::phone,
                                            &campaigns::campaign::RecentSendRow::inFlight,
                                            &campaigns::campaign::RecentSendRow::at> {};

namespace campaigns::campaign {
namespace {

constexpr const char* kMarketing = "MARKETING";
const char* const kCampaignRule =
    "SELECT a.waba_id, a.frequency_cap_per_day, c.frequency_cap_action, COALESCE(t.category, ''), c.allow_duplicates"
    " FROM campaigns_campaigns c JOIN campaigns_accounts a ON a.id = c.account_id"
    " LEFT JOIN campaigns_templates t ON t.id = c.template_id WHERE c.id = ?";
const char* const kAccountRule = "SELECT waba_id, frequency_cap_per_day FROM campaigns_accounts WHERE id = ?";
// The WABA's marketing campaigns that may have sent within the window (planning/WabaLimit reads
// the same set): a handful, whatever the history.
const char* const kRecentMarketingCampaigns =
    "SELECT c.id FROM campaigns_accounts a JOIN campaigns_campaigns c ON c.account_id = a.id"
    " JOIN campaigns_templates t ON t.id = c.template_id"
    " WHERE a.waba_id = ? AND t.category = 'MARKETING' AND c.first_sent_at IS NOT NULL"
    " AND (c.finished_at IS NULL OR c.finished_at >= ?)";

Poco::Timestamp parseUtc(const std::string& text) {
    int tz = 0;
    return Poco::DateTimeParser::parse("%Y-%m-%d %H:%M:%S", text.substr(0, 19), tz).timestamp();
}

} // namespace

// One batch of phones in the recent campaigns: "phone IN (...) AND campaign_id IN (...)" are
// ranges of ix_campaigns_entries_phone (phone, campaign_id); MariaDB is told so, as the claim does.
std::string FrequencyCap::lookupSql(helpdesk::Dialect d, std::size_t campaigns, std::size_t phones) {
    return "SELECT phone, CASE WHEN state IN ('claimed', 'dispatching') THEN 1 ELSE 0 END, " +
           storage::timeAsText(d, "COALESCE(accepted_at, updated_at)") + " FROM campaigns_entries" +
           (d == helpdesk::Dialect::MySQL ? " FORCE INDEX (ix_campaigns_entries_phone)" : "") + " WHERE phone IN (" +
           storage::placeholders(phones) + ") AND campaign_id IN (" + storage::placeholders(campaigns) +
           ") AND (accepted_at >= ? OR state IN ('claimed', 'dispatching') OR (state = 'unknown' AND updated_at >= ?))";
}

const char* code(CapAction a) { return a == CapAction::Skip ? "skip" : "hold"; }

std::optional<CapAction> capActionFromCode(std::string_view c) {
    if (c == "hold") return CapAction::Hold;
    if (c == "skip") return CapAction::Skip;
    return std::nullopt;
}

FrequencyCap FrequencyCap::forCampaign(Poco::Data::Session& s, helpdesk::Dialect d, long long campaignId,
                                       const Poco::Timestamp& asOf) {
    FrequencyCap cap(s, d, asOf);
    std::vector<CampaignRuleRow> rows;
    Poco::Int64 id = campaignId;
    s << kCampaignRule, use(id), into(rows), now;
    if (rows.empty() || rows[0].category != kMarketing) return cap;
    cap.wabaId_ = rows[0].wabaId;
    cap.perDay_ = std::max(0, rows[0].perDay);
    cap.action_ = capActionFromCode(rows[0].action).value_or(CapAction::Hold);
    if (cap.active()) cap.readRecentCampaigns(campaignId, rows[0].allowDuplicates != 0);
    return cap;
}

FrequencyCap FrequencyCap::forAccount(Poco::Data::Session& s, helpdesk::Dialect d, long long accountId,
                                      const std::string& category, const Poco::Timestamp& asOf) {
    FrequencyCap cap(s, d, asOf);
    if (category != kMarketing) return cap;
    std::vector<AccountRuleRow> rows;
    Poco::Int64 id = accountId;
    s << kAccountRule, use(id), into(rows), now;
    if (rows.empty()) return cap;
    cap.wabaId_ = rows[0].wabaId;
    cap.perDay_ = std::max(0, rows[0].perDay);
    if (cap.active()) cap.readRecentCampaigns(0, false);
    return cap;
}

void FrequencyCap::readRecentCampaigns(long long ownCampaignId, bool ownHasDuplicates) {
    std::vector<Poco::Int64> ids;
    std::string waba = wabaId_, since = storage::utcText(now_ - Poco::Timespan(kWindowSeconds, 0));
    *s_ << kRecentMarketingCampaigns, use(waba), use(since), into(ids), now;
    campaigns_.assign(ids.begin(), ids.end());
    const auto own = std::find(campaigns_.begin(), campaigns_.end(), ownCampaignId);
    if (!ownHasDuplicates) {
        // Each number is in it once: its own entries never count against each other, and looking
        // for them would read every entry being claimed a second time.
        if (own != campaigns_.end()) campaigns_.erase(own);
    } else if (ownCampaignId > 0 && own == campaigns_.end()) {
        // A number listed twice: its earlier entry counts, in flight or sent.
        campaigns_.push_back(ownCampaignId);
    }
}

void FrequencyCap::load(const std::vector<std::string>& phones) {
    if (!active()) return;
    std::vector<std::string> unread;
    for (const auto& p : phones)
        if (sent_.emplace(p, std::vector<Poco::Timestamp>()).second) unread.push_back(p);
    if (unread.empty() || campaigns_.empty()) return;
    const std::string since = storage::utcText(now_ - Poco::Timespan(kWindowSeconds, 0));
    constexpr std::size_t chunk = 500;
    for (std::size_t i = 0; i < unread.size(); i += chunk) {
        std::vector<std::string> part(unread.begin() + static_cast<std::ptrdiff_t>(i),
                                      unread.begin() + static_cast<std::ptrdiff_t>(std::min(unread.size(), i + chunk)));
        std::vector<Poco::Int64> campaigns(campaigns_.begin(), campaigns_.end());
        std::string acceptedSince = since, updatedSince = since; // bound by reference
        std::vector<RecentSendRow> rows;
        Poco::Data::Statement st(*s_);
        st << lookupSql(dialect_, campaigns.size(), part.size());
        for (auto& p : part) st, use(p);
        for (auto& c : campaigns) st, use(c);
        st, use(acceptedSince), use(updatedSince), into(rows);
        st.execute();
        for (const auto& r : rows) sent_[r.phone].push_back(r.inFlight || r.at.size() < 19 ? now_ : parseUtc(r.at));
    }
    for (const auto& p : unread) std::sort(sent_[p].begin(), sent_[p].end());
}

std::optional<Poco::Timestamp> FrequencyCap::admit(const std::string& phone) {
    if (!active()) return std::nullopt;
    auto& times = sent_[phone];
    const Poco::Timestamp cutoff = now_ - Poco::Timespan(kWindowSeconds, 0);
    times.erase(times.begin(), std::lower_bound(times.begin(), times.end(), cutoff));
    const auto n = static_cast<int>(times.size());
    if (n < perDay_) {
        times.insert(std::upper_bound(times.begin(), times.end(), now_), now_);
        return std::nullopt;
    }
    // The (n - perDay + 1)-th oldest must leave the window before one more fits; never "now".
    const Poco::Timestamp frees = times[static_cast<std::size_t>(n - perDay_)] + Poco::Timespan(kWindowSeconds, 0);
    return std::max(frees, now_ + Poco::Timespan(1, 0));
}

int FrequencyCap::recentCount(const std::string& phone) const {
    const auto it = sent_.find(phone);
    return it == sent_.end() ? 0 : static_cast<int>(it->second.size());
}

long long FrequencyCap::countAffected(const std::vector<std::string>& phones, std::size_t batch) {
    if (!active()) return 0;
    long long affected = 0;
    for (std::size_t i = 0; i < phones.size(); i += batch) {
        std::vector<std::string> part(phones.begin() + static_cast<std::ptrdiff_t>(i),
                                      phones.begin() + static_cast<std::ptrdiff_t>(std::min(phones.size(), i + batch)));
        load(part);
        for (const auto& p : part)
            if (admit(p)) ++affected;
    }
    return affected;
}

} // namespace campaigns::campaign
