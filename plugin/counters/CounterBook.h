#pragma once
// Collects counter changes while a transaction changes entries, then writes them in that same
// transaction: one UPDATE per campaign and one upsert per (campaign, day). The meaning of each
// counter is fixed in plugin/campaign/CampaignState.h.
#include "counters/EventCounts.h"

#include <helpdesk/Database.h>

#include <Poco/Data/Session.h>

#include <Poco/Timestamp.h>

#include <functional>
#include <map>
#include <string>
#include <utility>

namespace campaigns::counters {

// The per-day key an event is booked under: the installation's local date ("YYYY-MM-DD") in
// production (analytics::dayKeyFor), so a date range picked in the analytics counts exactly the
// events of those local days. Defaults to the UTC date.
using DayKey = std::function<std::string(const Poco::Timestamp&)>;
DayKey utcDayKey();

// A change to a campaign's counters: its events plus the current-state counters (n_queued, ...).
// openTickets: tickets open with a response deadline (n_open_tickets), what the campaigns list
// shows as "N tickets abiertos" without counting entries.
struct CounterDelta : EventCounts<int> {
    int queued = 0, unknown = 0, cancelled = 0, suppressed = 0, deferred = 0, capped = 0, openTickets = 0;
    int retried = 0; // entries a "Reintentar fallidos" attempt took back for the first time (n_retried)

    CounterDelta& operator+=(const CounterDelta& o);
    bool empty() const;
};

class CounterBook {
public:
    // `day` is the day key (see DayKey) the event happened on; empty for changes that belong to
    // no day (queued/unknown/cancelled/suppressed/deferred/capped/retried/openTickets move only the campaign totals).
    void add(long long campaignId, const std::string& day, const CounterDelta& delta);
    bool empty() const { return totals_.empty(); }
    // Writes everything collected and clears the book. Sets campaigns_campaigns.updated_at so the
    // live feed sees the change. Must run inside the caller's transaction.
    void flush(Poco::Data::Session& s, helpdesk::Dialect dialect);

    const std::map<long long, CounterDelta>& totals() const { return totals_; }

private:
    std::map<long long, CounterDelta> totals_;
    std::map<std::pair<long long, std::string>, CounterDelta> daily_;
};

} // namespace campaigns::counters
