#pragma once
// A TCP proxy that puts network faults between a client and one upstream, switchable while it
// runs: pass, latency, connection resets (also after the request reached the upstream), half-open
// connections and slow trickle (the modes are described in FaultMode.h). The network fault test
// (tests/integration/fault/network-faults.test.js) puts it between the campaigns plugin's Graph
// base URL and the Cloud API simulator, through the `campaigns-fault-proxy` program
// (FaultProxyMain.cpp, modes switched over its HTTP control port, FaultProxyControl.h).
//
// Hand-written on purpose: network namespaces and tc netem need root capabilities CI may not
// give, and no Debian package gives a fault proxy that a test can script in-process or over a
// small control API (toxiproxy is not packaged; socat and similar relays cannot reset after the
// answer started, hold a connection half-open, or switch faults at run time).
//
// One thread per relayed connection (Poco::Net::TCPServer on its own pool): the relay waits on
// both sockets with Socket::select, reads a chunk from whichever is readable and decides, from
// the mode at that moment, what to do with it. The upstream connection is opened when the
// client's bytes are to be relayed (again after the upstream closed it while idle).
#include "FaultMode.h"

#include <Poco/JSON/Object.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>

#include <atomic>
#include <memory>
#include <mutex>

namespace testsupport {

class FaultProxy {
public:
    // Listens on 127.0.0.1:`port` (0: any free port); relays to `upstream`.
    FaultProxy(const Poco::Net::SocketAddress& upstream, Poco::UInt16 port = 0, int maxConnections = 512);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    Poco::UInt16 port() const;
    void start();
    // Stops accepting and ends every relay within a select round (200 ms).
    void stop();

    void setMode(const FaultMode& mode);
    FaultMode mode() const;

    // What it did so far, as JSON: the mode, connections, bytes each way, chunks seen per mode,
    // each kind of reset, chunks dropped while half-open, and the counters of Counters below
    // (connections_losing_request, refusals_lost, requests_seen, requests_relayed, ...).
    Poco::JSON::Object::Ptr stats() const;

private:
    class Relay;
    class Factory;
    struct Counters {
        std::atomic<long long> connections{0}, upstreamConnectFailures{0}, bytesToUpstream{0}, bytesToClient{0};
        std::atomic<long long> chunks[5]{};
        std::atomic<long long> resetsBeforeRequest{0}, resetsAfterRequest{0}, resetsMidResponse{0}, halfOpenDropped{0};
        // Connections on which client bytes never reached the upstream. HTTP/1.1 without
        // pipelining has one request in flight per connection, and such a connection carries no
        // further one (it is reset, or half-open until the client gives up), so this bounds the
        // requests the proxy lost.
        std::atomic<long long> connectionsLosingRequest{0};
        // The upstream closed while a request relayed to it had no answer yet, or while idle;
        // relays that ended on a socket error (a peer's reset, mostly the client giving up).
        std::atomic<long long> upstreamClosedUnanswered{0}, upstreamClosedIdle{0}, relayErrors{0};
        // Client chunks that begin an HTTP request: read, and relayed to the upstream.
        std::atomic<long long> requestsSeen{0}, requestsRelayed{0};
        std::atomic<long long> emptyConnections{0}; // closed by the client before sending anything
        // Resets after the upstream answered with a status other than 2xx: the upstream processed
        // the request and refused it, and the client never learnt it.
        std::atomic<long long> refusalsLost{0};
    };

    const Poco::Net::SocketAddress upstream_;
    Poco::ThreadPool threads_;
    std::unique_ptr<Poco::Net::TCPServer> server_;
    mutable std::mutex modeMutex_;
    FaultMode mode_;
    std::atomic<bool> stopping_{false};
    Counters counters_;
};

} // namespace testsupport
