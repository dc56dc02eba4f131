// Delivers webhooks like Meta: events wait until due, are batched per phone number into one
// signed envelope, are POSTed by a small pool of senders over kept-alive connections, and are
// retried with exponential backoff (bounded) until the receiver answers 200.
#pragma once

#include "SimConfig.h"
#include "WebhookEvent.h"

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace cloudsim {

struct DispatcherCounters {
    std::uint64_t scheduled = 0; // events
    std::uint64_t delivered = 0; // events acknowledged with 200
    std::uint64_t abandoned = 0; // events dropped after the last attempt
    std::uint64_t discarded = 0; // events produced while no webhook_url was set
    std::uint64_t posts = 0;     // POSTs answered 200
    std::uint64_t failedPosts = 0;
    std::uint64_t retries = 0;
    std::size_t pending = 0;
};

class WebhookDispatcher {
public:
    explicit WebhookDispatcher(ConfigStore& config);
    ~WebhookDispatcher();
    WebhookDispatcher(const WebhookDispatcher&) = delete;
    WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

    void start(); // sender count is read from the configuration once, here
    void stop();

    void schedule(std::vector<WebhookEvent> events);
    // Waits until every scheduled event was delivered or abandoned. `expedite` makes everything
    // due now (retries included) instead of waiting for configured delays.
    bool flush(std::int64_t timeoutMs, bool expedite);
    void clear(); // forgets pending events; in-flight POSTs still complete
    DispatcherCounters counters() const;

private:
    struct Batch {
        std::string phoneNumberId;
        std::string body;
        std::size_t events = 0;
        int attempt = 0;
        std::uint64_t generation = 0;
    };
    struct Sender;

    void schedulerLoop();
    void senderLoop();
    void enqueueBatches(std::vector<WebhookEvent>& due, const SimConfig& config, std::uint64_t generation);
    bool post(Sender& sender, const SimConfig& config, const Batch& batch);
    void settle(const Batch& batch, bool delivered);
    void pushLocked(WebhookEvent event);

    ConfigStore& config_;
    mutable std::mutex mutex_;
    std::condition_variable wakeScheduler_;
    std::condition_variable wakeSenders_;
    std::condition_variable drained_;
    std::vector<WebhookEvent> heap_; // min-heap on dueMs
    std::deque<Batch> sendQueue_;
    std::size_t pending_ = 0;
    std::uint64_t generation_ = 0;
    bool running_ = false;
    bool expedite_ = false;
    std::thread scheduler_;
    std::vector<std::thread> senders_;
    std::mt19937_64 shuffleRng_{std::random_device{}()};

    std::atomic<std::uint64_t> scheduled_{0}, delivered_{0}, abandoned_{0}, discarded_{0}, posts_{0}, failedPosts_{0},
        retries_{0};
};

} // namespace cloudsim
