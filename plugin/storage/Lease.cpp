#include "storage/Lease.h"

#include "storage/SqlDialect.h"

#include <Poco/Environment.h>
#include <Poco/Process.h>
#include <Poco/Timestamp.h>

#include <cstdio>
#include <functional>
#include <vector>

using namespace Poco::Data::Keywords;

namespace campaigns::storage {

namespace {
// MySQL/MariaDB: the assignments run left to right: once owner is set to us, the second condition
// holds too.
const char* const kTakeMySql =
    "INSERT INTO campaigns_leases (name, owner, lease_until) VALUES (?, ?, ?)"
    " ON DUPLICATE KEY UPDATE"
    " owner = IF(lease_until < ? OR owner = ?, VALUES(owner), owner),"
    " lease_until = IF(owner = ?, VALUES(lease_until), lease_until)";
const char* const kTakeSqlite =
    "INSERT INTO campaigns_leases (name, owner, lease_until) VALUES (?, ?, ?)"
    " ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until"
    " WHERE campaigns_leases.lease_until < ? OR campaigns_leases.owner = ?";
const char* const kHolder = "SELECT owner FROM campaigns_leases WHERE name = ?";
// Live as long as acquire would not take it over (lease_until < now).
const char* const kLiveHolder = "SELECT owner FROM campaigns_leases WHERE name = ? AND lease_until >= ?";
const char* const kRelease = "DELETE FROM campaigns_leases WHERE name = ? AND owner = ?";
} // namespace

Lease::Lease(helpdesk::Database& db, std::string owner, const Poco::Timespan& ttl)
    : db_(db), owner_(std::move(owner)), ttl_(ttl) {}

bool Lease::acquire(const std::string& name) {
    auto s = db_.session();
    Poco::Timestamp current;
    std::string key = name, nowText = utcText(current), until = utcText(current + ttl_), me = owner_;
    if (db_.dialect() == helpdesk::Dialect::MySQL)
        s << kTakeMySql, use(key), use(me), use(until), use(nowText), use(me), use(me), now;
    else
        s << kTakeSqlite, use(key), use(me), use(until), use(nowText), use(me), now;
    std::string holder;
    s << kHolder, use(key), into(holder), now;
    return holder == owner_;
}

void Lease::release(const std::string& name) {
    auto s = db_.session();
    std::string key = name, me = owner_;
    s << kRelease, use(key), use(me), now;
}

std::string Lease::holder(const std::string& name) {
    auto s = db_.session();
    std::string key = name, nowText = utcNowText();
    std::vector<std::string> owners;
    s << kLiveHolder, use(key), use(nowText), into(owners), now;
    return owners.empty() ? std::string() : owners.front();
}

std::string thisInstance() { return instanceName(Poco::Environment::nodeName(), Poco::Process::id()); }

std::string instanceName(const std::string& host, long pid) {
    const std::string tail = ":" + std::to_string(pid);
    if (host.size() + tail.size() <= kMaxInstanceName) return host + tail;
    // A container's pid is often 1 in every replica, so the host name must stay unique: its start,
    // then a hash of all of it (replicas' names differ at the end).
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(std::hash<std::string>{}(host)));
    const std::size_t keep = kMaxInstanceName - tail.size() - 17;
    return host.substr(0, keep) + "~" + hash + tail;
}

} // namespace campaigns::storage
