#include "sending/SendEngine.h"

#include "quality/CampaignPauser.h"
#include "quality/PauseCodes.h"
#include "sending/AccountSender.h"

#include "storage/DatabaseErrors.h"
#include "storage/SqlDialect.h"
#include "storage/Transaction.h"

#include <algorithm>
#include <set>

namespace campaigns::sending {

namespace {

constexpr std::size_t kRecordBatch = 200; // outcomes recorded per transaction at most every 50 ms

// The supervisor looks for work at least this often.
constexpr std::chrono::milliseconds kSupervisorRound{250};
// How long an instance leaves a free account to a live instance that sends for fewer accounts
// (SendInstances) before it takes it anyway: many of that instance's rounds, so it takes it first
// unless it cannot (stuck, or gone without a word: its row expires after accountLease). Each
// account costs about a core at 1,000 msg/s; spread, they do not pile up on the first instance to
// look. An instance alone, or no busier than the others, takes a free account at once.
constexpr std::chrono::milliseconds kLessLoadedFirst{2000};

} // namespace

SendEngine::SendEngine(helpdesk::Database& db, const cloudapi::CloudApiClient& client, AccountLoader accounts,
                       BuilderLoader builders, SendEngineOptions options, Poco::Logger& log)
    : db_(db),
      client_(client),
      accounts_(std::move(accounts)),
      builders_(std::move(builders)),
      options_(std::move(options)),
      log_(log),
      outbox_(db, options_.dayKey),
      lease_(db, options_.owner, options_.accountLease),
      instances_(db, options_.owner, options_.accountLease),
      intents_(outbox_, options_.entryLease, log) {}

SendEngine::~SendEngine() { stop(std::chrono::milliseconds(0)); }

void SendEngine::start() {
    if (running_.exchange(true)) return;
    intents_.start();
    recorder_ = std::thread([this] { record(); });
    supervisor_ = std::thread([this] { supervise(); });
}

void SendEngine::wake() { wakeCv_.notify_all(); }

void SendEngine::pushResult(SendResult result) {
    bool full;
    {
        std::lock_guard lock(resultsMutex_);
        results_.push_back(std::move(result));
        full = results_.size() >= kRecordBatch;
    }
    // The recorder wakes every 50 ms anyway; waking it per result costs a context switch each.
    if (full) resultsCv_.notify_one();
}

void SendEngine::pauseCampaignWithoutBuilder(long long campaignId, const std::string& reason) {
    log_.error("campaigns: campaign %s paused: %s", std::to_string(campaignId), reason);
    storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) {
        return quality::CampaignPauser::pauseIn(s, quality::CampaignPauser::Target::Campaign, {campaignId},
                                                quality::pause::kSenderError, reason);
    });
}

std::vector<long long> SendEngine::pauseForOutage(long long accountId, const std::vector<long long>& campaigns,
                                                  const Poco::Timestamp& since) {
    const std::string reason = "La API de WhatsApp no responde desde el " + storage::utcText(since).substr(0, 16) +
                               " UTC; la campaña se reanuda sola cuando vuelva a responder, o con «Reanudar».";
    const auto paused = storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) {
        return quality::CampaignPauser::pauseIn(s, quality::CampaignPauser::Target::Campaign, campaigns,
                                                quality::pause::kApiUnreachable, reason);
    });
    std::vector<long long> ids;
    for (const auto& p : paused) {
        log_.warning(
            "campaigns: campaign %s (account %s) paused: the Cloud API does not answer since %s UTC; it resumes "
            "when the API answers again",
            std::to_string(p.campaignId), std::to_string(accountId), storage::utcText(since));
        ids.push_back(p.campaignId);
    }
    return ids;
}

namespace {

bool answered(const std::future<bool>& asking) {
    return asking.valid() && asking.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

} // namespace

bool SendEngine::apiAnswers(const cloudapi::AccountEndpoint& endpoint) const {
    try {
        client_.phoneNumberInfo(endpoint);
    } catch (const cloudapi::CloudApiError& e) {
        // Any answer but an outage-like one (even a refusal) means the API answers: sending will say what is wrong.
        return !cloudapi::signalsOutage(e.outcome());
    }
    return true;
}

void SendEngine::probeOutages() {
    const auto current = std::chrono::steady_clock::now();
    const bool anyAnswer = std::any_of(probes_.begin(), probes_.end(), [](const auto& p) { return answered(p.second.asking); });
    if (current < nextProbeLook_ && !anyAnswer) return;
    nextProbeLook_ = current + std::chrono::seconds(1);
    const auto accounts = outbox_.accountsPausedForOutage();
    // Resumed or cancelled by hand meanwhile; a probe still asking stays until its answer comes
    // (dropping its future would wait for the request here).
    for (auto it = probes_.begin(); it != probes_.end();) {
        const bool paused = std::find(accounts.begin(), accounts.end(), it->first) != accounts.end();
        const bool asking = it->second.asking.valid() && !answered(it->second.asking);
        it = paused || asking ? std::next(it) : probes_.erase(it);
    }
    for (long long account : accounts) {
        auto [probe, first] = probes_.try_emplace(account);
        if (first) {
            // Paused by a failed trial send: the probe goes on with the wait it had, not from probeFirst.
            const auto wait = trialWait(account).value_or(options_.probeFirst);
            probe->second.wait = wait;
            probe->second.next = current + wait;
            continue;
        }
        if (probe->second.asking.valid()) {
            if (!answered(probe->second.asking)) continue;
            // Still down: its next turn was set when it asked. A probe that threw waits its turn too.
            bool answers = false;
            try {
                answers = probe->second.asking.get();
            } catch (const std::exception& e) {
                log_.warning("campaigns: account %s: the outage probe failed: %s", std::to_string(account),
                             storage::briefError(e));
            }
            if (!answers || !resumeOnTrial(account, probe->second.wait)) continue;
            probes_.erase(probe);
            continue;
        }
        if (current < probe->second.next) continue;
        // The next turn is set before asking, so a probe that fails or throws waits its turn.
        probe->second.wait = std::min(probe->second.wait * 2, options_.probeMax);
        probe->second.next = current + probe->second.wait;
        const auto settings = accounts_(account);
        if (!settings) continue;
        // Asked on its own thread: an API that hangs holds this probe up to the client's timeouts,
        // never the supervisor (recovery, new senders, finishing campaigns); the answer is picked
        // up on a later round.
        probe->second.asking =
            std::async(std::launch::async, [this, endpoint = settings->endpoint] { return apiAnswers(endpoint); });
    }
}

std::chrono::steady_clock::time_point SendEngine::startSenders() {
    const auto current = std::chrono::steady_clock::now();
    auto nextDue = std::chrono::steady_clock::time_point::max();
    const auto accounts = outbox_.accountsWithWork();
    std::erase_if(freeSince_,
                  [&](const auto& f) { return std::find(accounts.begin(), accounts.end(), f.first) == accounts.end(); });
    std::optional<long long> leastOther; // asked once a round, and only by a busy instance that found a free account
    bool asked = false;
    for (long long account : accounts) {
        std::size_t busy;
        {
            std::lock_guard lock(sendersMutex_);
            if (senders_.count(account)) continue;
            busy = senders_.size();
        }
        // A read first: an account another instance sends for is watched, not written to every round.
        const auto holder = lease_.holder(account);
        if (!holder.empty() && holder != lease_.owner()) {
            freeSince_.erase(account); // when it comes free, the wait for a less loaded instance starts again
            continue;
        }
        if (holder.empty() && busy > 0) {
            if (!asked) leastOther = instances_.leastLoadedOther();
            asked = true;
            const auto due = freeSince_.try_emplace(account, current).first->second + kLessLoadedFirst;
            if (leastOther && *leastOther < static_cast<long long>(busy) && current < due) {
                nextDue = std::min(nextDue, due);
                continue;
            }
        }
        freeSince_.erase(account);
        if (!lease_.acquire(account)) continue; // another instance was quicker
        auto settings = accounts_(account);
        if (!settings) continue;
        auto sender = std::make_unique<AccountSender>(*this, account, *settings);
        std::lock_guard lock(sendersMutex_);
        senders_[account] = std::move(sender);
        log_.information("campaigns: account %s: sending at %.0f msg/s (%z other accounts here)", std::to_string(account),
                         settings->ratePerSecond, busy);
    }
    return nextDue;
}

bool SendEngine::resumeOnTrial(long long accountId, std::chrono::milliseconds probeWait) {
    // The trial lives in this instance: it takes the account's send lease first, so no other
    // instance starts sending for the account, at full concurrency, once its campaigns resume.
    // Held elsewhere (that instance still winds down a sender): the next probe tries again.
    if (!lease_.acquire(accountId)) return false;
    // On trial before the campaigns can send again, so no sender sends at full concurrency first.
    startTrial(accountId, probeWait);
    const auto resumed = outbox_.resumeAfterOutage(accountId, holdPolicy_);
    if (resumed > 0)
        log_.warning("campaigns: account %s: the Cloud API answers again; %z campaigns paused for the outage resumed",
                     std::to_string(accountId), resumed);
    wake();
    return true;
}

void SendEngine::startTrial(long long accountId, std::chrono::milliseconds probeWait) {
    {
        std::lock_guard lock(trialsMutex_);
        trials_[accountId] = probeWait;
    }
    std::lock_guard lock(sendersMutex_);
    if (const auto it = senders_.find(accountId); it != senders_.end()) it->second->startTrial();
}

std::optional<std::chrono::milliseconds> SendEngine::trialWait(long long accountId) const {
    std::lock_guard lock(trialsMutex_);
    const auto it = trials_.find(accountId);
    if (it == trials_.end()) return std::nullopt;
    return it->second;
}

void SendEngine::passTrial(long long accountId) {
    std::lock_guard lock(trialsMutex_);
    trials_.erase(accountId);
}

void SendEngine::supervise() {
    auto nextRecovery = std::chrono::steady_clock::now(), nextAnnounce = nextRecovery;
    const auto announceEvery = std::chrono::milliseconds(options_.accountLease.totalMilliseconds() / 3);
    while (running_) {
        auto nextDue = std::chrono::steady_clock::time_point::max(); // a failed round waits a whole one
        try {
            if (std::chrono::steady_clock::now() >= nextRecovery) {
                const auto recovered = outbox_.recoverExpired(Poco::Timestamp());
                if (recovered.unknown > 0)
                    log_.warning("campaigns: %z entries were being sent when their sender stopped; now unknown, not resent",
                                 recovered.unknown);
                if (recovered.requeued > 0)
                    log_.warning("campaigns: %z entries claimed by a sender that stopped were never sent; queued again",
                                 recovered.requeued);
                nextRecovery = std::chrono::steady_clock::now() + std::chrono::seconds(5);
            }
            if (std::chrono::steady_clock::now() >= nextAnnounce) {
                nextAnnounce = std::chrono::steady_clock::now() + announceEvery;
                try {
                    instances_.announce(); // before the first look for work: the others count on this instance from then
                } catch (const std::exception& e) {
                    // Only the spreading of new accounts misses it: the round's own work goes on.
                    log_.error("campaigns: send instance %s could not say it is there: %s", options_.owner,
                               storage::briefError(e));
                }
            }
            std::vector<std::pair<long long, std::unique_ptr<AccountSender>>> finished;
            {
                std::lock_guard lock(sendersMutex_);
                for (auto it = senders_.begin(); it != senders_.end();) {
                    if (it->second->finished()) {
                        finished.emplace_back(it->first, std::move(it->second));
                        it = senders_.erase(it);
                    } else {
                        ++it;
                    }
                }
            }
            for (auto& [account, sender] : finished) {
                sender->stopAndJoin();
                lease_.release(account);
            }
            nextDue = startSenders();
            for (long long id : outbox_.finishDrained())
                log_.information("campaigns: campaign %s finished sending", std::to_string(id));
            for (long long id : outbox_.cancelledWithQueued()) outbox_.cancelQueued(id);
            probeOutages();
        } catch (const std::exception& e) {
            log_.error("campaigns: send supervisor: %s", storage::briefError(e));
        }
        std::unique_lock lock(wakeMutex_);
        // An account held back for the other instances is tried as soon as its turn comes.
        wakeCv_.wait_until(lock, std::min(std::chrono::steady_clock::now() + kSupervisorRound, nextDue));
    }
}

void SendEngine::record() {
    std::vector<SendResult> batch;
    while (true) {
        {
            std::unique_lock lock(resultsMutex_);
            resultsCv_.wait_for(lock, std::chrono::milliseconds(50),
                                [&] { return results_.size() >= kRecordBatch || recorderStop_; });
            for (auto& r : results_) batch.push_back(std::move(r));
            results_.clear();
        }
        // Stops only once every sender has been joined and nothing is left to record.
        if (batch.empty()) {
            if (recorderStop_) return;
            continue;
        }
        try {
            auto summary = outbox_.apply(batch, options_.maxAttempts);
            stats_.accepted += static_cast<long long>(summary.accepted);
            stats_.failed += static_cast<long long>(summary.failed);
            stats_.unknown += static_cast<long long>(summary.unknown);
            stats_.retried += static_cast<long long>(summary.retried);
            for (long long c : summary.pausedCampaigns) {
                log_.warning("campaigns: campaign %s paused: %s", std::to_string(c), summary.pauseReason.value_or(""));
                std::lock_guard lock(sendersMutex_);
                for (auto& [account, sender] : senders_) sender->campaignPaused(c);
            }
            batch.clear();
        } catch (const std::exception& e) {
            // Keep the outcomes and try again: losing them would turn sent messages into unknowns.
            // A lock conflict (InnoDB rolled it all back) is retried at once; anything else after
            // a pause, so a database that is down is not hammered.
            log_.error("campaigns: recording %z send outcomes failed, retrying: %s", batch.size(), storage::briefError(e));
            if (!storage::isLockConflict(e)) std::this_thread::sleep_for(std::chrono::milliseconds(500));
        }
    }
}

void SendEngine::stop(std::chrono::milliseconds budget) {
    if (!running_.exchange(false)) return;
    const auto deadline = std::chrono::steady_clock::now() + budget;
    wake();
    if (supervisor_.joinable()) supervisor_.join();
    probes_.clear(); // waits for probes still asking (at most the client's timeouts)
    std::map<long long, std::unique_ptr<AccountSender>> senders;
    {
        std::lock_guard lock(sendersMutex_);
        senders.swap(senders_);
    }
    for (auto& [account, sender] : senders) {
        sender->stopAndJoin();
        try {
            lease_.release(account);
        } catch (const std::exception& e) {
            log_.warning("campaigns: account %s: lease not released (%s); it expires by itself", std::to_string(account),
                         storage::briefError(e));
        }
    }
    try {
        instances_.leave();
    } catch (const std::exception& e) {
        log_.warning("campaigns: send instance %s not removed (%s); it expires by itself", options_.owner,
                     storage::briefError(e));
    }
    intents_.stop(); // every worker is joined: nobody waits for a mark any more
    recorderStop_ = true;
    resultsCv_.notify_all();
    if (recorder_.joinable()) recorder_.join();
    if (std::chrono::steady_clock::now() > deadline)
        log_.warning("campaigns: sending stopped later than its %s ms budget (requests in flight had to finish)",
                     std::to_string(budget.count()));
}

} // namespace campaigns::sending
