#include "sending/SendInstances.h"

#include "storage/SqlDialect.h"

#include <Poco/Timestamp.h>

#include <vector>

using namespace Poco::Data::Keywords;

namespace campaigns::sending {

namespace {

const char* const kAnnounceMySql =
    "INSERT INTO campaigns_send_instances (owner, seen_until) VALUES (?, ?)"
    " ON DUPLICATE KEY UPDATE seen_until = VALUES(seen_until)";
const char* const kAnnounceSqlite =
    "INSERT INTO campaigns_send_instances (owner, seen_until) VALUES (?, ?)"
    " ON CONFLICT (owner) DO UPDATE SET seen_until = excluded.seen_until";
const char* const kDeleteOwn = "DELETE FROM campaigns_send_instances WHERE owner = ?";
// Live instances but this one, each with its unexpired leases (as AccountLease counts them live),
// the least loaded first.
const char* const kSelectLeastLoadedOther =
    "SELECT COUNT(l.account_id) AS accounts FROM campaigns_send_instances i"
    " LEFT JOIN campaigns_account_leases l ON l.owner = i.owner AND l.lease_until >= ?"
    " WHERE i.seen_until >= ? AND i.owner <> ? GROUP BY i.owner ORDER BY accounts LIMIT 1";

} // namespace

SendInstances::SendInstances(helpdesk::Database& db, std::string owner, const Poco::Timespan& ttl)
    : db_(db), owner_(std::move(owner)), ttl_(ttl) {}

void SendInstances::announce() {
    auto s = db_.session();
    std::string me = owner_, until = storage::utcText(Poco::Timestamp() + ttl_);
    s << (db_.dialect() == helpdesk::Dialect::MySQL ? kAnnounceMySql : kAnnounceSqlite), use(me), use(until), now;
}

void SendInstances::leave() {
    auto s = db_.session();
    std::string me = owner_;
    s << kDeleteOwn, use(me), now;
}

std::optional<long long> SendInstances::leastLoadedOther() {
    auto s = db_.session();
    std::string me = owner_, nowText = storage::utcNowText(), seenText = nowText;
    std::vector<Poco::Int64> accounts;
    s << kSelectLeastLoadedOther, use(nowText), use(seenText), use(me), into(accounts), now;
    if (accounts.empty()) return std::nullopt;
    return accounts.front();
}

} // namespace campaigns::sending
