#pragma once
// The outcome-rate rule of the quality breaker, as a pure function so its thresholds are tested
// without a database: over a campaign's last outcomes (at most `window`, 500 by default), pause when
// the failures other than 131049 and 131050 exceed `failurePercent` (15 %) or the entries whose customer asked
// to stop exceed `optOutPercent` (2 %).
//
// Minimum sample: nothing is decided before `minSample` outcomes (100 by default). At 100 outcomes
// one failure moves the rate by one point, so the 15 % rule needs 16 failures and the 2 % rule 3
// opt-outs; a campaign's first few failures (a wrong number or two, a bad row) can never trip it,
// while a campaign that fails on a large scale stops after about a hundred messages, long before
// Meta's own quality signal (computed over days) would react.
#include <optional>
#include <string>

namespace campaigns::quality {

struct OutcomeWindow {
    long long sample = 0;   // outcomes in the window: entries accepted or failed at send
    long long failures = 0; // failed at send or after acceptance, except 131049 and 131050 (an opt-out)
    long long optOuts = 0;  // entries whose customer asked to stop receiving messages
};

struct RateThresholds {
    double failurePercent = 15.0;
    double optOutPercent = 2.0;
    long long minSample = 100;
    long long window = 500;
};

struct RateTrip {
    std::string code;   // pause::kFailureRate or pause::kOptOutRate
    std::string reason; // Spanish, with the figures: "Demasiados envíos fallidos: 20 de 120 (16,7 %) ..."
};

// The pause the window calls for, or nothing. Failures are judged first: they hurt the number more.
std::optional<RateTrip> judgeRates(const OutcomeWindow& w, const RateThresholds& t);

} // namespace campaigns::quality
