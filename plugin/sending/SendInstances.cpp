#include "sending/SendInstances.h"

#include "storage/SqlDialect.h"

#include <vector>

using namespace Poco::Data::Keywords;

namespace campaigns::sending {

namespace {

const char* const kInstancePrefix = "send-instance:";
// Live instances but this one, each with its unexpired account leases (live as AccountLease counts
// them), the least loaded first.
const char* const kSelectLeastLoadedOther =
    "SELECT COUNT(a.name) AS accounts FROM campaigns_leases i"
    " LEFT JOIN campaigns_leases a ON a.owner = i.owner AND a.name LIKE 'account:%' AND a.lease_until >= ?"
    " WHERE i.name LIKE 'send-instance:%' AND i.lease_until >= ? AND i.owner <> ? GROUP BY i.owner ORDER BY accounts LIMIT 1";

} // namespace

SendInstances::SendInstances(helpdesk::Database& db, const std::string& owner, const Poco::Timespan& ttl)
    : db_(db), lease_(db, owner, ttl), name_(kInstancePrefix + owner) {}

void SendInstances::announce() { lease_.acquire(name_); }

void SendInstances::leave() { lease_.release(name_); }

std::optional<long long> SendInstances::leastLoadedOther() {
    auto s = db_.session();
    std::string me = lease_.owner(), nowText = storage::utcNowText(), seenText = nowText;
    std::vector<Poco::Int64> accounts;
    s << kSelectLeastLoadedOther, use(nowText), use(seenText), use(me), into(accounts), now;
    if (accounts.empty()) return std::nullopt;
    return accounts.front();
}

} // namespace campaigns::sending
