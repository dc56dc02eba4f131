#pragma once
// Sends for one account while this instance holds the account's lease. Three kinds of thread:
// the feeder claims entries ahead of time and does the other database chores (lease renewal,
// pause/cancel checks), so the pacer never waits for the database and only hands one entry per
// token to the workers, which write the requests. Part of SendEngine (its nested class: it uses
// the engine's outbox, lease, client and options).
// After an outage the account sends on trial (SendEngine's class comment): the pacer hands a job
// only when no request is out, and the trial's first outcome either lets it send as usual or
// pauses the account's campaigns again at once and stops this sender.
#include "sending/OutageWatch.h"
#include "sending/SendEngine.h"
#include "sending/TokenBucket.h"
#include "sending/WindowLimiter.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace campaigns::sending {

class SendEngine::AccountSender {
public:
    AccountSender(SendEngine& engine, long long accountId, SenderAccount account);
    ~AccountSender() { stopAndJoin(); }
    AccountSender(const AccountSender&) = delete;
    AccountSender& operator=(const AccountSender&) = delete;

    // The pacer ended (stopped, or nothing left to send for the account).
    bool finished() const { return done_; }
    // Stops the threads and waits for them; unsent claims are given back by the pacer.
    void stopAndJoin();
    // The campaign left `sending`: its claimed entries not yet handed out are given back.
    void campaignPaused(long long campaignId);
    // The account resumed after an outage: one request in flight at most until the first outcome.
    void startTrial();

private:
    struct Job {
        ClaimedEntry entry;
        std::shared_ptr<cloudapi::PayloadBuilder> builder;
    };

    // Owns the feeder's lifetime: whatever was claimed and not handed to a worker is given back.
    void pace();
    // Claims ahead of the pacer and does the database chores (lease renewal, pause/cancel checks).
    void feed();
    // Every 200 ms: campaigns no longer sendable (paused, cancelled, held) and a Cloud API outage.
    void checkCampaigns(std::chrono::steady_clock::time_point now);
    // Campaigns that have claimed entries waiting for a token.
    std::set<long long> campaignsReady();

    // Claims the next batch from the oldest sending campaign that has due entries. Returns false
    // when the account has no sending campaign left.
    bool refill(std::deque<Job>& buffer);
    // The campaign's payload builder, loaded once; null (and the campaign paused) when it cannot be built.
    std::shared_ptr<cloudapi::PayloadBuilder> builderFor(long long campaignId);
    // Gives back the waiting entries of campaigns reported paused.
    void dropPaused();
    // The outage watch declared a Cloud API outage: the account's sending campaigns are paused.
    void pauseForOutage(const Poco::Timestamp& since);
    // Returns never-sent claims to the queue.
    void giveBack(std::deque<Job>& buffer);
    // A worker: builds and writes one request per job and hands its outcome to the recorder.
    void work();
    // One job of a worker's: its request (unless it cannot be built or marked) and its outcome.
    void send(Job& job, std::string& body);
    // Whether the pacer may hand a job now (jobsMutex_ held): room in the queue, or on trial none out.
    bool roomForJob() const;
    // The first outcome of a request while on trial: not outage-like ends the trial; outage-like
    // pauses the account's sending campaigns at once and stops this sender.
    void trialOutcome(bool outageLike);

    SendEngine& engine_;
    long long accountId_;
    SenderAccount account_;
    TokenBucket bucket_;
    WindowLimiter window_;
    OutageWatch outage_;
    const std::size_t batch_;
    std::map<long long, std::shared_ptr<cloudapi::PayloadBuilder>> builders_; // feeder thread only
    std::atomic<bool> stopping_{false}, done_{false};
    std::thread pacer_, feeder_;
    std::vector<std::thread> workers_;
    std::mutex readyMutex_; // claimed entries waiting for their token
    std::condition_variable readyCv_;
    std::deque<Job> ready_;
    bool feederDone_ = false;
    std::mutex jobsMutex_;
    std::condition_variable jobReady_, jobSpace_; // workers wait for jobs, the pacer for room
    std::deque<Job> jobs_;
    int inFlight_ = 0; // jobs a worker is on
    bool closed_ = false;
    std::atomic<bool> trial_{false};
    std::mutex pausedMutex_;
    std::set<long long> paused_;
};

} // namespace campaigns::sending
