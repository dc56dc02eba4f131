#include "quality/RateDecision.h"

#include "quality/PauseCodes.h"

#include <Poco/NumberFormatter.h>

namespace campaigns::quality {

namespace {

// "16,7": one decimal with a comma, as Spanish writes it.
std::string percentText(double p) {
    std::string s = Poco::NumberFormatter::format(p, 1);
    for (auto& c : s)
        if (c == '.') c = ',';
    return s;
}

std::string limitText(double p) {
    std::string s = Poco::NumberFormatter::format(p, p == static_cast<double>(static_cast<long long>(p)) ? 0 : 1);
    for (auto& c : s)
        if (c == '.') c = ',';
    return s;
}

} // namespace

std::optional<RateTrip> judgeRates(const OutcomeWindow& w, const RateThresholds& t) {
    if (w.sample <= 0 || w.sample < t.minSample) return std::nullopt;
    const double n = static_cast<double>(w.sample);
    const double failures = 100.0 * static_cast<double>(w.failures) / n;
    if (failures > t.failurePercent)
        return RateTrip{pause::kFailureRate, spanishReason(pause::kFailureRate) + ": " + std::to_string(w.failures) + " de " +
                                                 std::to_string(w.sample) + " (" + percentText(failures) + " %; el límite es " +
                                                 limitText(t.failurePercent) + " %)"};
    const double optOuts = 100.0 * static_cast<double>(w.optOuts) / n;
    if (optOuts > t.optOutPercent)
        return RateTrip{pause::kOptOutRate, spanishReason(pause::kOptOutRate) + ": " + std::to_string(w.optOuts) + " de " +
                                                std::to_string(w.sample) + " (" + percentText(optOuts) + " %; el límite es " +
                                                limitText(t.optOutPercent) + " %)"};
    return std::nullopt;
}

} // namespace campaigns::quality
