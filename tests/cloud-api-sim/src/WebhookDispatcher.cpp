#include "WebhookDispatcher.h"

#include "Signature.h"
#include "WebhookPayloads.h"

#include <Poco/Logger.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>

namespace cloudsim {
namespace {

struct Later {
    bool operator()(const WebhookEvent& a, const WebhookEvent& b) const { return a.dueMs > b.dueMs; }
};

std::int64_t backoffMs(int baseMs, int attempt) {
    std::int64_t delay = static_cast<std::int64_t>(baseMs) << std::min(attempt, 16);
    return std::min<std::int64_t>(delay, 60000);
}

} // namespace

struct WebhookDispatcher::Sender {
    std::string url;
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    bool used = false;
};

WebhookDispatcher::WebhookDispatcher(ConfigStore& config) : config_(config) {}

WebhookDispatcher::~WebhookDispatcher() { stop(); }

void WebhookDispatcher::start() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (running_) return;
    running_ = true;
    scheduler_ = std::thread([this] { schedulerLoop(); });
    int count = config_.get()->webhookSenders;
    for (int i = 0; i < count; ++i) senders_.emplace_back([this] { senderLoop(); });
}

void WebhookDispatcher::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!running_) return;
        running_ = false;
    }
    wakeScheduler_.notify_all();
    wakeSenders_.notify_all();
    if (scheduler_.joinable()) scheduler_.join();
    for (auto& t : senders_) t.join();
    senders_.clear();
}

void WebhookDispatcher::pushLocked(WebhookEvent event) {
    heap_.push_back(std::move(event));
    std::push_heap(heap_.begin(), heap_.end(), Later{});
}

void WebhookDispatcher::schedule(std::vector<WebhookEvent> events) {
    if (events.empty()) return;
    if (config_.get()->webhookUrl.empty()) {
        discarded_ += events.size();
        return;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& ev : events) {
        pending_ += ev.kind == EventKind::Raw ? ev.events : 1;
        scheduled_ += ev.kind == EventKind::Raw ? ev.events : 1;
        pushLocked(std::move(ev));
    }
}

bool WebhookDispatcher::flush(std::int64_t timeoutMs, bool expedite) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (expedite) {
        std::int64_t now = steadyMs();
        for (auto& ev : heap_) ev.dueMs = std::min(ev.dueMs, now);
        std::make_heap(heap_.begin(), heap_.end(), Later{});
        expedite_ = true;
        wakeScheduler_.notify_all();
    }
    return drained_.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return pending_ == 0; });
}

void WebhookDispatcher::clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    heap_.clear();
    sendQueue_.clear();
    pending_ = 0;
    ++generation_;
    drained_.notify_all();
}

DispatcherCounters WebhookDispatcher::counters() const {
    DispatcherCounters c;
    c.scheduled = scheduled_;
    c.delivered = delivered_;
    c.abandoned = abandoned_;
    c.discarded = discarded_;
    c.posts = posts_;
    c.failedPosts = failedPosts_;
    c.retries = retries_;
    std::lock_guard<std::mutex> lock(mutex_);
    c.pending = pending_;
    return c;
}

void WebhookDispatcher::schedulerLoop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (running_) {
        auto config = config_.get();
        wakeScheduler_.wait_for(lock, std::chrono::milliseconds(config->webhookFlushMs),
                                [this] { return !running_ || expedite_; });
        expedite_ = false;
        std::vector<WebhookEvent> due;
        std::int64_t now = steadyMs();
        while (!heap_.empty() && heap_.front().dueMs <= now) {
            std::pop_heap(heap_.begin(), heap_.end(), Later{});
            due.push_back(std::move(heap_.back()));
            heap_.pop_back();
        }
        if (due.empty()) continue;
        std::uint64_t generation = generation_;
        lock.unlock();
        enqueueBatches(due, *config_.get(), generation);
        lock.lock();
        wakeSenders_.notify_all();
    }
}

void WebhookDispatcher::enqueueBatches(std::vector<WebhookEvent>& due, const SimConfig& config, std::uint64_t generation) {
    std::vector<Batch> batches;
    std::map<std::string, std::vector<WebhookEvent*>> byNumber;
    for (auto& ev : due) {
        if (ev.kind == EventKind::Raw)
            batches.push_back({ev.phoneNumberId, std::move(ev.fragment), ev.events, ev.attempt, generation});
        else
            byNumber[ev.phoneNumberId].push_back(&ev);
    }
    std::size_t batchSize = static_cast<std::size_t>(config.webhookBatchSize);
    for (auto& [phoneId, events] : byNumber) {
        if (config.outOfOrder) std::shuffle(events.begin(), events.end(), shuffleRng_);
        EnvelopeMetadata meta{config.wabaFor(config.phoneIndex(phoneId)), config.displayPhoneNumber, phoneId};
        for (std::size_t start = 0; start < events.size(); start += batchSize) {
            std::vector<const std::string*> statuses, messages, contacts;
            std::size_t end = std::min(events.size(), start + batchSize);
            for (std::size_t i = start; i < end; ++i) {
                if (events[i]->kind == EventKind::Status)
                    statuses.push_back(&events[i]->fragment);
                else {
                    messages.push_back(&events[i]->fragment);
                    contacts.push_back(&events[i]->contact);
                }
            }
            batches.push_back({phoneId, messagesEnvelope(meta, statuses, messages, contacts), end - start, 0, generation});
        }
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (generation != generation_) return; // cleared meanwhile
    for (auto& b : batches) sendQueue_.push_back(std::move(b));
}

void WebhookDispatcher::senderLoop() {
    Sender sender;
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
        wakeSenders_.wait(lock, [this] { return !running_ || !sendQueue_.empty(); });
        if (!running_) return;
        Batch batch = std::move(sendQueue_.front());
        sendQueue_.pop_front();
        lock.unlock();
        auto config = config_.get();
        bool ok = !config->webhookUrl.empty() && post(sender, *config, batch);
        if (!ok && !config->webhookUrl.empty() && batch.attempt + 1 < config->webhookMaxAttempts) {
            ++retries_;
            WebhookEvent retry;
            retry.kind = EventKind::Raw;
            retry.phoneNumberId = batch.phoneNumberId;
            retry.fragment = std::move(batch.body);
            retry.events = batch.events;
            retry.attempt = batch.attempt + 1;
            retry.dueMs = steadyMs() + backoffMs(config->webhookRetryBaseMs, batch.attempt);
            lock.lock();
            if (batch.generation == generation_) pushLocked(std::move(retry));
            continue;
        }
        settle(batch, ok);
        lock.lock();
    }
}

bool WebhookDispatcher::post(Sender& sender, const SimConfig& config, const Batch& batch) {
    // A kept-alive connection the receiver closed while idle fails on first use; one immediate
    // second try on a fresh connection keeps that from looking like a receiver failure.
    for (int round = 0; round < 2; ++round) {
        try {
            Poco::URI uri(config.webhookUrl);
            if (!sender.session || sender.url != config.webhookUrl) {
                if (uri.getScheme() == "https") {
                    Poco::Net::Context::Ptr context =
                        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_NONE);
                    sender.session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), context);
                } else {
                    sender.session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
                }
                sender.session->setKeepAlive(true);
                sender.url = config.webhookUrl;
                sender.used = false;
            }
            sender.session->setTimeout(Poco::Timespan(static_cast<long>(config.webhookTimeoutMs) * 1000));
            Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathAndQuery(),
                                           Poco::Net::HTTPMessage::HTTP_1_1);
            request.setContentType("application/json");
            request.setContentLength(static_cast<std::streamsize>(batch.body.size()));
            request.set("X-Hub-Signature-256", signatureHeader(config.appSecret, batch.body));
            request.set("User-Agent", "facebookexternalua");
            request.setKeepAlive(true);
            bool reused = sender.used;
            sender.used = true;
            try {
                sender.session->sendRequest(request) << batch.body;
                Poco::Net::HTTPResponse response;
                std::istream& in = sender.session->receiveResponse(response);
                Poco::NullOutputStream sink;
                Poco::StreamCopier::copyStream(in, sink);
                if (response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK) {
                    ++posts_;
                    return true;
                }
                ++failedPosts_;
                return false;
            } catch (const Poco::Exception&) {
                sender.session->reset();
                sender.used = false;
                if (reused && round == 0) continue;
                throw;
            }
        } catch (const Poco::Exception& e) {
            ++failedPosts_;
            Poco::Logger::get("cloud-api-sim").debug("webhook POST failed: " + e.displayText());
            return false;
        }
    }
    return false;
}

void WebhookDispatcher::settle(const Batch& batch, bool delivered) {
    (delivered ? delivered_ : abandoned_) += batch.events;
    if (!delivered)
        Poco::Logger::get("cloud-api-sim")
            .warning("webhook batch of " + std::to_string(batch.events) + " events abandoned after " +
                     std::to_string(batch.attempt + 1) + " attempts");
    std::lock_guard<std::mutex> lock(mutex_);
    if (batch.generation != generation_) return;
    pending_ -= std::min(pending_, batch.events);
    if (pending_ == 0) drained_.notify_all();
}

} // namespace cloudsim
