#pragma once
// Sends queued entries of campaigns in `sending` for every account this instance holds the lease
// of, at the account's rate, with enough requests in flight to reach it, and records every
// outcome through the OutboxStore. Nothing here resends a request that may have reached Meta:
// only Retryable outcomes (the request provably was not processed) go back to the queue.
#include "cloudapi/CloudApiClient.h"
#include "cloudapi/PayloadBuilder.h"
#include "sending/AccountLease.h"
#include "sending/OutboxStore.h"
#include "sending/SendInstances.h"
#include "sending/TokenBucket.h"
#include "sending/WriteIntents.h"

#include <helpdesk/Database.h>

#include <Poco/Logger.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace campaigns::sending {

struct SenderAccount {
    cloudapi::AccountEndpoint endpoint;
    double ratePerSecond = 80;
};

struct SendEngineOptions {
    std::string owner;                // this instance's name in leases, unique per process
    int concurrency = 32;             // requests in flight per account at most
    int maxAttempts = 8;              // for retryable outcomes
    Poco::Timespan entryLease{60, 0}; // a written entry not answered by then becomes unknown; a
                                      // claimed one not written by then goes back to the queue
    Poco::Timespan accountLease{15, 0};
    double rateFactor = 0.97; // pace under the 98 % sliding-second gate, which then
                              // rarely holds a request already marked as being written
    std::chrono::milliseconds tick{100};
    counters::DayKey dayKey = counters::utcDayKey();
    // Cloud API outage (OutageWatch): every outcome of an account saying the API is down for this
    // long pauses its sending campaigns (`api_unreachable`); the API is then probed (a harmless GET
    // of the phone number) after probeFirst, doubling up to probeMax, and they resume once it
    // answers, on trial (see SendEngine): one request in flight until the first outcome.
    std::chrono::milliseconds outageAfter{5000};
    std::chrono::milliseconds probeFirst{2000}, probeMax{60000};
};

// Outages (OutageWatch, options above): an account whose campaigns were paused with
// `api_unreachable` resumes when the probe's GET of its phone number answers, ON TRIAL, because an
// API can answer that GET and still fail every send (POST /messages refused, 5xx or timing out).
// On trial its sender has at most one request in flight until the first outcome. An outcome that
// is not outage-like (accepted, or any refusal: cloudapi::signalsOutage false) ends the trial: full
// concurrency, and the probe's wait is forgotten, so the next outage is probed after probeFirst
// again. An outage-like one pauses the account's campaigns again at once (no OutageWatch wait) and
// the probe goes on with its doubled wait. So an API that never accepts a send costs one entry
// per round (unknown when it was written), rounds doubling to probeMax; before, each resume sent
// at full concurrency for the watch's 5 s and the account paused and resumed every ~7 s.
class SendEngine {
public:
    using AccountLoader = std::function<std::optional<SenderAccount>(long long accountId)>;
    // The campaign's payload builder (template + header), or nullopt with a Spanish reason.
    using BuilderLoader = std::function<std::shared_ptr<cloudapi::PayloadBuilder>(long long campaignId, std::string& whyNot)>;

    SendEngine(helpdesk::Database& db, const cloudapi::CloudApiClient& client, AccountLoader accounts, BuilderLoader builders,
               SendEngineOptions options, Poco::Logger& log);
    ~SendEngine();

    void start();
    // Stops claiming, gives back claimed entries not yet sent, waits for requests in flight (an
    // outage probe's too) and records their outcomes, all within `budget`.
    void stop(std::chrono::milliseconds budget);
    // Wakes the supervisor now (e.g. right after "Enviar campaña").
    void wake();
    // The send window's hold for a campaign that resumes by itself after an outage (as
    // "Reanudar" applies it). Set before start().
    void setHoldPolicy(OutboxStore::HoldPolicy policy) { holdPolicy_ = std::move(policy); }

    struct Stats {
        std::atomic<long long> requests{0}, accepted{0}, retried{0}, failed{0}, unknown{0};
        std::atomic<long long> notMarked{0}; // claims lost before their request was written (not sent)
    };
    const Stats& stats() const { return stats_; }

private:
    class AccountSender;
    void supervise();
    // Starts a sender for each account with work and no sender here, once this instance holds its
    // lease. A free account is left for a while to a live instance that sends for fewer accounts
    // (SendInstances), so an idle instance takes a new account before a busy one. Returns when the
    // next account left that way is due here (time_point::max() for none).
    std::chrono::steady_clock::time_point startSenders();
    void record();
    void pushResult(SendResult result);
    void pauseCampaignWithoutBuilder(long long campaignId, const std::string& reason);
    // Pauses these sending campaigns of the account for a Cloud API outage that began at `since`;
    // returns the ones it paused.
    std::vector<long long> pauseForOutage(long long accountId, const std::vector<long long>& campaigns,
                                          const Poco::Timestamp& since);
    // Probes the API of each account with campaigns paused for an outage, when its turn comes, and
    // resumes them on trial once it answers (supervisor thread; each probe's request runs on its
    // own thread, its answer is collected on a later round, so a hung API never stalls the supervisor).
    void probeOutages();
    // The probe's request: whether the API answers anything but an outage-like outcome.
    bool apiAnswers(const cloudapi::AccountEndpoint& endpoint) const;
    // The probe answered: this instance takes the account's send lease, the account goes on trial
    // and its campaigns paused for the outage resume. False (nothing done) when another instance
    // holds the lease.
    bool resumeOnTrial(long long accountId, std::chrono::milliseconds probeWait);
    // Puts the account on trial (its sender, if one runs, at once); `probeWait` is the probe's
    // doubled wait, kept for the next round should the trial send fail.
    void startTrial(long long accountId, std::chrono::milliseconds probeWait);
    // The probe's wait kept while the account is on trial (or paused by a failed trial); nullopt
    // when it is not.
    std::optional<std::chrono::milliseconds> trialWait(long long accountId) const;
    // The trial's first outcome was not outage-like: the account sends as usual again.
    void passTrial(long long accountId);

    helpdesk::Database& db_;
    const cloudapi::CloudApiClient& client_;
    AccountLoader accounts_;
    BuilderLoader builders_;
    SendEngineOptions options_;
    Poco::Logger& log_;
    OutboxStore outbox_;
    AccountLease lease_;
    SendInstances instances_;
    WriteIntents intents_;
    Stats stats_;

    std::atomic<bool> running_{false};
    std::mutex wakeMutex_;
    std::condition_variable wakeCv_;
    std::thread supervisor_, recorder_;
    std::map<long long, std::unique_ptr<AccountSender>> senders_;
    // supervisor thread only: accounts with work that no instance held when this one last looked,
    // and since when it sees them free (the while it leaves them to a less loaded instance counts
    // from there)
    std::map<long long, std::chrono::steady_clock::time_point> freeSince_;

    std::mutex resultsMutex_;
    std::condition_variable resultsCv_;
    std::vector<SendResult> results_;
    std::atomic<bool> recorderStop_{false};
    std::mutex sendersMutex_; // senders_ is read by the recorder while the supervisor changes it

    struct Probe {
        std::chrono::steady_clock::time_point next;
        std::chrono::milliseconds wait{0};
        std::future<bool> asking; // the probe's request while it runs: true when the API answered
    };
    std::map<long long, Probe> probes_; // supervisor thread only: accounts paused for an outage
    // Accounts on trial after a probe answered (or paused again by their trial send), with the
    // probe's wait to go on with; a sender reads it when it starts, its workers end the trial.
    mutable std::mutex trialsMutex_;
    std::map<long long, std::chrono::milliseconds> trials_;
    OutboxStore::HoldPolicy holdPolicy_;
    std::chrono::steady_clock::time_point nextProbeLook_;
};

} // namespace campaigns::sending
