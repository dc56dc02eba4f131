#pragma once
// Kept-alive HTTP(S) sessions to the Cloud API, shared by every sender thread. Reusing
// connections is what makes hundreds of sends a second possible; the pool also guards against the
// classic keep-alive trap: a connection the server closed while idle must never carry a request.

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Timespan.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

namespace campaigns::cloudapi {

struct ConnectionEndpoint {
    std::string scheme; // "http" or "https"
    std::string host;
    std::uint16_t port = 0;

    std::string key() const { return scheme + "://" + host + ":" + std::to_string(port); }
};

struct ConnectionPoolOptions {
    std::size_t maxPerEndpoint = 64; // open sessions (idle + in use) per scheme/host/port
    Poco::Timespan connectTimeout{5, 0};
    Poco::Timespan sendTimeout{10, 0};
    Poco::Timespan receiveTimeout{30, 0};
    // Sessions idle longer than this are reconnected before use; kept below common server idle
    // limits so that most server-side closes are avoided rather than detected.
    Poco::Timespan idleTimeout{20, 0};
    Poco::Timespan acquireWait{5, 0}; // how long a caller waits for a free slot
};

// No session could be had within acquireWait: nothing was sent.
class PoolExhausted : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ConnectionPool : public std::enable_shared_from_this<ConnectionPool> {
public:
    // A checked-out session. It goes back to the pool on destruction only if keep() was called
    // (the exchange completed and the server allows reuse); otherwise it is closed.
    class Lease {
    public:
        Lease(Lease&&) noexcept;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        ~Lease();

        Poco::Net::HTTPClientSession& session() { return *session_; }
        bool reused() const { return reused_; }
        void keep() { keep_ = true; }

    private:
        friend class ConnectionPool;
        Lease(std::shared_ptr<ConnectionPool> pool, std::string key, std::unique_ptr<Poco::Net::HTTPClientSession> s,
              bool reused);

        std::shared_ptr<ConnectionPool> pool_;
        std::string key_;
        std::unique_ptr<Poco::Net::HTTPClientSession> session_;
        bool reused_ = false;
        bool keep_ = false;
    };

    static std::shared_ptr<ConnectionPool> create(ConnectionPoolOptions options = {});

    // Throws PoolExhausted when the endpoint already has maxPerEndpoint sessions in use for longer
    // than acquireWait.
    Lease acquire(const ConnectionEndpoint& endpoint);

    const ConnectionPoolOptions& options() const { return options_; }
    std::size_t idleCount(const ConnectionEndpoint& endpoint) const;
    std::size_t openCount(const ConnectionEndpoint& endpoint) const;
    // Idle sessions found closed by the server and dropped before use (for tests and metrics).
    std::size_t staleDropped() const;

private:
    explicit ConnectionPool(ConnectionPoolOptions options);

    struct Slot {
        std::deque<std::unique_ptr<Poco::Net::HTTPClientSession>> idle;
        std::size_t open = 0;
    };

    std::unique_ptr<Poco::Net::HTTPClientSession> newSession(const ConnectionEndpoint& endpoint);
    void giveBack(const std::string& key, std::unique_ptr<Poco::Net::HTTPClientSession> s, bool keep);
    Poco::Net::Context::Ptr tlsContext();

    const ConnectionPoolOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable released_;
    std::map<std::string, Slot> slots_;
    std::size_t staleDropped_ = 0;
    Poco::Net::Context::Ptr tls_;
};

// True when an idle session can no longer carry a request: not connected, or its socket is
// readable. An idle HTTP/1.1 connection has nothing to read unless the server closed it (EOF) or
// sent something unsolicited; either way a request written to it could be lost. A false positive
// (say, a late TLS record) only costs a reconnect, never a message.
bool isStale(Poco::Net::HTTPClientSession& session);

} // namespace campaigns::cloudapi
