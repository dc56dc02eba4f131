#pragma once
// HTTP actions on a campaign's sending: "Enviar campaña", pause, resume, cancel, "Reintentar
// fallidos" (its failures by class, then the retry of the chosen classes), and the daily
// messaging-limit check the modal shows before sending.
#include "counters/CounterBook.h"
#include "sending/CampaignResumer.h"

#include <helpdesk/Database.h>
#include <helpdesk/Http.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace campaigns::web {
class IdempotentRequests;
} // namespace campaigns::web

namespace campaigns::sending {

// The routes; `wake` nudges the send engine after a state change. `dayKey` is the one the counters
// are booked with ("Reintentar fallidos" takes failures back from their day). Campaigns with more
// entries than `approvalMinRecipients` need a second administrator's approval (0 = off).
class SendApi {
public:
    SendApi(helpdesk::Database& db, std::function<void()> wake, counters::DayKey dayKey = counters::utcDayKey(),
            long long approvalMinRecipients = 0);
    ~SendApi();

    void registerRoutes(helpdesk::Router& router);
    // Issue 13: when a campaign's send window is closed at the moment it is sent, the UTC time
    // sending may begin (stored as hold_until in the start itself), else nullopt.
    using HoldPolicy = CampaignResumer::HoldPolicy;
    void setHoldPolicy(HoldPolicy policy) { holdPolicy_ = std::move(policy); }

private:
    void retryFailedPreview(helpdesk::RequestContext& ctx);
    void retryFailed(helpdesk::RequestContext& ctx);
    void sendCheck(helpdesk::RequestContext& ctx);
    void send(helpdesk::RequestContext& ctx);
    void pause(helpdesk::RequestContext& ctx);
    void resume(helpdesk::RequestContext& ctx);
    void cancel(helpdesk::RequestContext& ctx);
    void wake() const;

    helpdesk::Database& db_;
    std::function<void()> wake_;
    counters::DayKey dayKey_;
    std::unique_ptr<web::IdempotentRequests> idempotency_; // answers live in campaigns_idempotency_keys
    long long approvalMinRecipients_ = 0;
    HoldPolicy holdPolicy_;
};

} // namespace campaigns::sending
