#include "planning/PlanningModule.h"

#include <Poco/Logger.h>
#include <Poco/Path.h>

#include <stdexcept>

namespace campaigns::planning {

PhoneInfoSource phoneInfoFrom(accounts::AccountStore& accounts, const cloudapi::CloudApiClient& client) {
    return [&accounts, &client](long long accountId) {
        const auto a = accounts.get(accountId);
        if (!a) throw std::runtime_error("la cuenta de origen no existe.");
        if (a->needsCredentials()) throw std::runtime_error("la cuenta de origen requiere credenciales.");
        return client.phoneNumberInfo({a->graphBaseUrl, a->graphVersion, a->phoneNumberId, a->wabaId, a->accessToken});
    };
}

PlanningModule::PlanningModule(helpdesk::HostContext& host, accounts::AccountStore& accounts,
                               const cloudapi::CloudApiClient& client, RowPayload payload) {
    const std::string defaultFile = Poco::Path(host.resourceDir()).append("prices").append("whatsapp-prices.txt").toString();
    prices_ = std::make_unique<PriceBook>(host.config().getString("prices.file", defaultFile), host.logger());
    tests_ = std::make_unique<TestMessages>(host.database(), client, accounts, std::move(payload), host.logger());
    api_ = std::make_unique<PlanningApi>(host.database(), *prices_, phoneInfoFrom(accounts, client), *tests_, host.timeZone());
}

} // namespace campaigns::planning
