#include "counters/CounterBook.h"

#include "storage/SqlDialect.h"

using namespace Poco::Data::Keywords;

namespace campaigns::counters {

DayKey utcDayKey() {
    return [](const Poco::Timestamp& t) { return storage::utcDay(t); };
}

CounterDelta& CounterDelta::operator+=(const CounterDelta& o) {
    EventCounts<int>::operator+=(o);
    queued += o.queued;
    unknown += o.unknown;
    cancelled += o.cancelled;
    suppressed += o.suppressed;
    deferred += o.deferred;
    openTickets += o.openTickets;
    retried += o.retried;
    capped += o.capped;
    return *this;
}

bool CounterDelta::empty() const {
    return !(anyEvent() || queued || unknown || cancelled || suppressed || deferred || capped || retried || openTickets);
}

void CounterBook::add(long long campaignId, const std::string& day, const CounterDelta& d) {
    if (d.empty()) return;
    totals_[campaignId] += d;
    if (!day.empty()) {
        CounterDelta daily = d;
        daily.queued = daily.unknown = daily.cancelled = daily.suppressed = daily.deferred = daily.capped = daily.retried =
            daily.openTickets = 0;
        if (!daily.empty()) daily_[{campaignId, day}] += daily;
    }
}

void CounterBook::flush(Poco::Data::Session& s, helpdesk::Dialect dialect) {
    const std::string stamp = storage::utcNowText();
    for (auto& [id, d] : totals_) {
        Poco::Int64 campaign = id;
        std::string ts = stamp;
        s << "UPDATE campaigns_campaigns SET n_queued = n_queued + ?, n_accepted = n_accepted + ?,"
             " n_failed_send = n_failed_send + ?, n_unknown = n_unknown + ?, n_cancelled = n_cancelled + ?,"
             " n_suppressed = n_suppressed + ?, n_deferred = n_deferred + ?, n_capped = n_capped + ?,"
             " n_retried = n_retried + ?, n_sent = n_sent + ?, "
             "n_delivered = n_delivered + ?, "
             "n_read = n_read + ?, n_replied = n_replied + ?,"
             " n_replied_unread = n_replied_unread + ?, n_addressed = n_addressed + ?,"
             " n_failed_after_accept = n_failed_after_accept + ?, n_open_tickets = n_open_tickets + ?, updated_at = ?"
             " WHERE id = ?",
            use(d.queued), use(d.accepted), use(d.failedSend), use(d.unknown), use(d.cancelled), use(d.suppressed),
            use(d.deferred), use(d.capped), use(d.retried), use(d.sent), use(d.delivered), use(d.read), use(d.replied),
            use(d.repliedUnread), use(d.addressed), use(d.failedAfterAccept), use(d.openTickets), use(ts), use(campaign), now;
    }
    const std::string upsert =
        dialect == helpdesk::Dialect::MySQL
            ? "INSERT INTO campaigns_daily_counters (campaign_id, day, n_accepted, n_failed_send, n_sent, n_delivered,"
              " n_read, n_replied, n_replied_unread, n_addressed, n_failed_after_accept)"
              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
              " n_accepted = n_accepted + VALUES(n_accepted), n_failed_send = n_failed_send + VALUES(n_failed_send),"
              " n_sent = n_sent + VALUES(n_sent), n_delivered = n_delivered + VALUES(n_delivered),"
              " n_read = n_read + VALUES(n_read), n_replied = n_replied + VALUES(n_replied),"
              " n_replied_unread = n_replied_unread + VALUES(n_replied_unread),"
              " n_addressed = n_addressed + VALUES(n_addressed),"
              " n_failed_after_accept = n_failed_after_accept + VALUES(n_failed_after_accept)"
            : "INSERT INTO campaigns_daily_counters (campaign_id, day, n_accepted, n_failed_send, n_sent, n_delivered,"
              " n_read, n_replied, n_replied_unread, n_addressed, n_failed_after_accept)"
              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (campaign_id, day) DO UPDATE SET"
              " n_accepted = n_accepted + excluded.n_accepted, n_failed_send = n_failed_send + excluded.n_failed_send,"
              " n_sent = n_sent + excluded.n_sent, n_delivered = n_delivered + excluded.n_delivered,"
              " n_read = n_read + excluded.n_read, n_replied = n_replied + excluded.n_replied,"
              " n_replied_unread = n_replied_unread + excluded.n_replied_unread,"
              " n_addressed = n_addressed + excluded.n_addressed,"
              " n_failed_after_accept = n_failed_after_accept + excluded.n_failed_after_accept";
    for (auto& [key, d] : daily_) {
        Poco::Int64 campaign = key.first;
        std::string day = key.second;
        s << upsert, use(campaign), use(day), use(d.accepted), use(d.failedSend), use(d.sent), use(d.delivered), use(d.read),
            use(d.replied), use(d.repliedUnread), use(d.addressed), use(d.failedAfterAccept), now;
    }
    totals_.clear();
    daily_.clear();
}

} // namespace campaigns::counters
