#pragma once
// Wires sending into the host: the send engine (one sender per account with work, paced, leased)
// and the send/pause/resume/cancel routes. What happens to a message after Meta accepted it is
// tracking's (tracking/TrackingModule.h).
#include "counters/CounterBook.h"

#include <helpdesk/HostContext.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace campaigns::accounts {
class AccountStore;
} // namespace campaigns::accounts
namespace campaigns::cloudapi {
class CloudApiClient;
} // namespace campaigns::cloudapi

namespace campaigns::sending {

class SendApi;
class SendEngine;

class SendingModule {
public:
    // `dayKey` names the installation's local day of an event (the counters' daily buckets).
    SendingModule(helpdesk::HostContext& host, accounts::AccountStore& accounts, cloudapi::CloudApiClient& client,
                  const counters::DayKey& dayKey);
    ~SendingModule();
    void registerRoutes(helpdesk::Router& router);
    void start();
    // Drains the senders within `budget`; what is not sent stays queued for the next start.
    void stop(std::chrono::milliseconds budget);
    void wake();
    // Issue 13: "Enviar Campaña" outside the campaign's send window starts held (SendApi::HoldPolicy).
    void setHoldPolicy(std::function<std::optional<std::string>(long long)> policy);

private:
    std::unique_ptr<SendEngine> engine_;
    std::unique_ptr<SendApi> sendApi_;
};

} // namespace campaigns::sending
