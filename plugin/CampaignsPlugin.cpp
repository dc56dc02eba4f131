#include "CampaignsPlugin.h"

#include "analytics/LocalDays.h"
#include "quality/QualityModule.h"
#include "retention/RetentionModule.h"
#include "scheduling/SchedulingModule.h"
#include "sending/SendingModule.h"
#include "tracking/TrackingModule.h"

#include "accounts/AccountStore.h"
#include "accounts/AccountsApi.h"
#include "accounts/AccountsPage.h"
#include "accounts/SecretBox.h"
#include "accounts/SecretKeys.h"
#include "analytics/AnalyticsApi.h"
#include "campaign/CampaignsPage.h"
#include "campaign/CreationModule.h"
#include "cloudapi/CloudApiClient.h"
#include "cloudapi/ConnectionPool.h"
#include "exports/ResultsRoute.h"
#include "live/EventsRoute.h"
#include "live/LiveFeed.h"
#include "planning/PlanningModule.h"
#include "sending/CampaignPayloads.h"
#include "storage/MigrationRunner.h"
#include "suppressions/SuppressionStore.h"
#include "suppressions/SuppressionsApi.h"
#include "suppressions/SuppressionsPage.h"
#include "templates/TemplateStatusUpdates.h"
#include "templates/TemplateStore.h"
#include "templates/TemplateSync.h"
#include "templates/TemplatesApi.h"
#include "web/PageTemplates.h"
#include "web/ServiceApi.h"
#include "webhooks/WebhookEventStore.h"
#include "webhooks/WebhookReceiver.h"

#include <Poco/Exception.h>
#include <Poco/Path.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

namespace campaigns {

CampaignsPlugin::CampaignsPlugin() = default;
CampaignsPlugin::~CampaignsPlugin() = default;

namespace {

// Every menu entry of the module, in the order the host shows them.
const helpdesk::MenuEntry kMenu[] = {
    {"Administrador", "Mis Campañas", "My Campaigns", "/campaigns", helpdesk::Role::Administrator},
    {"Analítica", "Mis campañas", "My campaigns", "/campaigns/analytics", helpdesk::Role::Administrator},
    {"Administrador", "Cuentas de Origen", "Source accounts", "/campaigns/accounts", helpdesk::Role::Administrator},
    // Protect the sender's number (issue 12): the suppression list per WABA.
    {"Administrador", "Lista de exclusión", "Suppression list", "/campaigns/suppressions", helpdesk::Role::Administrator},
};

} // namespace

void CampaignsPlugin::start(helpdesk::HostContext& host) {
    host_ = &host;
    auto& cfg = host.config();
    const std::string resources = host.resourceDir();
    const std::string sqlRoot = cfg.getString("sql.dir", Poco::Path(resources).append("sql/plugin").toString());
    const std::string templatesRoot = cfg.getString("templates.dir", Poco::Path(resources).append("templates").toString());

    storage::MigrationRunner migrations(host.database(), sqlRoot, host.logger());
    appliedMigrations_ = migrations.run();
    templates_ = std::make_unique<web::PageTemplates>(templatesRoot, std::map<std::string, std::string>{{"tz", host.timeZone()}});
    createServices(host);
    createCapabilities(host);
    for (const auto& entry : kMenu) host.menu().add(entry);
    registerRoutes(host.router());
    startTasks(host);
    host.logger().information("campaigns: started (database %s, %z new migrations)",
                              std::string(helpdesk::dialectName(host.database().dialect())), appliedMigrations_.size());
}

void CampaignsPlugin::createServices(helpdesk::HostContext& host) {
    auto& cfg = host.config();
    // Secrets at rest: the current key (inline or from secrets.key_file), plus retired keys kept to
    // open older values.
    auto secretKeys = accounts::secretKeysFromConfig(cfg);
    secretBox_ = std::make_unique<accounts::SecretBox>(secretKeys.currentId, std::move(secretKeys.keys));
    accounts_ = std::make_unique<accounts::AccountStore>(host.database(), *secretBox_);

    cloudapi::ConnectionPoolOptions pool;
    pool.maxPerEndpoint = static_cast<std::size_t>(cfg.getInt("cloud_api.max_connections", 64));
    pool.receiveTimeout = Poco::Timespan(cfg.getInt("cloud_api.receive_timeout_s", 30), 0);
    connections_ = cloudapi::ConnectionPool::create(pool);
    cloudApi_ = std::make_unique<cloudapi::CloudApiClient>(connections_);

    webhookEvents_ = std::make_unique<webhooks::WebhookEventStore>(host.database());
    webhookSecrets_ = std::make_unique<webhooks::CachedSecrets>([this] { return loadWebhookSecrets(); }, std::chrono::seconds(5));
    webhookReceiver_ = std::make_unique<webhooks::WebhookReceiver>(*webhookEvents_, *webhookSecrets_, host.logger(), [] {});
}

// Runs under CachedSecrets' lock, every few seconds: an account that needs credentials is logged
// once, not at every reload.
webhooks::WebhookSecrets CampaignsPlugin::loadWebhookSecrets() {
    webhooks::WebhookSecrets s;
    std::vector<accounts::Account> needingCredentials;
    for (const auto& a : accounts_->enabledAccounts(&needingCredentials)) {
        s.signers.push_back({a.appSecret, a.phoneNumberId, a.wabaId});
        s.verifyTokens.push_back(a.verifyToken);
    }
    std::set<long long> now;
    for (const auto& a : needingCredentials) {
        now.insert(a.id);
        if (!secretsProblemsReported_.count(a.id))
            host_->logger().warning("campaigns: webhooks skip account %s: requiere credenciales (%s)", std::to_string(a.id),
                                    a.secretsProblem);
    }
    secretsProblemsReported_ = std::move(now);
    return s;
}

void CampaignsPlugin::createCapabilities(helpdesk::HostContext& host) {
    auto& cfg = host.config();
    // One document from every capability's fragment, built once: a broken fragment fails the start.
    serviceApi_ = std::make_unique<web::ServiceApi>(host.database(), Poco::Path(templates_->root()).append("api").toString());
    accountsApi_ = std::make_unique<accounts::AccountsApi>(
        *accounts_, *cloudApi_, host.logger(), [this] { webhookSecrets_->invalidate(); },
        cfg.getBool("accounts.allow_http_graph_base_url", false));
    templateStore_ = std::make_unique<templates::TemplateStore>(host.database());
    templateSync_ = std::make_unique<templates::TemplateSync>(*accounts_, *cloudApi_, *templateStore_, host.logger());
    templateStatus_ =
        std::make_unique<templates::TemplateStatusUpdates>(host.database(), *webhookEvents_, *templateStore_, host.logger());
    templatesApi_ = std::make_unique<templates::TemplatesApi>(*templateStore_, *templateSync_, host.directory());
    suppressionStore_ = std::make_unique<suppressions::SuppressionStore>(host.database());
    suppressionsApi_ = std::make_unique<suppressions::SuppressionsApi>(*suppressionStore_, host.logger());
    analyticsApi_ = std::make_unique<analytics::AnalyticsApi>(host, *templates_);
    resultsRoute_ = std::make_unique<exports::ResultsRoute>(
        host.database(), Poco::Path(host.dataDir()).append("exports").toString(),
        [t = templates_.get()](const std::string& key) { return t->text("es", key); }, host.logger());

    live::LiveFeedOptions options;
    options.pollInterval = std::chrono::milliseconds(cfg.getInt("live.poll_ms", 500));
    // Each live page holds a host HTTP thread (16 by default in the reference host): keep most free.
    options.maxSubscribers = static_cast<std::size_t>(cfg.getInt("live.max_clients", 8));
    options.languages = {"es", "en"};
    options.text = [t = templates_.get()](const std::string& language, const std::string& key) { return t->text(language, key); };
    liveFeed_ = std::make_unique<live::LiveFeed>(host.database(), host.logger(), options);
    eventsRoute_ =
        std::make_unique<live::EventsRoute>(*liveFeed_, host.logger(), std::chrono::seconds(cfg.getInt("live.ping_s", 15)));
    creation_ = std::make_unique<campaign::CreationModule>(host, *accounts_, *cloudApi_, *templates_);
    // Counters bucket events by the installation's local day.
    counters::DayKey dayKey = [tz = host.timeZone()](const Poco::Timestamp& t) { return analytics::dayKeyFor(t, tz); };
    sending_ = std::make_unique<sending::SendingModule>(host, *accounts_, *cloudApi_, dayKey);
    tracking_ = std::make_unique<tracking::TrackingModule>(host, dayKey, *templates_);
    // The quality breaker: quality webhooks, outcome rates, and templates that Meta pauses.
    quality_ = std::make_unique<quality::QualityModule>(host, *webhookEvents_);
    templateStatus_->setStatusListener(
        [this](auto& s, const auto& metaId, const auto& waba, const auto& name, const auto& language, const auto& status) {
            return quality_->events().templateStatusChanged(s, metaId, waba, name, language, status);
        });
    // "Programar envío" (issue 13): its routes and the scheduler task.
    scheduling_ = std::make_unique<scheduling::SchedulingModule>(host, [this] { sending_->wake(); });
    sending_->setHoldPolicy([this](long long id) { return scheduling_->holdFor(id); });
    planning_ = std::make_unique<planning::PlanningModule>(
        host, *accounts_, *cloudApi_,
        [&db = host.database()](long long campaign, const std::string& phone, const std::string& params) {
            return sending::payloadForRow(db, campaign, phone, params);
        });
    // Retention (issue 15): processed webhook events, sheets of ended campaigns, unused uploads.
    retention_ = std::make_unique<retention::RetentionModule>(host, *webhookEvents_, creation_->uploads());
}

void CampaignsPlugin::registerRoutes(helpdesk::Router& router) {
    router.addStatic("/campaigns/static", Poco::Path(templates_->root()).append("static").toString(),
                     helpdesk::Role::Administrator);
    // What agents' pages load from the plugin (the campaign panel on a ticket), apart from the
    // administrators' files.
    router.addStatic("/campaigns/agent-static", Poco::Path(templates_->root()).append("agent-static").toString(),
                     helpdesk::Role::Agent);
    campaign::registerCampaignsPage(router, *templates_, host_->pages());
    accounts::registerAccountsPage(router, *templates_, host_->pages(), host_->directory());
    suppressions::registerSuppressionsPage(router, *templates_, host_->pages());

    serviceApi_->registerRoutes(router);
    webhookReceiver_->registerRoutes(router);
    accountsApi_->registerRoutes(router);
    templatesApi_->registerRoutes(router);
    suppressionsApi_->registerRoutes(router);
    analyticsApi_->registerRoutes(router);
    resultsRoute_->registerRoutes(router);
    eventsRoute_->registerRoutes(router);
    creation_->registerRoutes(router);
    sending_->registerRoutes(router);
    tracking_->registerRoutes(router);
    scheduling_->registerRoutes(router);
    planning_->registerRoutes(router);
}

void CampaignsPlugin::startTasks(helpdesk::HostContext& host) {
    liveFeed_->start();
    const int syncMinutes = std::max(1, host.config().getInt("templates.sync_interval_minutes", 60));
    templateTasks_.push_back(host.scheduler().every("campaigns.templates.sync", std::chrono::minutes(syncMinutes),
                                                    [this] { templateSync_->syncAll(); }));
    // Template status webhooks are rare; a short poll keeps a paused template from being offered.
    const int statusMs = std::max(200, host.config().getInt("templates.status_poll_ms", 2000));
    templateTasks_.push_back(host.scheduler().every("campaigns.templates.status", std::chrono::milliseconds(statusMs),
                                                    [this] { templateStatus_->drain(); }));
    creation_->start();
    sending_->start();
    tracking_->start();
    quality_->start();
    scheduling_->start();
    retention_->start();
}

// Undoes startTasks(); routes and menu entries are withdrawn by the host. Live streams go first: they
// hold host HTTP threads and end at once, so a quarter of the budget is plenty.
void CampaignsPlugin::stop(std::chrono::milliseconds budget) {
    if (liveFeed_ && !liveFeed_->stop(budget / 4) && host_)
        host_->logger().warning("campaigns: some live update streams were still writing when the plugin stopped");
    if (retention_) retention_->stop();
    if (quality_) quality_->stop();
    if (scheduling_) scheduling_->stop(); // starts nothing more before sending stops
    if (tracking_) tracking_->stop();
    if (sending_) sending_->stop(budget / 2);
    if (creation_) creation_->stop();
    if (host_)
        for (auto id : templateTasks_) host_->scheduler().cancel(id);
    templateTasks_.clear();
    if (host_) host_->logger().information("campaigns: stopped");
}

} // namespace campaigns

HELPDESK_EXPORT_PLUGIN(campaigns::CampaignsPlugin)
