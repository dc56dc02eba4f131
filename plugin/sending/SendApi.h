#pragma once
// HTTP actions on a campaign's sending: "Enviar campaña", pause, resume, cancel, and the daily
// messaging-limit check the modal shows before sending.
#include "counters/CounterBook.h"

#include <helpdesk/Database.h>
#include <helpdesk/Http.h>

#include <functional>

namespace campaigns::sending {

struct DailyLimitCheck {
    long long dailyLimit = 0;      // unique recipients per moving 24 h; 0 = unlimited
    long long usedLast24h = 0;     // unique recipients this account reached in the last 24 h
    long long campaignUnique = 0;  // unique phones of this campaign
    bool ok = true;
    std::string message;           // Spanish, shown in the modal
};

DailyLimitCheck checkDailyLimit(helpdesk::Database& db, long long campaignId);

// Registers the routes; `wake` nudges the send engine after a state change. `dayKey` is the one
// the counters are booked with ("Reintentar fallidos" takes failures back from their day).
void registerSendRoutes(helpdesk::Router& router, helpdesk::Database& db, std::function<void()> wake,
                        counters::DayKey dayKey = counters::utcDayKey());

} // namespace campaigns::sending
