#pragma once
// The planning capability as the plugin builds it: the price book (file from the configuration key
// prices.file, by default prices/whatsapp-prices.txt in the plugin's resources), test messages,
// the number's facts from the Cloud API, and the routes. Nothing runs in the background: the price
// file is re-read when a plan finds it changed.
#include "accounts/AccountStore.h"
#include "cloudapi/CloudApiClient.h"
#include "planning/PlanningApi.h"
#include "planning/PriceBook.h"
#include "planning/TestMessages.h"

#include <helpdesk/HostContext.h>

#include <memory>

namespace campaigns::planning {

class PlanningModule {
public:
    // `payload` builds a campaign's message for one row (sending's payload builder).
    PlanningModule(helpdesk::HostContext& host, accounts::AccountStore& accounts, const cloudapi::CloudApiClient& client,
                   RowPayload payload);

    void registerRoutes(helpdesk::Router& router) { api_->registerRoutes(router); }

private:
    std::unique_ptr<PriceBook> prices_;
    std::unique_ptr<TestMessages> tests_;
    std::unique_ptr<PlanningApi> api_;
};

// GET /{phone-number-id} of the account, through the client; throws with a Spanish reason.
PhoneInfoSource phoneInfoFrom(accounts::AccountStore& accounts, const cloudapi::CloudApiClient& client);

} // namespace campaigns::planning
