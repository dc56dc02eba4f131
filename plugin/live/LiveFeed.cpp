#include "live/LiveFeed.h"

#include "campaign/CampaignState.h"
#include "storage/RowMapping.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/Nullable.h>

#include <algorithm>
#include <regex>
#include <sstream>
#include <utility>

using namespace Poco::Data::Keywords;

namespace campaigns::live {
namespace {
// A changed campaign as selectText() reads it: id, state, kCounters, kTimes, version.
struct ChangeRow {
    Poco::Int64 id = 0;
    std::string state;
    Poco::Int64 entriesTotal = 0, queued = 0, accepted = 0, failedSend = 0, unknown = 0, sent = 0, delivered = 0, read = 0,
                replied = 0, addressed = 0, failedAfterAccept = 0, rowsProcessed = 0, rowsTotal = 0;
    Poco::Nullable<std::string> firstSentAt, finishedAt, responseDeadline; // ISO 8601 UTC
    std::string version;                                                   // updated_at, "YYYY-MM-DD HH:MM:SS.mmm"
};
} // namespace
} // namespace campaigns::live

template <>
class Poco::Data::TypeHandler<campaigns::live::ChangeRow>
    : public campaigns::storage::RowHandler<
          campaigns::live::ChangeRow, &campaigns::live::ChangeRow::id, &campaigns::live::ChangeRow::state,
          &campaigns::live::ChangeRow::entriesTotal, &campaigns::live::ChangeRow::queued, &campaigns::live::ChangeRow::accepted,
          &campaigns::live::ChangeRow::failedSend, &campaigns::live::ChangeRow::unknown, &campaigns::live::ChangeRow::sent,
          &campaigns::live::ChangeRow::delivered, &campaigns::live::ChangeRow::read, &campaigns::live::ChangeRow::replied,
          &campaigns::live::ChangeRow::addressed, &campaigns::live::ChangeRow::failedAfterAccept,
          &campaigns::live::ChangeRow::rowsProcessed, &campaigns::live::ChangeRow::rowsTotal,
          &campaigns::live::ChangeRow::firstSentAt, &campaigns::live::ChangeRow::finishedAt,
          &campaigns::live::ChangeRow::responseDeadline, &campaigns::live::ChangeRow::version> {};

namespace campaigns::live {
namespace {

constexpr const char* kVersionFormat = "%Y-%m-%d %H:%M:%S.%i";
constexpr std::size_t kPollLimit = 5000; // far above the campaigns that change within a lookback

// The counters a change carries: the column, which is also its JSON key, and where ChangeRow
// holds it (its TypeHandler lists them in this order).
const std::pair<const char*, Poco::Int64 ChangeRow::*> kCounters[] = {{"entries_total", &ChangeRow::entriesTotal},
                                                                      {"n_queued", &ChangeRow::queued},
                                                                      {"n_accepted", &ChangeRow::accepted},
                                                                      {"n_failed_send", &ChangeRow::failedSend},
                                                                      {"n_unknown", &ChangeRow::unknown},
                                                                      {"n_sent", &ChangeRow::sent},
                                                                      {"n_delivered", &ChangeRow::delivered},
                                                                      {"n_read", &ChangeRow::read},
                                                                      {"n_replied", &ChangeRow::replied},
                                                                      {"n_addressed", &ChangeRow::addressed},
                                                                      {"n_failed_after_accept", &ChangeRow::failedAfterAccept},
                                                                      {"rows_processed", &ChangeRow::rowsProcessed},
                                                                      {"rows_total", &ChangeRow::rowsTotal}};
const std::pair<const char*, Poco::Nullable<std::string> ChangeRow::*> kTimes[] = {
    {"first_sent_at", &ChangeRow::firstSentAt},
    {"finished_at", &ChangeRow::finishedAt},
    {"response_deadline", &ChangeRow::responseDeadline}};

// Times are formatted by the database itself, so neither driver's date type is involved.
std::string selectText(helpdesk::Dialect d, bool strictlyAfter) {
    const bool mysql = d == helpdesk::Dialect::MySQL;
    std::string sql = "SELECT id, state";
    for (const auto& [c, member] : kCounters) sql += std::string(", ") + c;
    for (const auto& [t, member] : kTimes)
        sql += mysql ? std::string(", DATE_FORMAT(") + t + ", '%Y-%m-%dT%H:%i:%sZ')"
                     : std::string(", strftime('%Y-%m-%dT%H:%M:%SZ', ") + t + ")";
    sql += mysql ? ", LEFT(DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s.%f'), 23)" : ", strftime('%Y-%m-%d %H:%M:%f', updated_at)";
    sql += strictlyAfter ? " FROM campaigns_campaigns WHERE updated_at > ?" : " FROM campaigns_campaigns WHERE updated_at >= ?";
    // Newest first so a capped backlog keeps the latest; reversed to oldest first after reading.
    sql += " ORDER BY updated_at DESC, id DESC LIMIT ?";
    return sql;
}

std::string nowText(helpdesk::Dialect d) {
    return d == helpdesk::Dialect::MySQL ? "SELECT LEFT(DATE_FORMAT(UTC_TIMESTAMP(3), '%Y-%m-%d %H:%i:%s.%f'), 23)"
                                         : "SELECT strftime('%Y-%m-%d %H:%M:%f','now')";
}

std::string minus(const std::string& version, std::chrono::milliseconds span) {
    int tzd = 0;
    Poco::DateTime t = Poco::DateTimeParser::parse(kVersionFormat, version, tzd);
    t -= Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(span.count()) * 1000);
    return Poco::DateTimeFormatter::format(t, kVersionFormat);
}

std::string isoFromVersion(std::string version) {
    if (version.size() > 10 && version[10] == ' ') version[10] = 'T';
    return version + "Z";
}

// One event's data: the row's counters and times, and its state's label in `language`.
std::string eventJson(const ChangeRow& r, const std::string& eventId, const std::string& stateLabel) {
    Poco::JSON::Object json(Poco::JSON_PRESERVE_KEY_ORDER);
    json.set("id", static_cast<Poco::Int64>(r.id));
    json.set("state", r.state);
    json.set("state_label", stateLabel);
    for (const auto& [counter, member] : kCounters) json.set(counter, r.*member);
    for (const auto& [time, member] : kTimes) {
        const auto& v = r.*member;
        json.set(time, v.isNull() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(v.value()));
    }
    json.set("updated_at", eventId);
    std::ostringstream out;
    json.stringify(out);
    return out.str();
}

CampaignChange changeFrom(const ChangeRow& r, const LiveFeedOptions& options) {
    CampaignChange c;
    c.id = r.id;
    c.version = r.version;
    c.eventId = isoFromVersion(c.version);
    const auto parsed = campaign::campaignStateFromCode(r.state);
    for (const auto& language : options.languages) {
        const campaign::Words words = [&](const std::string& key) { return options.text(language, key); };
        const std::string label = options.text && parsed ? campaign::stateLabel(*parsed, words) : r.state;
        c.json.emplace_back(language, std::make_shared<const std::string>(eventJson(r, c.eventId, label)));
    }
    return c;
}

} // namespace

struct Subscription::Queue {
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<CampaignChange> pending;
    bool stopped = false;
};

Subscription::Subscription(LiveFeed& feed, std::shared_ptr<Queue> queue) : feed_(feed), queue_(std::move(queue)) {}

Subscription::~Subscription() { feed_.release(queue_); }

Subscription::Wake Subscription::wait(std::chrono::milliseconds timeout, std::vector<CampaignChange>& out) {
    out.clear();
    std::unique_lock lock(queue_->mutex);
    queue_->cv.wait_for(lock, timeout, [&] { return queue_->stopped || !queue_->pending.empty(); });
    if (queue_->stopped) return Wake::Stopped;
    if (queue_->pending.empty()) return Wake::Timeout;
    out.swap(queue_->pending);
    return Wake::Changes;
}

const std::string& CampaignChange::jsonFor(const std::string& locale) const {
    static const std::string kNone = "{}";
    const std::string language = locale.substr(0, 2);
    for (const auto& [lang, data] : json)
        if (lang == language) return *data;
    return json.empty() ? kNone : *json.front().second;
}

LiveFeed::LiveFeed(helpdesk::Database& db, Poco::Logger& log, LiveFeedOptions options)
    : db_(db), log_(log), options_(std::move(options)) {}

LiveFeed::~LiveFeed() { stop(std::chrono::milliseconds(0)); }

void LiveFeed::start() {
    std::lock_guard lock(mutex_);
    if (poller_.joinable() || stopping_) return;
    poller_ = std::thread([this] { run(); });
}

bool LiveFeed::stop(std::chrono::milliseconds budget) {
    const auto deadline = std::chrono::steady_clock::now() + budget;
    std::set<std::shared_ptr<Subscription::Queue>> queues;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        queues = queues_;
    }
    changed_.notify_all();
    for (const auto& q : queues) {
        std::lock_guard lock(q->mutex);
        q->stopped = true;
        q->cv.notify_all();
    }
    if (poller_.joinable() && poller_.get_id() != std::this_thread::get_id()) poller_.join();
    std::unique_lock lock(mutex_);
    return changed_.wait_until(lock, deadline, [&] { return queues_.empty(); });
}

std::unique_ptr<Subscription> LiveFeed::subscribe() {
    std::lock_guard lock(mutex_);
    if (stopping_ || queues_.size() >= options_.maxSubscribers) return nullptr;
    auto queue = std::make_shared<Subscription::Queue>();
    queues_.insert(queue);
    return std::unique_ptr<Subscription>(new Subscription(*this, queue));
}

std::size_t LiveFeed::subscribers() const {
    std::lock_guard lock(mutex_);
    return queues_.size();
}

void LiveFeed::release(const std::shared_ptr<Subscription::Queue>& queue) {
    {
        std::lock_guard lock(mutex_);
        queues_.erase(queue);
    }
    changed_.notify_all();
}

void LiveFeed::run() {
    bool failing = false;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            if (changed_.wait_for(lock, options_.pollInterval, [&] { return stopping_; })) return;
        }
        try {
            pollOnce();
            if (failing) log_.information("campaigns: live updates polling works again");
            failing = false;
        } catch (const Poco::Exception& e) {
            // Logged once per outage, not every 500 ms; the next tick retries.
            if (!failing) log_.error("campaigns: live updates polling failed: " + e.displayText());
            failing = true;
        }
    }
}

std::vector<CampaignChange> LiveFeed::query(const std::string& from, bool strictlyAfter, std::size_t limit) {
    auto session = db_.session();
    std::string bound = from;
    Poco::Int64 max = static_cast<Poco::Int64>(limit);
    std::vector<ChangeRow> rows;
    session << selectText(db_.dialect(), strictlyAfter), use(bound), use(max), into(rows), now;
    std::vector<CampaignChange> changes;
    changes.reserve(rows.size());
    for (const auto& r : rows) changes.push_back(changeFrom(r, options_));
    std::reverse(changes.begin(), changes.end());
    return changes;
}

std::size_t LiveFeed::pollOnce() {
    std::lock_guard pollLock(pollMutex_);
    if (newestSeen_.empty()) {
        auto session = db_.session();
        session << nowText(db_.dialect()), into(newestSeen_), now;
    }
    const std::string from = minus(newestSeen_, options_.lookback);
    std::vector<CampaignChange> fresh;
    for (auto& c : query(from, false, kPollLimit)) {
        newestSeen_ = std::max(newestSeen_, c.version);
        auto& last = published_[c.id];
        if (last == c.version) continue;
        last = c.version;
        fresh.push_back(std::move(c));
    }
    // Rows older than the window cannot come back with the version they had.
    const std::string horizon = minus(newestSeen_, options_.lookback);
    std::erase_if(published_, [&](const auto& p) { return p.second < horizon; });
    publish(fresh);
    return fresh.size();
}

void LiveFeed::publish(const std::vector<CampaignChange>& changes) {
    if (changes.empty()) return;
    std::set<std::shared_ptr<Subscription::Queue>> queues;
    {
        std::lock_guard lock(mutex_);
        queues = queues_;
    }
    for (const auto& q : queues) {
        std::lock_guard lock(q->mutex);
        for (const auto& c : changes) {
            // A slow client gets the latest state of each campaign, not every step in between.
            auto same = std::find_if(q->pending.begin(), q->pending.end(), [&](const auto& p) { return p.id == c.id; });
            if (same != q->pending.end()) q->pending.erase(same);
            q->pending.push_back(c);
        }
        q->cv.notify_one();
    }
}

std::vector<CampaignChange> LiveFeed::changesSince(const std::string& since) { return query(since, true, options_.maxBacklog); }

std::string versionFromIso(const std::string& iso) {
    // Poco's parser skips what it does not understand ("ayer" parses), so check the shape first.
    static const std::regex shape(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2}))");
    if (!std::regex_match(iso, shape)) throw Poco::SyntaxException("not an ISO 8601 time", iso);
    Poco::DateTime t;
    int tzd = 0;
    if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, iso, t, tzd) &&
        !Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FORMAT, iso, t, tzd))
        throw Poco::SyntaxException("not an ISO 8601 time", iso);
    t.makeUTC(tzd);
    return Poco::DateTimeFormatter::format(t, kVersionFormat);
}

} // namespace campaigns::live
