#pragma once
// The counters the analytics read, as CampaignState.h defines them (messages, not people).
// `EventCounters` exist per campaign and per local day; a sum over days or campaigns is again an
// EventCounters. `StateCounters` are current states (not events), kept only on the campaign row.
namespace campaigns::analytics {

struct EventCounters {
    long long accepted = 0;
    long long failedSend = 0;
    long long sent = 0;
    long long delivered = 0;
    long long read = 0;
    long long replied = 0;
    long long repliedUnread = 0;
    long long addressed = 0;
    long long failedAfterAccept = 0;

    EventCounters& operator+=(const EventCounters& o) {
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
    friend bool operator==(const EventCounters&, const EventCounters&) = default;
};

struct StateCounters {
    long long pending = 0;        // n_queued: not yet finished sending
    long long unknown = 0;        // n_unknown: outcome not known yet
    long long uniquePhones = 0;   // distinct numbers of the campaigns in view
    long long entriesTotal = 0;   // rows of the campaigns in view
    long long campaigns = 0;      // how many campaigns are in view
};

} // namespace campaigns::analytics
