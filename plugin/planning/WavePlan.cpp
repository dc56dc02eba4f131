#include "planning/WavePlan.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace campaigns::planning {

long long etaSeconds(long long messages, double ratePerSecond) {
    if (messages <= 0 || ratePerSecond <= 0) return 0;
    return static_cast<long long>(std::ceil(static_cast<double>(messages) / ratePerSecond));
}

double effectiveRate(double metaThroughput, double configuredRate) {
    if (metaThroughput <= 0) return configuredRate;
    if (configuredRate <= 0) return metaThroughput;
    return std::min(metaThroughput, configuredRate);
}

std::vector<Wave> proposeWaves(long long recipients, long long limit, long long used, const Poco::Timestamp& now,
                               double ratePerSecond, double messagesPerRecipient) {
    std::vector<Wave> waves;
    if (recipients <= 0) return waves;
    const double perRecipient = std::max(1.0, messagesPerRecipient);
    const auto add = [&](const Poco::Timestamp& start, long long users) {
        const auto messages = static_cast<long long>(std::llround(static_cast<double>(users) * perRecipient));
        waves.push_back({static_cast<int>(waves.size()) + 1, start, users, etaSeconds(messages, ratePerSecond)});
    };
    if (limit <= 0) {
        add(now, recipients);
        return waves;
    }
    const Poco::Timespan day(24 * Poco::Timespan::HOURS);
    long long left = recipients;
    const long long freeNow = std::max(0LL, limit - used);
    Poco::Timestamp at = now;
    if (freeNow > 0) {
        const long long first = std::min(left, freeNow);
        add(at, first);
        left -= first;
        at += day;
    } else {
        at += day; // nothing free now: the users counted now have all left the window in 24 h
    }
    for (; left > 0; at += day) {
        const long long users = std::min(left, limit);
        add(at, users);
        left -= users;
    }
    return waves;
}

std::vector<int> wavesOfRows(const std::vector<std::string>& phonesInIdOrder, const std::vector<Wave>& waves) {
    std::vector<int> numbers;
    numbers.reserve(phonesInIdOrder.size());
    std::unordered_map<std::string, int> waveOfPhone;
    std::size_t wave = 0;      // index into waves
    long long takenInWave = 0; // unique phones given to waves[wave]
    for (const auto& phone : phonesInIdOrder) {
        const auto [it, isNew] = waveOfPhone.try_emplace(phone, 1);
        if (isNew && !waves.empty()) {
            while (wave + 1 < waves.size() && takenInWave >= waves[wave].recipients) {
                ++wave;
                takenInWave = 0;
            }
            ++takenInWave;
            it->second = waves[wave].number;
        }
        numbers.push_back(it->second);
    }
    return numbers;
}

} // namespace campaigns::planning
