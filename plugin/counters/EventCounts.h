#pragma once
// The event counters of a campaign (what happened to its messages, CampaignState.h), summed in one
// place: the writers' CounterDelta (int changes within a transaction) and the analytics'
// EventCounters (long long totals over days and campaigns) are both EventCounts.
namespace campaigns::counters {

template <class N>
struct EventCounts {
    N accepted = 0;
    N failedSend = 0;
    N sent = 0;
    N delivered = 0;
    N read = 0;
    N replied = 0;
    N repliedUnread = 0;
    N addressed = 0;
    N failedAfterAccept = 0;

    EventCounts& operator+=(const EventCounts& o) {
        accepted += o.accepted;
        failedSend += o.failedSend;
        sent += o.sent;
        delivered += o.delivered;
        read += o.read;
        replied += o.replied;
        repliedUnread += o.repliedUnread;
        addressed += o.addressed;
        failedAfterAccept += o.failedAfterAccept;
        return *this;
    }
    bool anyEvent() const {
        return accepted || failedSend || sent || delivered || read || replied || repliedUnread || addressed || failedAfterAccept;
    }
    friend bool operator==(const EventCounts&, const EventCounts&) = default;
};

} // namespace campaigns::counters
