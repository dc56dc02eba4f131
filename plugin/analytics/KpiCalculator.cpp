#include "analytics/KpiCalculator.h"

namespace campaigns::analytics {

namespace {
Kpi ratio(std::string key, long long count, long long over) {
    Kpi k{std::move(key), count, over, std::nullopt};
    if (over > 0) k.rate = static_cast<double>(count) / static_cast<double>(over);
    return k;
}
} // namespace

long long sentMessages(const EventCounters& c) { return c.accepted + c.failedSend; }
long long readMessages(const EventCounters& c) { return c.read + c.repliedUnread; }

std::vector<Kpi> computeKpis(const EventCounters& c) {
    const long long sent = sentMessages(c);
    return {
        Kpi{"sent", sent, 0, std::nullopt},
        ratio("delivered", c.delivered, sent),
        ratio("bounce", c.failedAfterAccept + c.failedSend, sent),
        ratio("read", readMessages(c), c.delivered),
        ratio("replied", c.replied, c.delivered),
        ratio("addressed", c.addressed, c.delivered),
    };
}

std::vector<FunnelStep> funnel(const EventCounters& c) {
    return {{"sent", sentMessages(c)},
            {"delivered", c.delivered},
            {"read", readMessages(c)},
            {"replied", c.replied},
            {"addressed", c.addressed}};
}

} // namespace campaigns::analytics
