#include "cloudapi/ConnectionPool.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPSClientSession.h>

#include <chrono>

namespace campaigns::cloudapi {

bool isStale(Poco::Net::HTTPClientSession& session) {
    if (!session.connected()) return true;
    try {
        return session.socket().poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ | Poco::Net::Socket::SELECT_ERROR);
    } catch (const Poco::Exception&) {
        return true; // a socket we cannot even poll is certainly unusable
    }
}

ConnectionPool::Lease::Lease(std::shared_ptr<ConnectionPool> pool, std::string key,
                             std::unique_ptr<Poco::Net::HTTPClientSession> s, bool reused)
    : pool_(std::move(pool)), key_(std::move(key)), session_(std::move(s)), reused_(reused) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::move(other.pool_)),
      key_(std::move(other.key_)),
      session_(std::move(other.session_)),
      reused_(other.reused_),
      keep_(other.keep_) {}

ConnectionPool::Lease::~Lease() {
    if (pool_) pool_->giveBack(key_, std::move(session_), keep_);
}

std::shared_ptr<ConnectionPool> ConnectionPool::create(ConnectionPoolOptions options) {
    return std::shared_ptr<ConnectionPool>(new ConnectionPool(std::move(options)));
}

ConnectionPool::ConnectionPool(ConnectionPoolOptions options) : options_(std::move(options)) {
    if (options_.maxPerEndpoint == 0) throw std::invalid_argument("maxPerEndpoint must be at least 1");
}

Poco::Net::Context::Ptr ConnectionPool::tlsContext() {
    // Created on first HTTPS use; certificate and host name checks stay on (system CA store).
    if (!tls_) {
        tls_ = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_RELAXED, 9, true);
    }
    return tls_;
}

std::unique_ptr<Poco::Net::HTTPClientSession> ConnectionPool::newSession(const ConnectionEndpoint& endpoint) {
    std::unique_ptr<Poco::Net::HTTPClientSession> s;
    if (endpoint.scheme == "https") {
        Poco::Net::Context::Ptr ctx;
        {
            std::lock_guard lock(mutex_);
            ctx = tlsContext();
        }
        s = std::make_unique<Poco::Net::HTTPSClientSession>(endpoint.host, endpoint.port, ctx);
    } else if (endpoint.scheme == "http") {
        s = std::make_unique<Poco::Net::HTTPClientSession>(endpoint.host, endpoint.port);
    } else {
        throw std::invalid_argument("unsupported scheme: " + endpoint.scheme);
    }
    s->setTimeout(options_.connectTimeout, options_.sendTimeout, options_.receiveTimeout);
    s->setKeepAlive(true);
    s->setKeepAliveTimeout(options_.idleTimeout);
    return s;
}

ConnectionPool::Lease ConnectionPool::acquire(const ConnectionEndpoint& endpoint) {
    const std::string key = endpoint.key();
    std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> stale;
    std::unique_ptr<Poco::Net::HTTPClientSession> reused;
    {
        std::unique_lock lock(mutex_);
        Slot& slot = slots_[key];
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::microseconds(options_.acquireWait.totalMicroseconds());
        for (;;) {
            // Most recently returned first: the least likely to have been closed by the server.
            while (!slot.idle.empty() && !reused) {
                auto candidate = std::move(slot.idle.back());
                slot.idle.pop_back();
                if (isStale(*candidate)) {
                    --slot.open;
                    ++staleDropped_;
                    stale.push_back(std::move(candidate));
                } else {
                    reused = std::move(candidate);
                }
            }
            if (reused) break;
            if (slot.open < options_.maxPerEndpoint) {
                ++slot.open; // reserve the slot; the session is created outside the lock
                break;
            }
            if (released_.wait_until(lock, deadline) == std::cv_status::timeout && slot.idle.empty() &&
                slot.open >= options_.maxPerEndpoint)
                throw PoolExhausted("no free connection to " + key);
        }
        if (!stale.empty()) released_.notify_all();
    }
    for (auto& s : stale) s->reset(); // closed outside the lock
    if (reused) return Lease(shared_from_this(), key, std::move(reused), true);
    try {
        return Lease(shared_from_this(), key, newSession(endpoint), false);
    } catch (...) {
        giveBack(key, nullptr, false);
        throw;
    }
}

void ConnectionPool::giveBack(const std::string& key, std::unique_ptr<Poco::Net::HTTPClientSession> s, bool keep) {
    std::unique_ptr<Poco::Net::HTTPClientSession> discard;
    {
        std::lock_guard lock(mutex_);
        Slot& slot = slots_[key];
        if (s && keep && s->connected()) {
            slot.idle.push_back(std::move(s));
        } else {
            discard = std::move(s);
            --slot.open;
        }
    }
    released_.notify_one();
    if (discard) discard->reset();
}

std::size_t ConnectionPool::idleCount(const ConnectionEndpoint& endpoint) const {
    std::lock_guard lock(mutex_);
    const auto it = slots_.find(endpoint.key());
    return it == slots_.end() ? 0 : it->second.idle.size();
}

std::size_t ConnectionPool::openCount(const ConnectionEndpoint& endpoint) const {
    std::lock_guard lock(mutex_);
    const auto it = slots_.find(endpoint.key());
    return it == slots_.end() ? 0 : it->second.open;
}

std::size_t ConnectionPool::staleDropped() const {
    std::lock_guard lock(mutex_);
    return staleDropped_;
}

} // namespace campaigns::cloudapi
