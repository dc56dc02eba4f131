#include "sending/AccountSender.h"

#include "campaign/CampaignState.h"
#include "sending/CampaignPayloads.h"
#include "storage/DatabaseErrors.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace campaigns::sending {

namespace {

// params_json is the row's parameter values: an array in the template's parameter order, or an
// object keyed by upload column name.
cloudapi::ParameterValues valuesFor(const cloudapi::PayloadBuilder& builder, const std::string& paramsJson) {
    cloudapi::ParameterValues values;
    if (paramsJson.empty()) return values;
    Poco::JSON::Parser parser;
    auto parsed = parser.parse(paramsJson);
    const auto& params = builder.parameters();
    if (parsed.type() == typeid(Poco::JSON::Array::Ptr)) {
        auto arr = parsed.extract<Poco::JSON::Array::Ptr>();
        std::size_t slot = 0;
        for (const auto& p : params) {
            if (p.column.empty()) continue; // header media: campaign-level, not a column
            if (slot < arr->size()) values[p.column] = arr->getElement<std::string>(static_cast<unsigned>(slot));
            ++slot;
        }
    } else {
        auto obj = parsed.extract<Poco::JSON::Object::Ptr>();
        for (const auto& name : obj->getNames()) values[name] = obj->getValue<std::string>(name);
    }
    return values;
}

} // namespace

cloudapi::ParameterValues rowValues(const cloudapi::PayloadBuilder& builder, const std::string& paramsJson) {
    return valuesFor(builder, paramsJson);
}

SendEngine::AccountSender::AccountSender(SendEngine& engine, long long accountId, SenderAccount account)
    : engine_(engine),
      accountId_(accountId),
      account_(std::move(account)),
      // Up to 25 ms of slots lost while the workers waited for the database are made up
      // (more makes bunches that reach Meta faster than the rate after all).
      bucket_(account_.ratePerSecond * engine.options_.rateFactor, std::chrono::milliseconds(25)),
      // About 100 ms of sending per claim; with claims marked before writing, a deeper
      // look-ahead costs nothing on a crash (unwritten claims go back to the queue).
      // 98 % of the rate per sliding second where the bucket aims at 99 %: Meta counts on
      // arrival, and tens of milliseconds of jitter between our start and its count would
      // otherwise tip a second over (9 refusals in 9,000 at 300 msg/s with no margin).
      window_(static_cast<std::size_t>(account_.ratePerSecond * 0.98), std::chrono::seconds(1)),
      outage_(engine.options_.outageAfter),
      batch_(static_cast<std::size_t>(std::max(10.0, bucket_.rate() / 10))),
      trial_(engine.trialWait(accountId).has_value()) {
    if (trial_)
        engine_.log_.information("campaigns: account %s: on trial after an outage, one request at a time until one is answered",
                                 std::to_string(accountId_));
    for (int i = 0; i < engine_.options_.concurrency; ++i) workers_.emplace_back([this] { work(); });
    pacer_ = std::thread([this] { pace(); });
}

void SendEngine::AccountSender::stopAndJoin() {
    stopping_ = true;
    readyCv_.notify_all();
    jobSpace_.notify_all();
    if (pacer_.joinable()) pacer_.join();
    {
        std::lock_guard lock(jobsMutex_);
        closed_ = true;
    }
    jobReady_.notify_all();
    for (auto& w : workers_)
        if (w.joinable()) w.join();
    workers_.clear();
}

void SendEngine::AccountSender::campaignPaused(long long campaignId) {
    std::lock_guard lock(pausedMutex_);
    paused_.insert(campaignId);
}

void SendEngine::AccountSender::startTrial() {
    trial_ = true;
    engine_.log_.information("campaigns: account %s: on trial after an outage, one request at a time until one is answered",
                             std::to_string(accountId_));
}

bool SendEngine::AccountSender::roomForJob() const {
    if (trial_) return inFlight_ == 0 && jobs_.empty();
    return jobs_.size() < workers_.size();
}

void SendEngine::AccountSender::pace() {
    feeder_ = std::thread([this] { feed(); });
    try {
        while (!stopping_) {
            {
                std::unique_lock lock(readyMutex_);
                readyCv_.wait_for(lock, engine_.options_.tick, [&] { return stopping_ || !ready_.empty() || feederDone_; });
                if (stopping_) break;
                if (ready_.empty()) {
                    if (feederDone_) break; // nothing left to send for this account
                    continue;
                }
            }
            std::this_thread::sleep_until(bucket_.reserve());
            Job job;
            bool feederWaits;
            {
                std::lock_guard lock(readyMutex_);
                if (ready_.empty()) continue; // dropped by a pause meanwhile
                job = std::move(ready_.front());
                ready_.pop_front();
                feederWaits = ready_.size() + 1 == batch_; // just dropped below its refill mark
            }
            if (feederWaits) readyCv_.notify_all(); // once per batch, not once per message
            std::unique_lock lock(jobsMutex_);
            jobSpace_.wait(lock, [&] { return stopping_.load() || roomForJob(); });
            if (stopping_) { // never sent: given back below with the rest
                lock.unlock();
                std::lock_guard ready(readyMutex_);
                ready_.push_front(std::move(job));
                break;
            }
            jobs_.push_back(std::move(job));
            lock.unlock();
            jobReady_.notify_one(); // one worker, not all of them
        }
    } catch (const std::exception& e) {
        engine_.log_.error("campaigns: account %s: sender stopped: %s", std::to_string(accountId_), storage::briefError(e));
    }
    stopping_ = true;
    readyCv_.notify_all();
    if (feeder_.joinable()) feeder_.join();
    std::deque<Job> back;
    {
        std::lock_guard lock(readyMutex_);
        back.swap(ready_);
    }
    {
        // Jobs not yet picked up by a worker were never sent either.
        std::lock_guard lock(jobsMutex_);
        for (auto& j : jobs_) back.push_back(std::move(j));
        jobs_.clear();
    }
    giveBack(back);
    done_ = true;
    engine_.wake();
}

void SendEngine::AccountSender::feed() {
    auto& opt = engine_.options_;
    const auto leaseEvery = std::chrono::milliseconds(opt.accountLease.totalMilliseconds() / 3);
    auto nextLease = std::chrono::steady_clock::now() + leaseEvery;
    auto nextStateCheck = std::chrono::steady_clock::now();
    try {
        while (!stopping_) {
            const auto current = std::chrono::steady_clock::now();
            if (current >= nextLease) {
                if (!engine_.lease_.acquire(accountId_)) {
                    engine_.log_.warning("campaigns: account %s: send lease lost to another instance",
                                         std::to_string(accountId_));
                    stopping_ = true;
                    break;
                }
                nextLease = current + leaseEvery;
            }
            if (current >= nextStateCheck) {
                checkCampaigns(current);
                nextStateCheck = current + std::chrono::milliseconds(200);
            }
            dropPaused();
            std::size_t have;
            {
                std::lock_guard lock(readyMutex_);
                have = ready_.size();
            }
            if (have >= batch_) {
                std::unique_lock lock(readyMutex_);
                readyCv_.wait_for(lock, opt.tick, [&] { return stopping_ || ready_.size() < batch_; });
                continue;
            }
            std::deque<Job> got;
            if (!refill(got)) break; // the account has no sending campaign left
            if (got.empty()) {
                std::this_thread::sleep_for(opt.tick); // nothing due yet (retries wait for their time)
                continue;
            }
            {
                std::lock_guard lock(readyMutex_);
                if (stopping_) {
                    giveBack(got);
                    break;
                }
                for (auto& j : got) ready_.push_back(std::move(j));
            }
            readyCv_.notify_all();
        }
    } catch (const std::exception& e) {
        engine_.log_.error("campaigns: account %s: claiming entries failed: %s", std::to_string(accountId_),
                           storage::briefError(e));
    }
    {
        std::lock_guard lock(readyMutex_);
        feederDone_ = true;
    }
    readyCv_.notify_all();
}

void SendEngine::AccountSender::checkCampaigns(std::chrono::steady_clock::time_point now) {
    // Pause and cancel come from the API (or another instance), a hold from the send window's
    // scheduler: stop sending at once; what was claimed goes back.
    for (long long c : campaignsReady())
        if (!engine_.outbox_.sendableNow(c)) campaignPaused(c);
    if (const auto since = outage_.outageSince(now)) pauseForOutage(*since);
}

std::set<long long> SendEngine::AccountSender::campaignsReady() {
    std::set<long long> ids;
    std::lock_guard lock(readyMutex_);
    for (const auto& j : ready_) ids.insert(j.entry.campaignId);
    return ids;
}

bool SendEngine::AccountSender::refill(std::deque<Job>& buffer) {
    auto campaigns = engine_.outbox_.sendingCampaigns(accountId_);
    if (campaigns.empty()) return false;
    const auto leaseUntil = Poco::Timestamp() + engine_.options_.entryLease;
    for (long long c : campaigns) {
        auto builder = builderFor(c);
        if (!builder) continue;
        auto claimed = engine_.outbox_.claim(c, engine_.lease_.owner(), leaseUntil, batch_);
        for (auto& e : claimed) buffer.push_back({std::move(e), builder});
        if (!buffer.empty()) break;
    }
    return true;
}

std::shared_ptr<cloudapi::PayloadBuilder> SendEngine::AccountSender::builderFor(long long campaignId) {
    auto it = builders_.find(campaignId);
    if (it != builders_.end()) return it->second;
    std::string why;
    auto builder = engine_.builders_(campaignId, why);
    if (!builder) {
        engine_.pauseCampaignWithoutBuilder(campaignId, why);
        return nullptr;
    }
    builders_[campaignId] = builder;
    return builder;
}

void SendEngine::AccountSender::dropPaused() {
    std::set<long long> paused;
    {
        std::lock_guard lock(pausedMutex_);
        paused.swap(paused_);
    }
    if (paused.empty()) return;
    std::deque<Job> back;
    {
        std::lock_guard lock(readyMutex_);
        std::deque<Job> keep;
        for (auto& j : ready_) {
            if (paused.count(j.entry.campaignId))
                back.push_back(std::move(j));
            else
                keep.push_back(std::move(j));
        }
        ready_.swap(keep);
    }
    for (long long c : paused) builders_.erase(c);
    giveBack(back);
}

void SendEngine::AccountSender::pauseForOutage(const Poco::Timestamp& since) {
    for (long long c : engine_.pauseForOutage(accountId_, engine_.outbox_.sendingCampaigns(accountId_), since)) campaignPaused(c);
    outage_.reset();
}

void SendEngine::AccountSender::giveBack(std::deque<Job>& buffer) {
    std::vector<ClaimedEntry> back;
    for (auto& j : buffer) back.push_back(j.entry);
    buffer.clear();
    try {
        engine_.outbox_.release(back);
    } catch (const std::exception& e) {
        // They stay claimed and return to the queue when their claim expires.
        engine_.log_.error("campaigns: account %s: could not give back %z unsent entries: %s", std::to_string(accountId_),
                           back.size(), storage::briefError(e));
    }
}

void SendEngine::AccountSender::work() {
    std::string body;
    while (true) {
        Job job;
        {
            std::unique_lock lock(jobsMutex_);
            jobReady_.wait(lock, [&] { return closed_ || !jobs_.empty(); });
            if (jobs_.empty()) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
            ++inFlight_;
        }
        jobSpace_.notify_one();
        send(job, body);
        {
            std::lock_guard lock(jobsMutex_);
            --inFlight_;
        }
        jobSpace_.notify_one(); // on trial the pacer waits for the request out to end
    }
}

void SendEngine::AccountSender::send(Job& job, std::string& body) {
    SendResult result{job.entry.id,
                      job.entry.campaignId,
                      job.entry.attemptId,
                      job.entry.attempts,
                      cloudapi::SendOutcome(cloudapi::Ambiguous{"sin resultado", ""}),
                      Poco::Timestamp()};
    bool requested = false;
    try {
        job.builder->buildInto(body, job.entry.phone, valuesFor(*job.builder, job.entry.paramsJson),
                               callbackDataFor(job.entry.id, job.entry.attemptId));
        // Durably "about to be written" first: after a crash only these can be unknown.
        if (!engine_.intents_.mark(job.entry.id, job.entry.attemptId)) {
            ++engine_.stats_.notMarked;
            return;
        }
        window_.acquire();
        ++engine_.stats_.requests;
        result.outcome = engine_.client_.sendMessage(account_.endpoint, body);
        requested = true;
    } catch (const cloudapi::PayloadError& e) {
        result.outcome = cloudapi::Permanent{std::nullopt, e.what(), ""};
    } catch (const Poco::Exception& e) {
        // The row's stored values could not be read: nothing was sent.
        result.outcome = cloudapi::Permanent{std::nullopt, "Los datos de la fila no se pudieron leer: " + e.displayText(), ""};
    }
    result.at = Poco::Timestamp();
    const auto now = std::chrono::steady_clock::now();
    const bool outageLike = cloudapi::signalsOutage(result.outcome);
    if (const auto hold = outage_.record(result.outcome, now); hold > hold.zero())
        bucket_.holdUntil(now + hold); // the API looks down: back off more with each such outcome
    else if (const auto* r = std::get_if<cloudapi::Retryable>(&result.outcome.value());
             r && r->scope == cloudapi::RetryScope::Account)
        // A short breather for the whole account: pacing is at 99 % of the rate, so a
        // throughput refusal means a momentary bunch, not a wrong rate; holding a full
        // second per refusal cost a tenth of the campaign's time in the benchmark. The
        // refused message itself waits its full retryAfter.
        bucket_.holdUntil(now + std::min<std::chrono::steady_clock::duration>(r->retryAfter, std::chrono::milliseconds(250)));
    engine_.pushResult(std::move(result));
    if (requested && trial_) trialOutcome(outageLike);
}

void SendEngine::AccountSender::trialOutcome(bool outageLike) {
    if (!outageLike) {
        if (!trial_.exchange(false)) return;
        engine_.passTrial(accountId_);
        engine_.log_.information("campaigns: account %s: the trial send after the outage was answered; sending as usual",
                                 std::to_string(accountId_));
        return;
    }
    // Nothing more goes out: the pacer gives back what it holds; the probe goes on with its wait.
    stopping_ = true;
    readyCv_.notify_all();
    jobSpace_.notify_all();
    engine_.log_.warning(
        "campaigns: account %s: the Cloud API answered the probe but not the trial send; its campaigns "
        "pause again",
        std::to_string(accountId_));
    try {
        pauseForOutage(Poco::Timestamp());
    } catch (const std::exception& e) {
        // The campaigns stay in `sending`: the next sender of the account is on trial again.
        engine_.log_.error("campaigns: account %s: pausing after the failed trial send failed: %s", std::to_string(accountId_),
                           storage::briefError(e));
    }
}

} // namespace campaigns::sending
