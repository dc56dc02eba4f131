// What the simulator received: per-recipient counters always (so a test can prove that nothing
// was sent twice, even for a million recipients) and full payloads only up to a cap.
#pragma once

#include <Poco/JSON/Object.h>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace cloudsim {

struct ReceivedMessage {
    std::string to;
    std::string wamid; // empty when rejected
    int errorCode = 0; // 0 when accepted
    std::int64_t receivedAtMs = 0;
    std::string body;
};

struct LedgerTotals {
    std::uint64_t accepted = 0;
    std::uint64_t rejected = 0;
    std::uint64_t uniqueRecipients = 0;
    std::uint64_t recipientsWithDuplicates = 0;
    std::map<int, std::uint64_t> rejectedByCode;
};

class MessageLedger {
public:
    void recordAccepted(const std::string& waId, const std::string& wamid, const std::string& body, std::size_t payloadCap);
    void recordRejected(const std::string& waId, int code, const std::string& body, std::size_t payloadCap);
    void reset();

    std::uint64_t acceptedFor(const std::string& waId) const;
    LedgerTotals totals() const;
    // Recipients and their accepted counts; at most `limit` entries, duplicates first.
    std::vector<std::pair<std::string, std::uint64_t>> recipients(std::size_t limit, bool onlyDuplicates) const;
    std::vector<ReceivedMessage> messages(const std::string& waId, std::size_t limit) const;

private:
    struct Recipient {
        std::uint64_t accepted = 0;
        std::uint64_t rejected = 0;
        std::vector<ReceivedMessage> payloads;
    };
    static constexpr std::size_t kShards = 32;
    struct Shard {
        mutable std::mutex mutex;
        std::unordered_map<std::string, Recipient> recipients;
    };
    Shard& shardFor(const std::string& key);
    const Shard& shardFor(const std::string& key) const;
    void keepPayload(Recipient& r, ReceivedMessage message, std::size_t payloadCap);

    std::array<Shard, kShards> shards_;
    std::atomic<std::uint64_t> accepted_{0};
    std::atomic<std::uint64_t> rejected_{0};
    std::atomic<std::size_t> storedPayloads_{0};
    mutable std::mutex codesMutex_;
    std::map<int, std::uint64_t> rejectedByCode_;
};

std::int64_t wallClockMs();

} // namespace cloudsim
