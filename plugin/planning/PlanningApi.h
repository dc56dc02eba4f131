#pragma once
// The HTTP side of the pre-send plan: GET .../send-plan (the dialog "Enviar Campaña" opens before
// sending) and "Enviar prueba" (POST .../test-messages, then GET .../test-messages/{tid} polled for
// its WhatsApp state), and POST .../prices/reload for an administrator who edited the price file.
// The send itself stays sending::SendApi's POST .../send.
#include "planning/PriceBook.h"
#include "planning/SendPlan.h"
#include "planning/TestMessages.h"

#include <helpdesk/Database.h>
#include <helpdesk/Http.h>

#include <string>

namespace campaigns::planning {

class PlanningApi {
public:
    // `timeZone`: the installation's (host.timeZone()), in which the dialog shows the waves' dates.
    PlanningApi(helpdesk::Database& db, PriceBook& prices, PhoneInfoSource phoneInfo, TestMessages& tests, std::string timeZone);

    void registerRoutes(helpdesk::Router& router);

private:
    void sendPlan(helpdesk::RequestContext& ctx);
    void sendTest(helpdesk::RequestContext& ctx);
    void showTest(helpdesk::RequestContext& ctx);
    void reloadPrices(helpdesk::RequestContext& ctx);

    helpdesk::Database& db_;
    PriceBook& prices_;
    PhoneInfoSource phoneInfo_;
    TestMessages& tests_;
    std::string timeZone_;
};

} // namespace campaigns::planning
