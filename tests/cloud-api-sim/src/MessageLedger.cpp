#include "MessageLedger.h"

#include <algorithm>
#include <chrono>
#include <functional>

namespace cloudsim {

std::int64_t wallClockMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

MessageLedger::Shard& MessageLedger::shardFor(const std::string& key) { return shards_[std::hash<std::string>{}(key) % kShards]; }

const MessageLedger::Shard& MessageLedger::shardFor(const std::string& key) const {
    return shards_[std::hash<std::string>{}(key) % kShards];
}

void MessageLedger::keepPayload(Recipient& r, ReceivedMessage message, std::size_t payloadCap) {
    if (storedPayloads_.fetch_add(1) >= payloadCap) {
        storedPayloads_.fetch_sub(1);
        return;
    }
    r.payloads.push_back(std::move(message));
}

void MessageLedger::recordAccepted(const std::string& waId, const std::string& wamid, const std::string& body,
                                   std::size_t payloadCap) {
    accepted_.fetch_add(1);
    Shard& shard = shardFor(waId);
    std::lock_guard<std::mutex> lock(shard.mutex);
    Recipient& r = shard.recipients[waId];
    ++r.accepted;
    keepPayload(r, ReceivedMessage{waId, wamid, 0, wallClockMs(), body}, payloadCap);
}

void MessageLedger::recordRejected(const std::string& waId, int code, const std::string& body, std::size_t payloadCap) {
    rejected_.fetch_add(1);
    {
        std::lock_guard<std::mutex> lock(codesMutex_);
        ++rejectedByCode_[code];
    }
    Shard& shard = shardFor(waId);
    std::lock_guard<std::mutex> lock(shard.mutex);
    Recipient& r = shard.recipients[waId];
    ++r.rejected;
    keepPayload(r, ReceivedMessage{waId, {}, code, wallClockMs(), body}, payloadCap);
}

void MessageLedger::reset() {
    for (auto& shard : shards_) {
        std::lock_guard<std::mutex> lock(shard.mutex);
        shard.recipients.clear();
    }
    std::lock_guard<std::mutex> lock(codesMutex_);
    rejectedByCode_.clear();
    accepted_ = 0;
    rejected_ = 0;
    storedPayloads_ = 0;
}

std::uint64_t MessageLedger::acceptedFor(const std::string& waId) const {
    const Shard& shard = shardFor(waId);
    std::lock_guard<std::mutex> lock(shard.mutex);
    auto it = shard.recipients.find(waId);
    return it == shard.recipients.end() ? 0 : it->second.accepted;
}

LedgerTotals MessageLedger::totals() const {
    LedgerTotals t;
    t.accepted = accepted_.load();
    t.rejected = rejected_.load();
    for (const auto& shard : shards_) {
        std::lock_guard<std::mutex> lock(shard.mutex);
        for (const auto& [id, r] : shard.recipients) {
            if (r.accepted > 0) ++t.uniqueRecipients;
            if (r.accepted > 1) ++t.recipientsWithDuplicates;
        }
    }
    std::lock_guard<std::mutex> lock(codesMutex_);
    t.rejectedByCode = rejectedByCode_;
    return t;
}

std::vector<std::pair<std::string, std::uint64_t>> MessageLedger::recipients(std::size_t limit, bool onlyDuplicates) const {
    std::vector<std::pair<std::string, std::uint64_t>> out;
    for (const auto& shard : shards_) {
        std::lock_guard<std::mutex> lock(shard.mutex);
        for (const auto& [id, r] : shard.recipients) {
            if (r.accepted == 0 || (onlyDuplicates && r.accepted < 2)) continue;
            out.emplace_back(id, r.accepted);
        }
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    if (out.size() > limit) out.resize(limit);
    return out;
}

std::vector<ReceivedMessage> MessageLedger::messages(const std::string& waId, std::size_t limit) const {
    std::vector<ReceivedMessage> out;
    auto collect = [&](const Recipient& r) { out.insert(out.end(), r.payloads.begin(), r.payloads.end()); };
    if (!waId.empty()) {
        const Shard& shard = shardFor(waId);
        std::lock_guard<std::mutex> lock(shard.mutex);
        auto it = shard.recipients.find(waId);
        if (it != shard.recipients.end()) collect(it->second);
    } else {
        for (const auto& shard : shards_) {
            std::lock_guard<std::mutex> lock(shard.mutex);
            for (const auto& entry : shard.recipients) collect(entry.second);
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.receivedAtMs < b.receivedAtMs; });
    if (out.size() > limit) out.resize(limit);
    return out;
}

} // namespace cloudsim
