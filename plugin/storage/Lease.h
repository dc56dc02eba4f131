#pragma once
// Work that one host instance at a time does: a row in campaigns_leases names the work ("account:7"
// for the sender of account 7, "webhook-backlog" for applying stored webhook events,
// "send-instance:<owner>" for an instance whose send engine runs), its owner and until when. The owner renews it well before expiry; another instance takes over only after it
// expired (or was released), so the work moves on when its instance stops or is killed, without any
// coordination beyond the shared database.
#include <helpdesk/Database.h>

#include <Poco/Timespan.h>

#include <cstddef>
#include <string>

namespace campaigns::storage {

class Lease {
public:
    // `owner`: this instance's name, unique per process; `ttl`: how long a take or renewal holds.
    Lease(helpdesk::Database& db, std::string owner, const Poco::Timespan& ttl);

    // Takes or renews the lease on `name`; true when `owner` holds it afterwards.
    bool acquire(const std::string& name);
    // Gives it up at once (on stop), so another instance need not wait for expiry.
    void release(const std::string& name);
    // The owner of `name`'s unexpired lease, empty when nobody holds it: a read, for an instance
    // that watches work it does not mean to take yet.
    std::string holder(const std::string& name);
    const std::string& owner() const { return owner_; }
    const Poco::Timespan& ttl() const { return ttl_; }

private:
    helpdesk::Database& db_;
    std::string owner_;
    Poco::Timespan ttl_;
};

// This process's name in leases: the machine's host name and the process id, unique per instance.
std::string thisInstance();
// "<host>:<pid>", at most kMaxInstanceName characters: it is stored as a lease's owner, an entry's
// lease_owner (VARCHAR(64)) and inside the lease name "send-instance:<owner>" (VARCHAR(64)). A
// longer host name (a Kubernetes pod's, say) keeps its start and a hash of all of it.
constexpr std::size_t kMaxInstanceName = 48;
std::string instanceName(const std::string& host, long pid);

} // namespace campaigns::storage
