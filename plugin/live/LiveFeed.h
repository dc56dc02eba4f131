#pragma once
// Live campaign state and counters for every open page, from ONE poller shared by all clients.
//
// REQUIREMENT FOR EVERY WRITER OF campaigns_campaigns: set updated_at to the current UTC time with
// millisecond precision on every change (state, counters, progress, times), in the same statement
// or transaction as the change — use updatedAtNow(dialect) below: UTC_TIMESTAMP(3) on MySQL,
// strftime('%Y-%m-%d %H:%M:%f','now') ("YYYY-MM-DD HH:MM:SS.SSS") on SQLite. A change that leaves
// updated_at alone is never shown live; one written in another text format may be shown late.
//
// How it works: every `pollInterval` the poller runs one indexed query,
//   SELECT ... FROM campaigns_campaigns WHERE updated_at >= (newest seen - lookback)
// and publishes each row whose updated_at differs from the one it last published. The lookback
// catches a transaction that commits after a newer one was already seen (its updated_at is older
// than the newest seen). Each subscriber (one per SSE connection) has its own queue, coalesced by
// campaign, and waits on its own condition variable; stop() wakes them all.
#include <helpdesk/Database.h>

#include <Poco/Logger.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace campaigns::live {

// SQL text for "now" as updated_at must be written (see the header comment).
inline const char* updatedAtNow(helpdesk::Dialect d) {
    return d == helpdesk::Dialect::MySQL ? "UTC_TIMESTAMP(3)" : "strftime('%Y-%m-%d %H:%M:%f','now')";
}

struct CampaignChange {
    long long id = 0;
    std::string version; // updated_at as "YYYY-MM-DD HH:MM:SS.SSS" (UTC)
    std::string eventId; // updated_at as ISO 8601, "2026-03-01T10:00:00.123Z": the SSE id
    // The event's data in each language (LiveFeedOptions::languages; they differ only in
    // state_label), built once for every subscriber.
    std::vector<std::pair<std::string, std::shared_ptr<const std::string>>> json;
    // The data in `locale`'s language, or in the first language when it has none.
    const std::string& jsonFor(const std::string& locale) const;
};

struct LiveFeedOptions {
    std::chrono::milliseconds pollInterval{500};
    std::chrono::milliseconds lookback{2000};
    std::size_t maxSubscribers = 8;
    std::size_t maxBacklog = 1000; // changes resent to a reconnecting client, newest kept
    // The languages events are written in, the first being the fallback, and a locale string by
    // key in one of them (the plugin passes web::PageTemplates::text). state_label is the state's
    // campaign::stateLabel in that language; without `text` (or for an unknown state) its code.
    std::vector<std::string> languages{"es"};
    std::function<std::string(const std::string& language, const std::string& key)> text;
};

class LiveFeed;

// One client's view of the feed. Released (and its slot freed) when destroyed.
class Subscription {
public:
    enum class Wake { Changes, Timeout, Stopped };
    ~Subscription();
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

    // Waits until changes arrive, `timeout` passes or the feed stops; moves pending changes to
    // `out` (replacing its content), oldest first.
    Wake wait(std::chrono::milliseconds timeout, std::vector<CampaignChange>& out);

    struct Queue;

private:
    friend class LiveFeed;
    Subscription(LiveFeed& feed, std::shared_ptr<Queue> queue);
    LiveFeed& feed_;
    std::shared_ptr<Queue> queue_;
};

class LiveFeed {
public:
    LiveFeed(helpdesk::Database& db, Poco::Logger& log, LiveFeedOptions options = {});
    ~LiveFeed();

    // Starts the poller thread; changes from now on are published.
    void start();
    // Wakes every waiting subscriber, stops the poller and waits up to `budget` for subscribers to
    // be released (their handlers still run plugin code). Returns false if some were not released.
    bool stop(std::chrono::milliseconds budget);

    // A new subscription, or null when maxSubscribers are connected or the feed is stopped.
    std::unique_ptr<Subscription> subscribe();
    std::size_t subscribers() const;

    // One poll now (the poller calls it every pollInterval); returns how many changes it published.
    // Throws Poco::Exception on database errors.
    std::size_t pollOnce();

    // Campaigns changed after `since` ("YYYY-MM-DD HH:MM:SS.SSS" UTC), oldest first, at most
    // maxBacklog (the newest ones): what a reconnecting client missed.
    std::vector<CampaignChange> changesSince(const std::string& since);

    const LiveFeedOptions& options() const { return options_; }

private:
    friend class Subscription;
    void release(const std::shared_ptr<Subscription::Queue>& queue);
    void run();
    std::vector<CampaignChange> query(const std::string& from, bool strictlyAfter, std::size_t limit);
    void publish(const std::vector<CampaignChange>& changes);

    helpdesk::Database& db_;
    Poco::Logger& log_;
    LiveFeedOptions options_;

    mutable std::mutex mutex_;
    std::condition_variable changed_; // stop requested, or a subscriber released
    std::set<std::shared_ptr<Subscription::Queue>> queues_;
    bool stopping_ = false;
    std::thread poller_;

    // Poller state (poller thread or pollOnce callers, serialised by pollMutex_).
    std::mutex pollMutex_;
    std::string newestSeen_;
    std::map<long long, std::string> published_; // campaign id -> version last published
};

// "YYYY-MM-DD HH:MM:SS.SSS" from an ISO 8601 time ("2026-03-01T10:00:00.123Z", fraction and zone
// optional; zones other than Z are converted to UTC). Throws Poco::SyntaxException.
std::string versionFromIso(const std::string& iso);

} // namespace campaigns::live
