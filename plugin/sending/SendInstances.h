#pragma once
// The host instances whose send engine runs, and how many accounts each sends for, so a busy
// instance can let an idle one take a new account first: each engine renews its row of
// campaigns_send_instances every few seconds and removes it on stop; the accounts an instance
// sends for are its unexpired rows of campaigns_account_leases. An idle instance holds no lease:
// its row here is how the others know it is there. A crashed instance's row expires by itself.
#include <helpdesk/Database.h>

#include <Poco/Timespan.h>

#include <optional>
#include <string>

namespace campaigns::sending {

class SendInstances {
public:
    // `ttl`: how long the row says the instance is there without being renewed.
    SendInstances(helpdesk::Database& db, std::string owner, const Poco::Timespan& ttl);

    // Says this instance is there for another `ttl`.
    void announce();
    // Removes this instance's row (on stop), so the others stop counting on it at once.
    void leave();
    // The fewest accounts another live instance sends for; nullopt when no other one is there.
    std::optional<long long> leastLoadedOther();

private:
    helpdesk::Database& db_;
    std::string owner_;
    Poco::Timespan ttl_;
};

} // namespace campaigns::sending
