#pragma once
// One host instance at a time sends for an account: the row in campaigns_account_leases names the
// owner until lease_until. The owner renews it well before expiry; another instance takes over
// only after it expired, so the account's rate limit holds across instances without any
// coordination beyond the shared database. Which free account an instance tries to take, and when,
// is the SendEngine's choice (busy instances let idle ones go first); the lease only guarantees
// that one instance at a time holds it.
#include <helpdesk/Database.h>

#include <Poco/Timespan.h>

#include <string>

namespace campaigns::sending {

class AccountLease {
public:
    AccountLease(helpdesk::Database& db, std::string owner, const Poco::Timespan& ttl);

    // Takes or renews the lease; true when `owner` holds it afterwards.
    bool acquire(long long accountId);
    // Gives it up at once (on stop), so another instance need not wait for expiry.
    void release(long long accountId);
    // The owner of the account's unexpired lease, empty when nobody holds it: a read, for an
    // instance that watches an account it does not mean to take yet.
    std::string holder(long long accountId);
    const std::string& owner() const { return owner_; }

private:
    helpdesk::Database& db_;
    std::string owner_;
    Poco::Timespan ttl_;
};

} // namespace campaigns::sending
