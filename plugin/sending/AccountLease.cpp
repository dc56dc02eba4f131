#include "sending/AccountLease.h"

#include "storage/SqlDialect.h"

#include <Poco/Timestamp.h>

#include <vector>

using namespace Poco::Data::Keywords;

namespace campaigns::sending {

namespace {

// Both take the row when it expired or is ours, and leave another owner's live row alone.
// MySQL: the assignments run left to right, so once owner is set to us the second condition holds too.
const char* const kAcquireMySql =
    "INSERT INTO campaigns_account_leases (account_id, owner, lease_until) VALUES (?, ?, ?)"
    " ON DUPLICATE KEY UPDATE"
    " owner = IF(lease_until < ? OR owner = ?, VALUES(owner), owner),"
    " lease_until = IF(owner = ?, VALUES(lease_until), lease_until)";
const char* const kAcquireSqlite =
    "INSERT INTO campaigns_account_leases (account_id, owner, lease_until) VALUES (?, ?, ?)"
    " ON CONFLICT (account_id) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until"
    " WHERE campaigns_account_leases.lease_until < ? OR campaigns_account_leases.owner = ?";
const char* const kSelectOwner = "SELECT owner FROM campaigns_account_leases WHERE account_id = ?";
// Live as long as acquire would not take it over (lease_until < now).
const char* const kSelectLiveOwner = "SELECT owner FROM campaigns_account_leases WHERE account_id = ? AND lease_until >= ?";
const char* const kDeleteOwn = "DELETE FROM campaigns_account_leases WHERE account_id = ? AND owner = ?";

} // namespace

AccountLease::AccountLease(helpdesk::Database& db, std::string owner, const Poco::Timespan& ttl)
    : db_(db), owner_(std::move(owner)), ttl_(ttl) {}

bool AccountLease::acquire(long long accountId) {
    auto s = db_.session();
    Poco::Timestamp current;
    std::string nowText = storage::utcText(current), until = storage::utcText(current + ttl_), me = owner_;
    Poco::Int64 account = accountId;
    if (db_.dialect() == helpdesk::Dialect::MySQL)
        s << kAcquireMySql, use(account), use(me), use(until), use(nowText), use(me), use(me), now;
    else
        s << kAcquireSqlite, use(account), use(me), use(until), use(nowText), use(me), now;
    std::string holder;
    s << kSelectOwner, use(account), into(holder), now;
    return holder == owner_;
}

void AccountLease::release(long long accountId) {
    auto s = db_.session();
    Poco::Int64 account = accountId;
    std::string me = owner_;
    s << kDeleteOwn, use(account), use(me), now;
}

std::string AccountLease::holder(long long accountId) {
    auto s = db_.session();
    Poco::Int64 account = accountId;
    std::string nowText = storage::utcNowText();
    std::vector<std::string> owners;
    s << kSelectLiveOwner, use(account), use(nowText), into(owners), now;
    return owners.empty() ? std::string() : owners.front();
}

} // namespace campaigns::sending
