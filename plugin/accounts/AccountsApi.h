#pragma once
// /campaigns/api/v1/accounts: list, add, edit, disable and test source accounts (administrators).
#include "accounts/AccountStore.h"
#include "cloudapi/CloudApiClient.h"

#include <helpdesk/Http.h>

#include <Poco/Logger.h>

#include <functional>

namespace campaigns::accounts {

class AccountsApi {
public:
    // `onChanged` runs after an account was added or edited (the webhook receiver's secrets cache).
    // `allowHttpGraph` accepts http:// Graph API base URLs (development with the simulator).
    AccountsApi(AccountStore& store, cloudapi::CloudApiClient& client, Poco::Logger& log, std::function<void()> onChanged,
                bool allowHttpGraph = false);

    void registerRoutes(helpdesk::Router& router);

    void list(helpdesk::RequestContext& ctx);
    void create(helpdesk::RequestContext& ctx);
    void show(helpdesk::RequestContext& ctx);
    void update(helpdesk::RequestContext& ctx);
    void testConnection(helpdesk::RequestContext& ctx);

private:
    AccountView viewOrThrow(long long id);

    AccountStore& store_;
    cloudapi::CloudApiClient& client_;
    Poco::Logger& log_;
    std::function<void()> onChanged_;
    bool allowHttpGraph_;
};

} // namespace campaigns::accounts
