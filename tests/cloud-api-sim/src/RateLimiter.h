// Sliding-window counters keyed by a string (per phone number for throughput, per recipient for
// the pair limit). Sharded so that request threads rarely contend.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace cloudsim {

class RateLimiter {
public:
    // Admits one event at nowMs unless `limit` events already happened in (nowMs - windowMs, nowMs].
    bool tryAcquire(const std::string& key, std::size_t limit, std::int64_t windowMs, std::int64_t nowMs);
    void clear();
    std::size_t trackedKeys() const;

private:
    static constexpr std::size_t kShards = 32;
    struct Shard {
        mutable std::mutex mutex;
        std::unordered_map<std::string, std::deque<std::int64_t>> windows;
        std::size_t sweepAt = 1024;
    };
    Shard& shardFor(const std::string& key);
    static void sweep(Shard& shard, std::int64_t windowMs, std::int64_t nowMs);

    std::array<Shard, kShards> shards_;
};

} // namespace cloudsim
