#include "planning/SendPlan.h"

#include "campaign/FrequencyCap.h"
#include "planning/CallingCodes.h"
#include "storage/RowMapping.h"
#include "web/ErrorCodes.h"

#include <helpdesk/Http.h>

#include <algorithm>
#include <map>

using namespace Poco::Data::Keywords;

namespace campaigns::planning {
namespace {
// kSelectPlanCampaign
struct PlanCampaignRow {
    long long accountId = 0;
    std::string state;
    long long entries = 0, excluded = 0;
    int configuredRate = 0;
    std::string category;
};
// kCountByPrefix
struct PrefixCountRow {
    std::string prefix;
    long long messages = 0;
};
} // namespace
} // namespace campaigns::planning

template <>
class Poco::Data::TypeHandler<campaigns::planning::PlanCampaignRow>
    : public campaigns::storage::RowHandler<
          campaigns::planning::PlanCampaignRow, &campaigns::planning::PlanCampaignRow::accountId,
          &campaigns::planning::PlanCampaignRow::state, &campaigns::planning::PlanCampaignRow::entries,
          &campaigns::planning::PlanCampaignRow::excluded, &campaigns::planning::PlanCampaignRow::configuredRate,
          &campaigns::planning::PlanCampaignRow::category> {};
template <>
class Poco::Data::TypeHandler<campaigns::planning::PrefixCountRow>
    : public campaigns::storage::RowHandler<campaigns::planning::PrefixCountRow, &campaigns::planning::PrefixCountRow::prefix,
                                            &campaigns::planning::PrefixCountRow::messages> {};

namespace campaigns::planning {
namespace {

const char* const kSelectPlanCampaign =
    "SELECT c.account_id, c.state, c.entries_total, c.excluded_count, a.throughput_per_second, COALESCE(t.category, '')"
    " FROM campaigns_campaigns c JOIN campaigns_accounts a ON a.id = c.account_id"
    " LEFT JOIN campaigns_templates t ON t.id = c.template_id WHERE c.id = ?";
// Calling codes are at most three digits: the first three decide the country.
// The numbers still to send, in send order: what the frequency cap is asked about.
const char* const kPhonesToSend =
    "SELECT phone FROM campaigns_entries WHERE campaign_id = ? AND state IN ('queued', 'deferred') ORDER BY id";
const char* const kCountByPrefix =
    "SELECT SUBSTR(phone, 1, 3), COUNT(*) FROM campaigns_entries WHERE campaign_id = ? GROUP BY SUBSTR(phone, 1, 3)";

PhoneStatus askPhone(const PhoneInfoSource& source, long long accountId) {
    PhoneStatus p;
    if (!source) {
        p.error = "No se consultó el número en WhatsApp.";
        return p;
    }
    try {
        p.info = source(accountId);
        p.ok = true;
        p.throughputPerSecond = throughputOfLevel(p.info.throughputLevel);
    } catch (const std::exception& e) {
        p.error = std::string("No se pudo consultar la calidad y el rendimiento del número en WhatsApp: ") + e.what();
    }
    return p;
}

CostEstimate estimateCost(helpdesk::Database& db, long long campaignId, const std::string& category,
                          const std::optional<PriceTable>& prices, const std::vector<std::string>& priceErrors) {
    CostEstimate c;
    c.category = category;
    c.tableErrors = priceErrors;
    std::vector<PrefixCountRow> rows;
    {
        auto s = db.session();
        Poco::Int64 id = campaignId;
        s << kCountByPrefix, use(id), into(rows), now;
    }
    std::map<int, CountryCost> byCode;
    for (const auto& r : rows) {
        const auto cc = callingCodeOf(r.prefix);
        auto& country = byCode[cc.code];
        country.callingCode = cc.code;
        country.country = cc.region;
        country.messages += r.messages;
    }
    if (prices) {
        c.available = true;
        c.currency = prices->currency;
        c.pricesDate = prices->date;
        c.source = prices->source;
    }
    for (auto& [code, country] : byCode) {
        const CountryPrices* listed = nullptr;
        if (prices) {
            const auto found = prices->byCallingCode.find(code);
            if (found != prices->byCallingCode.end()) listed = &found->second;
        }
        if (listed) {
            country.country = listed->country;
            country.unitPrice = listed->of(category);
        }
        if (country.unitPrice) {
            country.cost = *country.unitPrice * static_cast<double>(country.messages);
            c.total += country.cost;
        } else {
            c.unpricedMessages += country.messages;
        }
        c.countries.push_back(country);
    }
    std::stable_sort(c.countries.begin(), c.countries.end(),
                     [](const CountryCost& a, const CountryCost& b) { return a.messages > b.messages; });
    return c;
}

// How many of the campaign's entries the frequency cap holds or skips if it were sent at `asOf`.
void countCapped(helpdesk::Database& db, long long campaignId, const Poco::Timestamp& asOf, SendPlan& p) {
    auto s = db.session();
    auto cap = campaign::FrequencyCap::forCampaign(s, db.dialect(), campaignId, asOf);
    p.frequencyCapPerDay = cap.active() ? cap.perDay() : 0;
    p.frequencyCapAction = campaign::code(cap.action());
    if (!cap.active()) return;
    std::vector<std::string> phones;
    Poco::Int64 id = campaignId;
    s << kPhonesToSend, use(id), into(phones), now;
    p.excludedFrequencyCap = cap.countAffected(phones);
}

} // namespace

double throughputOfLevel(const std::string& level) {
    if (level == "STANDARD") return 80;
    if (level == "HIGH") return 1000;
    return 0;
}

SendPlan buildSendPlan(helpdesk::Database& db, long long campaignId, const std::optional<PriceTable>& prices,
                       const std::vector<std::string>& priceErrors, const PhoneInfoSource& phoneInfo,
                       const Poco::Timestamp& asOf) {
    std::vector<PlanCampaignRow> rows;
    {
        auto s = db.session();
        Poco::Int64 id = campaignId;
        s << kSelectPlanCampaign, use(id), into(rows), now;
    }
    if (rows.empty()) throw helpdesk::HttpError(404, web::codes::kCampaignNotFound, "La campaña no existe.");
    const auto& r = rows[0];
    SendPlan p;
    p.campaignId = campaignId;
    p.accountId = r.accountId;
    p.state = r.state;
    p.messages = r.entries;
    p.excludedSuppressed = r.excluded;
    countCapped(db, campaignId, asOf, p);
    p.limit = checkWabaLimit(db, campaignId, asOf);
    p.recipients = p.limit.campaignUnique;
    p.phone = askPhone(phoneInfo, r.accountId);
    p.phone.reported = quality::NumberQualityStore(db).get(r.accountId);
    p.configuredRate = r.configuredRate;
    p.rate = effectiveRate(p.phone.throughputPerSecond, p.configuredRate);
    p.etaSeconds = etaSeconds(p.messages, p.rate);
    const double perRecipient = p.recipients > 0 ? static_cast<double>(p.messages) / static_cast<double>(p.recipients) : 1.0;
    p.waves = proposeWaves(p.recipients, p.limit.dailyLimit, p.limit.usedLast24h, asOf, p.rate, perRecipient);
    p.cost = estimateCost(db, campaignId, r.category, prices, priceErrors);
    return p;
}

} // namespace campaigns::planning
