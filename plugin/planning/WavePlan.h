#pragma once
// The arithmetic of the pre-send plan, apart from the database so it is tested alone: how long a
// campaign takes at a rate, and how it splits into waves when the WABA's messaging limit (unique
// users per moving 24 h) does not cover it.
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include <string>
#include <vector>

namespace campaigns::planning {

struct Wave {
    int number = 0;           // 1, 2, ...
    Poco::Timestamp startsAt; // the earliest time this wave fits in the moving window
    long long recipients = 0; // unique users it reaches
    long long etaSeconds = 0; // its sending time at the plan's rate
};

// Seconds to send `messages` at `ratePerSecond` (rounded up; 0 when there is nothing to send or
// no rate).
long long etaSeconds(long long messages, double ratePerSecond);

// The messages per second the plan counts on: the number's throughput reported by Meta, lowered
// to the account's configured rate when that is lower; the configured rate alone when Meta's is
// unknown (0).
double effectiveRate(double metaThroughput, double configuredRate);

// Splits `recipients` unique users into waves under a moving-24-h limit of `limit` users (0 =
// unlimited) of which `used` are taken now. The first wave takes the free part now; each later
// wave starts 24 h after the previous one, when every user counted before it has left the window,
// and takes up to the whole limit. One wave when the limit covers the campaign (or there is none).
// `messagesPerRecipient` scales each wave's ETA (rows per unique phone, >= 1).
std::vector<Wave> proposeWaves(long long recipients, long long limit, long long used, const Poco::Timestamp& now,
                               double ratePerSecond, double messagesPerRecipient = 1.0);

// "Programar en tandas": the wave number of each row, given the rows' phones in id order (the order
// the outbox claims them). Unique phones fill wave 1 up to its recipients in the order they first
// appear, then wave 2, ...; a phone seen again keeps the wave of its first row, because the limit
// counts unique users: one user reached on two days would count on both. Phones beyond the waves'
// total (none when the waves were proposed for these rows) go to the last wave. Empty waves: all 1.
std::vector<int> wavesOfRows(const std::vector<std::string>& phonesInIdOrder, const std::vector<Wave>& waves);

} // namespace campaigns::planning
