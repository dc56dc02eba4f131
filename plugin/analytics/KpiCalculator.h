#pragma once
// The seed's KPIs as pure functions of the counters, so each formula is tested on constructed data.
// Every KPI counts messages (a number repeated in a campaign counts each time):
//   sent      = n_accepted + n_failed_send                     ("Mensajes enviados"; no rate)
//   delivered = n_delivered                  / sent            ("Entregados")
//   bounce    = (n_failed_after_accept + n_failed_send) / sent ("Rebote")
//   read      = (n_read + n_replied_unread)  / delivered       ("Leídos": a reply implies a read)
//   replied   = n_replied                    / delivered       ("Respondidos")
//   addressed = n_addressed                  / delivered       ("Abordados")
// A rate with a zero denominator is absent (shown "—"), never 0 % and never a division by zero.
#include "analytics/Counters.h"

#include <optional>
#include <string>
#include <vector>

namespace campaigns::analytics {

struct Kpi {
    std::string key;            // sent | delivered | bounce | read | replied | addressed
    long long count = 0;        // the numerator
    long long denominator = 0;  // what the rate is over (0 for sent)
    std::optional<double> rate; // count / denominator in [0, 1] for consistent counters
};

std::vector<Kpi> computeKpis(const EventCounters& c);

long long sentMessages(const EventCounters& c);
long long readMessages(const EventCounters& c); // read receipts + replies never marked read

// The funnel sent -> delivered -> read -> replied -> addressed, as {key, count}.
struct FunnelStep {
    std::string key;
    long long count = 0;
};
std::vector<FunnelStep> funnel(const EventCounters& c);

} // namespace campaigns::analytics
