#include "Simulator.h"

#include "RequestRouter.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/NumberFormatter.h>

#include <sstream>

namespace cloudsim {

Simulator::Simulator(SimConfig config)
    : config_(config), webhooks_(config_), pool_("cloud-api-sim", 4, std::max(4, config.threads)) {
    if (!config.templatesFile.empty()) templates_.loadFile(config.templatesFile);
}

Simulator::~Simulator() { stop(); }

void Simulator::start() {
    auto config = config_.get();
    Poco::Net::initializeSSL();
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(config->bindAddress, static_cast<Poco::UInt16>(config->port)), 256);
    port_ = socket.address().port();
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(config->threads);
    params->setMaxQueued(config->threads * 4);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(0);
    params->setKeepAliveTimeout(Poco::Timespan(60, 0));
    params->setTimeout(Poco::Timespan(60, 0));
    params->setServerName("cloud-api-sim");
    server_ = std::make_unique<Poco::Net::HTTPServer>(new RequestRouter(*this), pool_, socket, params);
    server_->start();
    webhooks_.start();
    {
        std::lock_guard<std::mutex> lock(statsMutex_);
        running_ = true;
    }
    statsThread_ = std::thread([this] { statsLoop(); });
}

void Simulator::stop() {
    {
        std::lock_guard<std::mutex> lock(statsMutex_);
        if (!running_) return;
        running_ = false;
    }
    statsWake_.notify_all();
    statsThread_.join();
    // Kept-alive client connections would hold their threads until the keep-alive timeout.
    server_->stopAll(true);
    pool_.joinAll();
    server_.reset();
    webhooks_.stop();
    Poco::Net::uninitializeSSL();
}

void Simulator::reset(bool restoreConfig) {
    if (restoreConfig) config_.restoreInitial();
    ledger_.reset();
    throughput_.clear();
    pairs_.clear();
    webhooks_.clear();
    templates_.reset();
    mediaUploaded_ = 0;
    droppedConnections_ = 0;
    injectedServerErrors_ = 0;
}

std::string Simulator::nextMediaId() {
    ++mediaUploaded_;
    return "90" + Poco::NumberFormatter::format0(++mediaCounter_, 14);
}

std::string Simulator::statsJson(bool withRecipients, std::size_t recipientLimit) const {
    auto totals = ledger_.totals();
    auto hooks = webhooks_.counters();
    Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
    out.set("accepted", totals.accepted);
    out.set("rejected", totals.rejected);
    Poco::JSON::Object::Ptr byCode = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& [code, count] : totals.rejectedByCode) byCode->set(Poco::NumberFormatter::format(code), count);
    out.set("rejected_by_code", byCode);
    out.set("unique_recipients", totals.uniqueRecipients);
    out.set("recipients_with_duplicates", totals.recipientsWithDuplicates);
    // The recipient lists are keyed by number, unordered: an insertion-ordered Poco::JSON::Object
    // checks each new key against every earlier one, minutes for 200,000 recipients.
    Poco::JSON::Object::Ptr duplicates = new Poco::JSON::Object();
    for (const auto& [id, count] : ledger_.recipients(100, true)) duplicates->set(id, count);
    out.set("duplicate_recipients", duplicates);
    if (withRecipients) {
        Poco::JSON::Object::Ptr recipients = new Poco::JSON::Object();
        for (const auto& [id, count] : ledger_.recipients(recipientLimit, false)) recipients->set(id, count);
        out.set("recipients", recipients);
    }
    out.set("dropped_connections", droppedConnections_.load());
    out.set("injected_server_errors", injectedServerErrors_.load());
    out.set("media_uploaded", mediaUploaded_.load());
    Poco::JSON::Object::Ptr webhooks = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    webhooks->set("scheduled", hooks.scheduled);
    webhooks->set("delivered", hooks.delivered);
    webhooks->set("pending", static_cast<Poco::UInt64>(hooks.pending));
    webhooks->set("abandoned", hooks.abandoned);
    webhooks->set("discarded", hooks.discarded);
    webhooks->set("posts", hooks.posts);
    webhooks->set("failed_posts", hooks.failedPosts);
    webhooks->set("retries", hooks.retries);
    out.set("webhooks", webhooks);
    std::ostringstream text;
    out.stringify(text);
    return text.str();
}

void Simulator::statsLoop() {
    std::uint64_t lastAccepted = 0, lastRejected = 0, lastDelivered = 0;
    std::unique_lock<std::mutex> lock(statsMutex_);
    while (running_) {
        int interval = config_.get()->statsLogIntervalS;
        statsWake_.wait_for(lock, std::chrono::seconds(interval > 0 ? interval : 60), [this] { return !running_; });
        if (!running_ || interval <= 0) continue;
        auto totals = ledger_.totals();
        auto hooks = webhooks_.counters();
        if (totals.accepted == lastAccepted && totals.rejected == lastRejected && hooks.delivered == lastDelivered) continue;
        std::ostringstream line;
        line << "accepted=" << totals.accepted << " (+" << totals.accepted - lastAccepted << ") rejected=" << totals.rejected
             << " (+" << totals.rejected - lastRejected << ") webhook events delivered=" << hooks.delivered
             << " pending=" << hooks.pending << " abandoned=" << hooks.abandoned;
        Poco::Logger::get("cloud-api-sim").information(line.str());
        lastAccepted = totals.accepted;
        lastRejected = totals.rejected;
        lastDelivered = hooks.delivered;
    }
}

} // namespace cloudsim
