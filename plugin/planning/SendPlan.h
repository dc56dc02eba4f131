#pragma once
// What "Enviar Campaña" shows before anything is sent: who is reached and who is left out, the
// WABA's shared messaging limit and the waves it forces, the number's quality and throughput as
// Meta reports them, how long the send takes and what it costs (estimated, from the price table).
// Built from the plugin's tables plus one Cloud API call whose failure is reported in the plan
// rather than failing it: the administrator still sees everything else.
#include "cloudapi/CloudApiTypes.h"
#include "planning/PriceTable.h"
#include "planning/WabaLimit.h"
#include "planning/WavePlan.h"

#include <helpdesk/Database.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "quality/NumberQualityStore.h"

namespace campaigns::planning {

// The number's facts from GET /{phone-number-id}; throws (any std::exception) when Meta cannot be
// asked or does not answer.
using PhoneInfoSource = std::function<cloudapi::PhoneNumberInfo(long long accountId)>;

struct PhoneStatus {
    bool ok = false;
    cloudapi::PhoneNumberInfo info;
    double throughputPerSecond = 0; // from info.throughputLevel; 0 = unknown
    std::string error;              // Spanish, when !ok
    // What Meta last said by webhook (phone_number_quality_update, account_update), kept by the
    // quality breaker: newer than GET's answer between polls, and the only word on a restriction.
    std::optional<quality::NumberQuality> reported;
};

struct CountryCost {
    int callingCode = 0;
    std::string country;
    long long messages = 0;
    std::optional<double> unitPrice; // none when the table has no price for the code
    double cost = 0;
};

struct CostEstimate {
    bool available = false; // a price table is loaded
    std::string currency, pricesDate, source, category;
    std::vector<CountryCost> countries; // most messages first
    double total = 0;
    long long unpricedMessages = 0;       // phones of countries the table does not list
    std::vector<std::string> tableErrors; // the price file's last read, when it failed
};

struct SendPlan {
    long long campaignId = 0, accountId = 0;
    std::string state;
    long long recipients = 0, messages = 0;
    long long excludedSuppressed = 0;
    // Entries the frequency cap would hold or skip if sent now (campaign/FrequencyCap.h): their
    // number already got the account's cap of marketing templates from the WABA in 24 hours.
    long long excludedFrequencyCap = 0;
    int frequencyCapPerDay = 0;     // 0: no cap applies (not MARKETING, or the account has none)
    std::string frequencyCapAction; // "hold" | "skip": the campaign's choice
    LimitCheck limit;
    PhoneStatus phone;
    double configuredRate = 0, rate = 0;
    long long etaSeconds = 0;
    std::vector<Wave> waves;
    CostEstimate cost;
};

// Messages per second of Meta's throughput level (STANDARD 80, HIGH 1,000); 0 for an unknown level.
double throughputOfLevel(const std::string& level);

// Throws helpdesk::HttpError 404 campaign_not_found.
SendPlan buildSendPlan(helpdesk::Database& db, long long campaignId, const std::optional<PriceTable>& prices,
                       const std::vector<std::string>& priceErrors, const PhoneInfoSource& phoneInfo,
                       const Poco::Timestamp& now = Poco::Timestamp());

} // namespace campaigns::planning
