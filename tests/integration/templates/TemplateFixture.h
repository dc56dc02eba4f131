#pragma once
// A migrated test database, an account pointing at an in-process simulator, and the services
// under test wired as the plugin wires them.
#include "Simulator.h"
#include "TestDatabase.h"
#include "accounts/AccountJson.h"
#include "accounts/AccountStore.h"
#include "cloudapi/CloudApiClient.h"
#include "templates/TemplateStatusUpdates.h"
#include "templates/TemplateStore.h"
#include "templates/TemplateSync.h"
#include "webhooks/WebhookEventStore.h"

#include <memory>

namespace templatetest {

cloudsim::SimConfig quietConfig();

inline campaigns::templates::TemplateFilter filter(std::optional<long long> account, std::optional<long long> department,
                                                   bool approvedOnly = false, std::optional<std::string> status = std::nullopt) {
    campaigns::templates::TemplateFilter f;
    f.accountId = account;
    f.departmentId = department;
    f.approvedOnly = approvedOnly;
    f.status = std::move(status);
    return f;
}

struct TemplateFixture {
    explicit TemplateFixture(cloudsim::SimConfig config = quietConfig());
    ~TemplateFixture();

    // An enabled account of the simulator's number and WABA, reached at `port`.
    long long addAccount(std::uint16_t port, const std::string& phoneNumberId = "100000000000001");
    const campaigns::templates::StoredTemplate& byName(const std::vector<campaigns::templates::StoredTemplate>& all,
                                                       const std::string& name);

    std::unique_ptr<testsupport::TestDatabase> db;
    std::unique_ptr<campaigns::accounts::SecretBox> box;
    std::unique_ptr<campaigns::accounts::AccountStore> accounts;
    std::shared_ptr<campaigns::cloudapi::ConnectionPool> pool;
    std::unique_ptr<campaigns::cloudapi::CloudApiClient> client;
    std::unique_ptr<campaigns::templates::TemplateStore> store;
    std::unique_ptr<campaigns::templates::TemplateSync> sync;
    std::unique_ptr<campaigns::webhooks::WebhookEventStore> events;
    std::unique_ptr<campaigns::templates::TemplateStatusUpdates> statusUpdates;
    std::unique_ptr<cloudsim::Simulator> sim;
};

} // namespace templatetest
