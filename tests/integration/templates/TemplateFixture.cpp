#include "TemplateFixture.h"

#include "storage/MigrationRunner.h"

#include <Poco/Logger.h>

#include <stdexcept>

namespace templatetest {

cloudsim::SimConfig quietConfig() {
    cloudsim::SimConfig c;
    c.statsLogIntervalS = 0;
    c.threads = 4;
    return c;
}

TemplateFixture::TemplateFixture(cloudsim::SimConfig config) {
    db = std::make_unique<testsupport::TestDatabase>();
    campaigns::storage::MigrationRunner(*db, CAMPAIGNS_SQL_DIR, Poco::Logger::get("test")).run();
    box = std::make_unique<campaigns::accounts::SecretBox>(
        "k1", std::map<std::string, std::string>{{"k1", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"}});
    accounts = std::make_unique<campaigns::accounts::AccountStore>(*db, *box);
    pool = campaigns::cloudapi::ConnectionPool::create({});
    client = std::make_unique<campaigns::cloudapi::CloudApiClient>(pool);
    store = std::make_unique<campaigns::templates::TemplateStore>(*db);
    // 25 per page: the simulator's 60 templates then take three pages, as a large WABA would.
    sync = std::make_unique<campaigns::templates::TemplateSync>(*accounts, *client, *store, Poco::Logger::get("test"), 25);
    events = std::make_unique<campaigns::webhooks::WebhookEventStore>(*db);
    statusUpdates =
        std::make_unique<campaigns::templates::TemplateStatusUpdates>(*db, *events, *store, Poco::Logger::get("test"));
    sim = std::make_unique<cloudsim::Simulator>(config);
    sim->start();
}

TemplateFixture::~TemplateFixture() {
    if (sim) sim->stop();
}

long long TemplateFixture::addAccount(std::uint16_t port, const std::string& phoneNumberId) {
    campaigns::accounts::Account a;
    a.displayName = "Simulador";
    a.phoneNumberId = phoneNumberId;
    a.wabaId = "200000000000001";
    a.accessToken = "sim-token";
    a.appSecret = "sim-app-secret";
    a.verifyToken = "verify-token-e2e";
    a.graphBaseUrl = "http://127.0.0.1:" + std::to_string(port);
    a.graphVersion = "v23.0";
    return accounts->create(a);
}

const campaigns::templates::StoredTemplate& TemplateFixture::byName(const std::vector<campaigns::templates::StoredTemplate>& all,
                                                                    const std::string& name) {
    for (const auto& t : all)
        if (t.name == name) return t;
    throw std::runtime_error("template not stored: " + name);
}

} // namespace templatetest
