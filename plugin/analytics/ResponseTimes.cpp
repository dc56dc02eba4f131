#include "analytics/ResponseTimes.h"

#include <algorithm>
#include <stdexcept>

namespace campaigns::analytics {

std::optional<long long> nearestRankPercentile(std::vector<long long>& values, int percent) {
    if (percent < 1 || percent > 100) throw std::invalid_argument("percentile must be within 1..100: " + std::to_string(percent));
    if (values.empty()) return std::nullopt;
    const auto n = static_cast<long long>(values.size());
    // ceil(percent * n / 100) in integers, so 90 % of 10 is exactly rank 9 (no 9.000001).
    const long long rank = (static_cast<long long>(percent) * n + 99) / 100;
    const auto nth = values.begin() + static_cast<std::ptrdiff_t>(rank - 1);
    std::nth_element(values.begin(), nth, values.end());
    return *nth;
}

ResponseTimeSummary summarizeResponseTimes(std::vector<long long> seconds, long long waiting) {
    ResponseTimeSummary s;
    for (auto& v : seconds) v = std::max(v, 0LL);
    s.answered = static_cast<long long>(seconds.size());
    s.waiting = waiting;
    s.medianSeconds = nearestRankPercentile(seconds, 50);
    s.p90Seconds = nearestRankPercentile(seconds, 90);
    return s;
}

std::string humanDuration(std::optional<long long> seconds) {
    if (!seconds) return "—";
    const long long total = std::max(*seconds, 0LL);
    if (total < 60) return std::to_string(total) + " s";
    const long long minutes = total / 60;
    if (minutes < 60) return std::to_string(minutes) + " min";
    const long long hours = minutes / 60;
    if (hours < 24) {
        const long long rest = minutes % 60;
        return std::to_string(hours) + " h" + (rest ? " " + std::to_string(rest) + " min" : std::string());
    }
    const long long days = hours / 24, rest = hours % 24;
    return std::to_string(days) + " d" + (rest ? " " + std::to_string(rest) + " h" : std::string());
}

} // namespace campaigns::analytics
