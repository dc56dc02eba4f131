#pragma once
// One host instance at a time sends for an account: the lease "account:<id>" (storage::Lease)
// names the owner until it expires. The owner renews it well before expiry; another instance takes
// over only after it expired, so the account's rate limit holds across instances without any
// coordination beyond the shared database. Which free account an instance tries to take, and when,
// is the SendEngine's choice (busy instances let idle ones go first, SendInstances); the lease only
// guarantees that one instance at a time holds it.
#include "storage/Lease.h"

#include <helpdesk/Database.h>

#include <Poco/Timespan.h>

#include <string>

namespace campaigns::sending {

class AccountLease {
public:
    AccountLease(helpdesk::Database& db, std::string owner, const Poco::Timespan& ttl) : lease_(db, std::move(owner), ttl) {}

    // Takes or renews the lease; true when `owner` holds it afterwards.
    bool acquire(long long accountId) { return lease_.acquire(name(accountId)); }
    // Gives it up at once (on stop), so another instance need not wait for expiry.
    void release(long long accountId) { lease_.release(name(accountId)); }
    // The owner of the account's unexpired lease, empty when nobody holds it: a read, for an
    // instance that watches an account it does not mean to take yet.
    std::string holder(long long accountId) { return lease_.holder(name(accountId)); }
    const std::string& owner() const { return lease_.owner(); }
    // The lease's name in campaigns_leases.
    static std::string name(long long accountId) { return "account:" + std::to_string(accountId); }

private:
    storage::Lease lease_;
};

} // namespace campaigns::sending
