#include "sending/AccountLease.h"

#include "storage/SqlDialect.h"

#include <Poco/Timestamp.h>

using namespace Poco::Data::Keywords;

namespace campaigns::sending {

AccountLease::AccountLease(helpdesk::Database& db, std::string owner, Poco::Timespan ttl)
    : db_(db), owner_(std::move(owner)), ttl_(ttl) {}

bool AccountLease::acquire(long long accountId) {
    auto s = db_.session();
    Poco::Timestamp current;
    std::string nowText = storage::utcText(current), until = storage::utcText(current + ttl_), me = owner_;
    Poco::Int64 account = accountId;
    if (db_.dialect() == helpdesk::Dialect::MySQL) {
        // The assignments run left to right: once owner is set to us, the second condition holds too.
        s << "INSERT INTO campaigns_account_leases (account_id, owner, lease_until) VALUES (?, ?, ?)"
             " ON DUPLICATE KEY UPDATE"
             " owner = IF(lease_until < ? OR owner = ?, VALUES(owner), owner),"
             " lease_until = IF(owner = ?, VALUES(lease_until), lease_until)",
            use(account), use(me), use(until), use(nowText), use(me), use(me), now;
    } else {
        s << "INSERT INTO campaigns_account_leases (account_id, owner, lease_until) VALUES (?, ?, ?)"
             " ON CONFLICT (account_id) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until"
             " WHERE campaigns_account_leases.lease_until < ? OR campaigns_account_leases.owner = ?",
            use(account), use(me), use(until), use(nowText), use(me), now;
    }
    std::string holder;
    s << "SELECT owner FROM campaigns_account_leases WHERE account_id = ?", use(account), into(holder), now;
    return holder == owner_;
}

void AccountLease::release(long long accountId) {
    auto s = db_.session();
    Poco::Int64 account = accountId;
    std::string me = owner_;
    s << "DELETE FROM campaigns_account_leases WHERE account_id = ? AND owner = ?", use(account), use(me), now;
}

} // namespace campaigns::sending
