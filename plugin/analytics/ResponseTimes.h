#pragma once
// "Tiempo de respuesta" in Analítica: how long a customer's first answer waited for the first agent
// message (campaigns_entries.replied_at -> addressed_at), summarised as a median and a 90th
// percentile, plus how many answers still wait for an agent. Pure functions, so the percentile
// definition and the duration text are tested on constructed data.
//
// Percentiles use the NEAREST-RANK definition: the p-th percentile of N sorted values is the value
// at rank ceil(p * N / 100) (1-based). It is always one of the measured durations (never an
// interpolation between two agents' answers), the median of an even count is the lower middle
// value, and p90 of 10 values is the 9th.
#include <optional>
#include <string>
#include <vector>

namespace campaigns::analytics {

struct ResponseTimeSummary {
    long long answered = 0;                 // answers an agent followed up (both times set)
    long long waiting = 0;                  // answers no agent followed up yet ("Respuestas sin atender")
    std::optional<long long> medianSeconds; // absent without answered entries
    std::optional<long long> p90Seconds;
};

// Nearest-rank percentile (1 <= percent <= 100) of `values`, which it reorders (O(N) with
// std::nth_element, no full sort). nullopt for an empty vector; throws std::invalid_argument for a
// percent outside 1..100.
std::optional<long long> nearestRankPercentile(std::vector<long long>& values, int percent);

// Median and p90 of `seconds` (reordered) with the waiting count. Negative durations (clock skew
// between the webhook's and the host's times) count as 0.
ResponseTimeSummary summarizeResponseTimes(std::vector<long long> seconds, long long waiting);

// A duration as people read it, rounded down to its two largest units: "45 s", "4 min",
// "1 h 12 min", "2 d 3 h". Absent -> "—". The units are the same in Spanish and English.
std::string humanDuration(std::optional<long long> seconds);

} // namespace campaigns::analytics
