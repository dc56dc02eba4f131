#include "FaultProxy.h"

#include <Poco/Exception.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Net/TCPServerParams.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <string_view>
#include <thread>

namespace testsupport {

namespace {
constexpr int kChunk = 16384;
const Poco::Timespan kSelectRound(0, 200000);
const Poco::Timespan kConnectTimeout(5, 0);
} // namespace

// One client connection and its upstream connection.
class FaultProxy::Relay : public Poco::Net::TCPServerConnection {
public:
    Relay(const Poco::Net::StreamSocket& client, FaultProxy& proxy)
        : TCPServerConnection(client), proxy_(proxy), random_(std::random_device{}()) {}

    void run() override {
        ++proxy_.counters_.connections;
        try {
            socket().setNoDelay(true);
            while (!proxy_.stopping_ && relayRound()) {}
        } catch (const Poco::Exception&) {
            // A peer reset or closed mid-write: this connection is over.
            ++proxy_.counters_.relayErrors;
        }
        if (upstreamOpen_) upstream_.close();
        if (lostRequest_ || forwarding_) ++proxy_.counters_.connectionsLosingRequest;
        if (resetClient_) {
            socket().setLinger(true, 0); // close() now sends RST instead of FIN
        }
        socket().close();
    }

private:
    // Waits for either side and handles what arrived; false when the connection is over.
    bool relayRound() {
        Poco::Net::Socket::SocketList readable{socket()}, writable, failed;
        if (upstreamOpen_) readable.push_back(upstream_);
        if (Poco::Net::Socket::select(readable, writable, failed, kSelectRound) == 0) return true;
        for (const auto& s : readable) {
            if (!(s == socket() ? fromClient() : fromUpstream())) return false;
        }
        return true;
    }

    bool fromClient() {
        const int n = socket().receiveBytes(buf_, kChunk);
        if (n <= 0) {
            if (!readAny_) ++proxy_.counters_.emptyConnections;
            return false; // the client closed
        }
        readAny_ = true;
        const FaultMode m = mode();
        ++proxy_.counters_.chunks[static_cast<int>(m.kind)];
        const bool requestStart = startsRequest(n);
        if (requestStart) ++proxy_.counters_.requestsSeen;
        if (m.kind == FaultKind::HalfOpen) {
            ++proxy_.counters_.halfOpenDropped;
            lostRequest_ = heldHalfOpen_ = true;
            return true;
        }
        if (m.kind == FaultKind::Reset && chance(m.resetProbability)) {
            ++proxy_.counters_.resetsBeforeRequest;
            lostRequest_ = resetClient_ = true;
            return false;
        }
        forwarding_ = true;
        if (!upstreamOpen_) {
            // First bytes, or the upstream closed an idle keep-alive connection: (re)connect, as
            // the client's next request on it is a new one.
            try {
                upstream_ = Poco::Net::StreamSocket();
                upstream_.connect(proxy_.upstream_, kConnectTimeout);
                upstream_.setNoDelay(true);
                upstreamOpen_ = true;
            } catch (const Poco::Exception&) {
                ++proxy_.counters_.upstreamConnectFailures;
                return false;
            }
        }
        send(upstream_, n, m);
        forwarding_ = false;
        awaitingAnswer_ = true;
        if (requestStart) ++proxy_.counters_.requestsRelayed;
        proxy_.counters_.bytesToUpstream += n;
        return true;
    }

    // A connection that swallowed bytes while half-open stays so: relaying the rest of a request
    // whose start was dropped would hand the upstream garbage.
    FaultMode mode() const {
        FaultMode m = proxy_.mode();
        if (heldHalfOpen_) m.kind = FaultKind::HalfOpen;
        return m;
    }

    bool fromUpstream() {
        const int n = upstream_.receiveBytes(buf_, kChunk);
        const FaultMode m = mode();
        if (n <= 0) {
            ++(awaitingAnswer_ ? proxy_.counters_.upstreamClosedUnanswered : proxy_.counters_.upstreamClosedIdle);
            upstream_.close();
            upstreamOpen_ = false;
            return m.kind == FaultKind::HalfOpen; // half-open: the client is never told
        }
        ++proxy_.counters_.chunks[static_cast<int>(m.kind)];
        awaitingAnswer_ = false;
        if (n >= 10 && std::string_view(buf_, 7) == "HTTP/1.") answerRefused_ = buf_[9] != '2';
        if (m.kind == FaultKind::HalfOpen) {
            ++proxy_.counters_.halfOpenDropped;
            return true;
        }
        if (m.kind == FaultKind::Reset && chance(m.resetProbability)) {
            // The upstream answered, so it processed the request: the dangerous moment to lose it.
            if (n > 1 && chance(0.5)) {
                ++proxy_.counters_.resetsMidResponse;
                const int part = std::uniform_int_distribution<int>(1, n - 1)(random_);
                socket().sendBytes(buf_, part);
                proxy_.counters_.bytesToClient += part;
            } else {
                ++proxy_.counters_.resetsAfterRequest;
            }
            if (answerRefused_) ++proxy_.counters_.refusalsLost;
            resetClient_ = true;
            return false;
        }
        send(socket(), n, m);
        proxy_.counters_.bytesToClient += n;
        return true;
    }

    void send(Poco::Net::StreamSocket& to, int n, const FaultMode& m) {
        if (m.kind == FaultKind::Latency) {
            std::this_thread::sleep_for(
                std::chrono::milliseconds(std::uniform_int_distribution<int>(m.latencyMinMs, m.latencyMaxMs)(random_)));
        }
        if (m.kind != FaultKind::Trickle) {
            to.sendBytes(buf_, n);
            return;
        }
        const int piece = static_cast<int>(std::min<std::size_t>(m.trickleBytes, kChunk));
        for (int at = 0; at < n && !proxy_.stopping_; at += piece) {
            if (at > 0) std::this_thread::sleep_for(std::chrono::milliseconds(m.trickleEveryMs));
            to.sendBytes(buf_ + at, std::min(piece, n - at));
        }
    }

    // Whether a chunk begins an HTTP request (for the stats only: the proxy relays bytes).
    bool startsRequest(int n) const {
        const std::string_view head(buf_, static_cast<std::size_t>(std::min(n, 8)));
        return head.rfind("POST ", 0) == 0 || head.rfind("GET ", 0) == 0 || head.rfind("PUT ", 0) == 0 ||
               head.rfind("DELETE ", 0) == 0;
    }

    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(random_) < p; }

    FaultProxy& proxy_;
    std::mt19937 random_;
    Poco::Net::StreamSocket upstream_;
    bool upstreamOpen_ = false, resetClient_ = false;
    bool heldHalfOpen_ = false;   // dropped client bytes while half-open: half-open for good
    bool lostRequest_ = false;    // client bytes that never reached the upstream
    bool forwarding_ = false;     // client bytes being relayed (lost if that fails)
    bool awaitingAnswer_ = false; // client bytes relayed, nothing back from the upstream since
    bool readAny_ = false;
    bool answerRefused_ = false; // the answer being relayed has a status other than 2xx
    char buf_[kChunk];
};

class FaultProxy::Factory : public Poco::Net::TCPServerConnectionFactory {
public:
    explicit Factory(FaultProxy& proxy) : proxy_(proxy) {}
    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
        return new Relay(socket, proxy_);
    }

private:
    FaultProxy& proxy_;
};

FaultProxy::FaultProxy(const Poco::Net::SocketAddress& upstream, Poco::UInt16 port, int maxConnections)
    : upstream_(upstream), threads_(2, maxConnections) {
    Poco::Net::ServerSocket listener(Poco::Net::SocketAddress("127.0.0.1", port), 256);
    Poco::Net::TCPServerParams::Ptr params = new Poco::Net::TCPServerParams;
    params->setMaxThreads(maxConnections);
    params->setMaxQueued(256);
    server_ = std::make_unique<Poco::Net::TCPServer>(new Factory(*this), threads_, listener, params);
}

FaultProxy::~FaultProxy() { stop(); }

Poco::UInt16 FaultProxy::port() const { return server_->socket().address().port(); }

void FaultProxy::start() { server_->start(); }

void FaultProxy::stop() {
    if (stopping_.exchange(true)) return;
    server_->stop();
    threads_.joinAll();
}

void FaultProxy::setMode(const FaultMode& mode) {
    std::lock_guard lock(modeMutex_);
    mode_ = mode;
}

FaultMode FaultProxy::mode() const {
    std::lock_guard lock(modeMutex_);
    return mode_;
}

Poco::JSON::Object::Ptr FaultProxy::stats() const {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("mode", mode().toJson());
    o->set("connections", counters_.connections.load());
    o->set("upstream_connect_failures", counters_.upstreamConnectFailures.load());
    o->set("bytes_to_upstream", counters_.bytesToUpstream.load());
    o->set("bytes_to_client", counters_.bytesToClient.load());
    Poco::JSON::Object::Ptr chunks = new Poco::JSON::Object;
    for (auto kind : {FaultKind::Pass, FaultKind::Latency, FaultKind::Reset, FaultKind::HalfOpen, FaultKind::Trickle})
        chunks->set(faultKindName(kind), counters_.chunks[static_cast<int>(kind)].load());
    o->set("chunks_by_mode", chunks);
    o->set("resets_before_request", counters_.resetsBeforeRequest.load());
    o->set("resets_after_request", counters_.resetsAfterRequest.load());
    o->set("resets_mid_response", counters_.resetsMidResponse.load());
    o->set("refusals_lost", counters_.refusalsLost.load());
    o->set("half_open_dropped", counters_.halfOpenDropped.load());
    o->set("connections_losing_request", counters_.connectionsLosingRequest.load());
    o->set("upstream_closed_unanswered", counters_.upstreamClosedUnanswered.load());
    o->set("upstream_closed_idle", counters_.upstreamClosedIdle.load());
    o->set("relay_errors", counters_.relayErrors.load());
    o->set("requests_seen", counters_.requestsSeen.load());
    o->set("empty_connections", counters_.emptyConnections.load());
    o->set("refused_connections", server_->refusedConnections());
    o->set("requests_relayed", counters_.requestsRelayed.load());
    return o;
}

} // namespace testsupport
