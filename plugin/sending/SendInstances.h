#pragma once
// The host instances whose send engine runs, and how many accounts each sends for, so a busy
// instance can let an idle one take a new account first. Each engine holds the lease
// "send-instance:<owner>" (storage::Lease, renewed every few seconds, released on stop, expired by
// itself after a crash); the accounts an instance sends for are its unexpired "account:<id>"
// leases. An idle instance holds no account lease: its instance lease is how the others know it
// is there.
#include "storage/Lease.h"

#include <helpdesk/Database.h>

#include <Poco/Timespan.h>

#include <optional>
#include <string>

namespace campaigns::sending {

class SendInstances {
public:
    // `ttl`: how long the instance's lease says it is there without being renewed.
    SendInstances(helpdesk::Database& db, const std::string& owner, const Poco::Timespan& ttl);

    // Says this instance is there for another `ttl`.
    void announce();
    // Gives the instance's lease up (on stop), so the others stop counting on it at once.
    void leave();
    // The fewest accounts another live instance sends for; nullopt when no other one is there.
    std::optional<long long> leastLoadedOther();

private:
    helpdesk::Database& db_;
    storage::Lease lease_;
    std::string name_;
};

} // namespace campaigns::sending
