#include "CampaignsPlugin.h"

#include "tracking/SendingModule.h"

#include "accounts/AccountStore.h"
#include "analytics/AnalyticsApi.h"
#include "accounts/AccountsApi.h"
#include "accounts/AccountsPage.h"
#include "templates/TemplateStatusUpdates.h"
#include "templates/TemplateStore.h"
#include "templates/TemplateSync.h"
#include "templates/TemplatesApi.h"
#include "suppressions/SuppressionStore.h"
#include "suppressions/SuppressionsApi.h"
#include "suppressions/SuppressionsPage.h"
#include "cloudapi/CloudApiClient.h"
#include "cloudapi/ConnectionPool.h"
#include "storage/MigrationRunner.h"
#include "accounts/SecretBox.h"
#include "accounts/SecretKeys.h"
#include "webhooks/WebhookEventStore.h"
#include "webhooks/WebhookReceiver.h"
#include "web/JsonHttp.h"
#include "live/EventsRoute.h"
#include "live/LiveFeed.h"
#include "exports/ResultsRoute.h"
#include "campaign/CreationModule.h"
#include "web/OpenApiDocument.h"
#include "web/PageTemplates.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/Path.h>

#include <algorithm>
#include <memory>
#include <set>

namespace campaigns {

CampaignsPlugin::CampaignsPlugin() = default;
CampaignsPlugin::~CampaignsPlugin() = default;

void CampaignsPlugin::start(helpdesk::HostContext& host) {
    host_ = &host;
    auto& cfg = host.config();
    const std::string resources = host.resourceDir();
    const std::string sqlRoot = cfg.getString("sql.dir", Poco::Path(resources).append("sql/plugin").toString());
    const std::string templatesRoot = cfg.getString("templates.dir", Poco::Path(resources).append("templates").toString());

    storage::MigrationRunner migrations(host.database(), sqlRoot, host.logger());
    appliedMigrations_ = migrations.run();
    templates_ = std::make_unique<web::PageTemplates>(templatesRoot);
    createServices(host);

    host.menu().add({"Administrador", "Mis Campañas", "My Campaigns", "/campaigns", helpdesk::Role::Administrator});
    host.menu().add({"Analítica", "Mis campañas", "My campaigns", "/campaigns/analytics", helpdesk::Role::Administrator});
    registerPages(host);
    registerWebhooks(host);
    registerResultsAndLive(host);
    startAccountsAndTemplates(host);
    creation_ = std::make_unique<campaign::CreationModule>(host, *accounts_, *cloudApi_);
    creation_->registerRoutes(host.router());
    sending_ = std::make_unique<tracking::SendingModule>(host, *accounts_, *cloudApi_);
    sending_->start();
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
    webhookSecrets_ = std::make_unique<webhooks::CachedSecrets>(
        [this, &host, reported = std::make_shared<std::set<long long>>()] {
            webhooks::WebhookSecrets s;
            std::vector<accounts::Account> needingCredentials;
            for (const auto& a : accounts_->enabledAccounts(&needingCredentials)) {
                s.appSecrets.push_back(a.appSecret);
                s.verifyTokens.push_back(a.verifyToken);
            }
            // Reloaded every few seconds: each such account is logged once, not every time.
            std::set<long long> now;
            for (const auto& a : needingCredentials) {
                now.insert(a.id);
                if (!reported->count(a.id))
                    host.logger().warning("campaigns: webhooks skip account %s: requiere credenciales (%s)", std::to_string(a.id),
                                          a.secretsProblem);
            }
            *reported = std::move(now);
            return s;
        },
        std::chrono::seconds(5));
    webhookReceiver_ = std::make_unique<webhooks::WebhookReceiver>(*webhookEvents_, *webhookSecrets_, host.logger(),
                                                                  [] {});
}

void CampaignsPlugin::startAccountsAndTemplates(helpdesk::HostContext& host) {
    host.menu().add({"Administrador", "Cuentas de Origen", "Source accounts", "/campaigns/accounts",
                     helpdesk::Role::Administrator});
    accounts::registerAccountsPage(host.router(), *templates_, host.pages(), host.directory());
    accountsApi_ = std::make_unique<accounts::AccountsApi>(*accounts_, *cloudApi_, host.logger(),
                                                           [this] { webhookSecrets_->invalidate(); },
                                                           host.config().getBool("accounts.allow_http_graph_base_url", false));
    accountsApi_->registerRoutes(host.router());

    templateStore_ = std::make_unique<templates::TemplateStore>(host.database());
    templateSync_ = std::make_unique<templates::TemplateSync>(*accounts_, *cloudApi_, *templateStore_, host.logger());
    templateStatus_ = std::make_unique<templates::TemplateStatusUpdates>(host.database(), *webhookEvents_,
                                                                         *templateStore_, host.logger());
    templatesApi_ = std::make_unique<templates::TemplatesApi>(*templateStore_, *templateSync_, host.directory());
    templatesApi_->registerRoutes(host.router());

    // Protect the sender's number (issue 12): the suppression list per WABA.
    host.menu().add({"Administrador", "Lista de exclusión", "Suppression list", "/campaigns/suppressions",
                     helpdesk::Role::Administrator});
    suppressions::registerSuppressionsPage(host.router(), *templates_, host.pages());
    suppressionStore_ = std::make_unique<suppressions::SuppressionStore>(host.database());
    suppressionsApi_ = std::make_unique<suppressions::SuppressionsApi>(*suppressionStore_, host.logger());
    suppressionsApi_->registerRoutes(host.router());

    const int syncMinutes = std::max(1, host.config().getInt("templates.sync_interval_minutes", 60));
    templateTasks_.push_back(host.scheduler().every("campaigns.templates.sync", std::chrono::minutes(syncMinutes),
                                                    [this] { templateSync_->syncAll(); }));
    // Template status webhooks are rare; a short poll keeps a paused template from being offered.
    const int statusMs = std::max(200, host.config().getInt("templates.status_poll_ms", 2000));
    templateTasks_.push_back(host.scheduler().every("campaigns.templates.status", std::chrono::milliseconds(statusMs),
                                                    [this] { templateStatus_->drain(); }));
}

void CampaignsPlugin::registerWebhooks(helpdesk::HostContext& host) {
    host.router().add({"GET", "/campaigns/webhooks/whatsapp", helpdesk::Role::PublicSigned,
                       [this](helpdesk::RequestContext& ctx) { webhookReceiver_->handleGet(ctx); }});
    host.router().add({"POST", "/campaigns/webhooks/whatsapp", helpdesk::Role::PublicSigned,
                       [this](helpdesk::RequestContext& ctx) { webhookReceiver_->handlePost(ctx); }});
}

void CampaignsPlugin::registerPages(helpdesk::HostContext& host) {
    auto& router = host.router();
    router.addStatic("/campaigns/static", Poco::Path(templates_->root()).append("static").toString(),
                     helpdesk::Role::Administrator);
    // What agents' pages load from the plugin (the campaign panel on a ticket), apart from the
    // administrators' files.
    router.addStatic("/campaigns/agent-static", Poco::Path(templates_->root()).append("agent-static").toString(),
                     helpdesk::Role::Agent);

    router.add({"GET", "/campaigns", helpdesk::Role::Administrator, [this](helpdesk::RequestContext& ctx) {
                    const std::string body = templates_->render(
                        "campaigns.html", ctx.locale, {{"locale_json", templates_->localeJson(ctx.locale)}});
                    host_->pages().render(ctx, templates_->text(ctx.locale, "campaigns.title"), body,
                                          "<link rel=\"stylesheet\" href=\"/campaigns/static/campaigns.css\">");
                }});
    analyticsApi_ = std::make_unique<analytics::AnalyticsApi>(host, *templates_);
    analyticsApi_->registerRoutes(router);
    // One document from every capability's fragment, built once: a broken fragment fails the start.
    openApi_ = web::mergeOpenApi(Poco::Path(templates_->root()).append("api").toString());
    router.add({"GET", "/campaigns/api/v1/openapi.yaml", helpdesk::Role::Agent, [this](helpdesk::RequestContext& ctx) {
                    ctx.response.setContentType("application/yaml; charset=utf-8");
                    ctx.response.setContentLength(static_cast<std::streamsize>(openApi_.size()));
                    ctx.response.send() << openApi_;
                }});
    router.add({"GET", "/campaigns/api/v1/health", helpdesk::Role::Agent, [this](helpdesk::RequestContext& ctx) {
                    auto session = host_->database().session();
                    int latest = 0;
                    using namespace Poco::Data::Keywords;
                    session << "SELECT COALESCE(MAX(version), 0) FROM campaigns_schema_migrations", into(latest), now;
                    Poco::JSON::Object body;
                    body.set("status", "ok");
                    body.set("plugin", "campaigns");
                    body.set("hostApiVersion", HELPDESK_HOST_API_VERSION);
                    body.set("database", std::string(helpdesk::dialectName(host_->database().dialect())));
                    body.set("schemaVersion", latest);
                    web::sendJson(ctx, body);
                }});
}

void CampaignsPlugin::registerResultsAndLive(helpdesk::HostContext& host) {
    auto& cfg = host.config();
    resultsRoute_ = std::make_unique<exports::ResultsRoute>(
        host.database(), Poco::Path(host.dataDir()).append("exports").toString(), host.logger());
    resultsRoute_->registerWith(host.router());

    live::LiveFeedOptions options;
    options.pollInterval = std::chrono::milliseconds(cfg.getInt("live.poll_ms", 500));
    // Each live page holds a host HTTP thread (16 by default in the reference host): keep most free.
    options.maxSubscribers = static_cast<std::size_t>(cfg.getInt("live.max_clients", 8));
    liveFeed_ = std::make_unique<live::LiveFeed>(host.database(), host.logger(), options);
    eventsRoute_ = std::make_unique<live::EventsRoute>(*liveFeed_, host.logger(),
                                                       std::chrono::seconds(cfg.getInt("live.ping_s", 15)));
    eventsRoute_->registerWith(host.router());
    liveFeed_->start();
}

void CampaignsPlugin::stop(std::chrono::milliseconds budget) {
    // Live streams only wait for news: they end at once; a quarter of the budget is plenty.
    if (liveFeed_ && !liveFeed_->stop(budget / 4) && host_)
        host_->logger().warning("campaigns: some live update streams were still writing when the plugin stopped");
    if (sending_) sending_->stop(budget / 2);
    if (creation_) creation_->stop();
    if (host_)
        for (auto id : templateTasks_) host_->scheduler().cancel(id);
    templateTasks_.clear();
    // No workers yet; the sending capability drains its outbox here within the budget.
    if (host_) host_->logger().information("campaigns: stopped");
}

} // namespace campaigns

HELPDESK_EXPORT_PLUGIN(campaigns::CampaignsPlugin)
