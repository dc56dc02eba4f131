#include "RateLimiter.h"

#include <functional>

namespace cloudsim {

RateLimiter::Shard& RateLimiter::shardFor(const std::string& key) { return shards_[std::hash<std::string>{}(key) % kShards]; }

void RateLimiter::sweep(Shard& shard, std::int64_t windowMs, std::int64_t nowMs) {
    // Idle keys would otherwise keep a million-recipient campaign's windows alive forever.
    for (auto it = shard.windows.begin(); it != shard.windows.end();) {
        if (it->second.empty() || it->second.back() <= nowMs - windowMs)
            it = shard.windows.erase(it);
        else
            ++it;
    }
    shard.sweepAt = std::max<std::size_t>(1024, shard.windows.size() * 2);
}

bool RateLimiter::tryAcquire(const std::string& key, std::size_t limit, std::int64_t windowMs, std::int64_t nowMs) {
    Shard& shard = shardFor(key);
    std::lock_guard<std::mutex> lock(shard.mutex);
    if (shard.windows.size() >= shard.sweepAt) sweep(shard, windowMs, nowMs);
    auto& window = shard.windows[key];
    while (!window.empty() && window.front() <= nowMs - windowMs) window.pop_front();
    if (window.size() >= limit) return false;
    window.push_back(nowMs);
    return true;
}

void RateLimiter::clear() {
    for (auto& shard : shards_) {
        std::lock_guard<std::mutex> lock(shard.mutex);
        shard.windows.clear();
        shard.sweepAt = 1024;
    }
}

std::size_t RateLimiter::trackedKeys() const {
    std::size_t total = 0;
    for (const auto& shard : shards_) {
        std::lock_guard<std::mutex> lock(shard.mutex);
        total += shard.windows.size();
    }
    return total;
}

} // namespace cloudsim
