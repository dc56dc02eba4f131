#include "sending/WriteIntents.h"

#include "storage/DatabaseErrors.h"

#include <chrono>

namespace campaigns::sending {

namespace {
// How long a round gathers marks after its first, and how many end the wait early.
constexpr std::chrono::milliseconds kGather{5};
constexpr std::size_t kFullRound = 32;
} // namespace

WriteIntents::WriteIntents(OutboxStore& outbox, Poco::Timespan entryLease, Poco::Logger& log)
    : outbox_(outbox), lease_(entryLease), log_(log) {}

WriteIntents::~WriteIntents() { stop(); }

void WriteIntents::start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { run(); });
}

bool WriteIntents::mark(long long entryId, const std::string& attemptId) {
    Pending p{entryId, attemptId};
    std::unique_lock lock(mutex_);
    if (stopping_ || !thread_.joinable()) return false;
    queue_.push_back(&p);
    queued_.notify_one();
    answered_.wait(lock, [&] { return p.done; });
    return p.ok;
}

void WriteIntents::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    queued_.notify_all();
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(mutex_);
    for (auto* p : queue_) p->done = true; // ok stays false: not written
    queue_.clear();
    answered_.notify_all();
}

void WriteIntents::run() {
    std::vector<Pending*> round;
    while (true) {
        {
            std::unique_lock lock(mutex_);
            queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            // A round waits a moment for the marks that follow the first: a round per mark or two
            // was the largest part of what the sending side cost a message (four statements at
            // 200 msg/s, tests/bench/cost-per-message). The request waits at most kGather longer.
            queued_.wait_for(lock, kGather, [&] { return stopping_ || queue_.size() >= kFullRound; });
            if (stopping_) return;
            round.swap(queue_);
        }
        std::vector<std::pair<long long, std::string>> attempts;
        attempts.reserve(round.size());
        for (auto* p : round) attempts.emplace_back(p->entryId, p->attemptId);
        std::vector<bool> marked(round.size(), false);
        try {
            marked = outbox_.markWritten(attempts, Poco::Timestamp() + lease_);
        } catch (const std::exception& e) {
            // Unmarked entries stay claimed and return to the queue when their claim expires:
            // delayed, never lost and never sent twice.
            log_.error("campaigns: could not mark %z entries as being sent; they are not sent now: %s", round.size(),
                       storage::briefError(e));
        }
        {
            std::lock_guard lock(mutex_);
            for (std::size_t i = 0; i < round.size(); ++i) {
                round[i]->ok = marked[i];
                round[i]->done = true;
            }
        }
        answered_.notify_all();
        round.clear();
    }
}

} // namespace campaigns::sending
