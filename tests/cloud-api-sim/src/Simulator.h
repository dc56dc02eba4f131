// The whole simulator as an object: tests run it in-process on an ephemeral port, main.cpp runs
// it as a server. Handlers reach every shared piece through it.
#pragma once

#include "MessageLedger.h"
#include "RateLimiter.h"
#include "SimConfig.h"
#include "TemplateCatalog.h"
#include "WamidFactory.h"
#include "WebhookDispatcher.h"

#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

namespace cloudsim {

class Simulator {
public:
    explicit Simulator(SimConfig config);
    ~Simulator();
    Simulator(const Simulator&) = delete;
    Simulator& operator=(const Simulator&) = delete;

    void start(); // binds 127.0.0.1/0.0.0.0:port (port 0 = ephemeral); throws when it cannot
    void stop();
    std::uint16_t port() const { return port_; }

    // Clears counters, stored payloads, rate windows, pending webhooks and template status
    // changes; with restoreConfig also the run-time configuration changes.
    void reset(bool restoreConfig);
    std::string statsJson(bool withRecipients, std::size_t recipientLimit) const;

    ConfigStore& config() { return config_; }
    TemplateCatalog& templates() { return templates_; }
    MessageLedger& ledger() { return ledger_; }
    RateLimiter& throughput() { return throughput_; }
    RateLimiter& pairs() { return pairs_; }
    WamidFactory& wamids() { return wamids_; }
    WebhookDispatcher& webhooks() { return webhooks_; }
    std::string nextMediaId();
    void countDroppedConnection() { ++droppedConnections_; }
    void countServerError() { ++injectedServerErrors_; }

private:
    void statsLoop();

    ConfigStore config_;
    TemplateCatalog templates_;
    MessageLedger ledger_;
    RateLimiter throughput_;
    RateLimiter pairs_;
    WamidFactory wamids_;
    WebhookDispatcher webhooks_;
    Poco::ThreadPool pool_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    std::uint16_t port_ = 0;
    std::atomic<std::uint64_t> mediaCounter_{0};
    std::atomic<std::uint64_t> mediaUploaded_{0};
    std::atomic<std::uint64_t> droppedConnections_{0};
    std::atomic<std::uint64_t> injectedServerErrors_{0};

    std::mutex statsMutex_;
    std::condition_variable statsWake_;
    bool running_ = false;
    std::thread statsThread_;
};

} // namespace cloudsim
