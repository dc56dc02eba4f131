#pragma once
#include <helpdesk/Plugin.h>

#include <memory>
#include <set>
#include <vector>

namespace campaigns {

namespace web {
class PageTemplates;
class ServiceApi;
} // namespace web
namespace accounts {
class SecretBox;
class AccountStore;
} // namespace accounts
namespace cloudapi {
class ConnectionPool;
class CloudApiClient;
} // namespace cloudapi
namespace webhooks {
class WebhookEventStore;
class CachedSecrets;
class WebhookReceiver;
struct WebhookSecrets;
} // namespace webhooks
namespace exports {
class ResultsRoute;
} // namespace exports
namespace live {
class LiveFeed;
class EventsRoute;
} // namespace live
namespace campaign {
class CreationModule;
} // namespace campaign
namespace sending {
class SendingModule;
} // namespace sending
namespace tracking {
class TrackingModule;
} // namespace tracking
namespace quality {
class QualityModule;
} // namespace quality
namespace retention {
class RetentionModule;
} // namespace retention
namespace scheduling {
class SchedulingModule;
} // namespace scheduling
namespace planning {
class PlanningModule;
} // namespace planning
namespace analytics {
class AnalyticsApi;
} // namespace analytics
namespace accounts {
class AccountsApi;
} // namespace accounts
namespace suppressions {
class SuppressionStore;
class SuppressionsApi;
} // namespace suppressions
namespace templates {
class TemplateStore;
class TemplateSync;
class TemplateStatusUpdates;
class TemplatesApi;
} // namespace templates

// Wires the capabilities into the host: migrations, menu entries (kMenu), pages, API routes, tasks.
// It only builds the capabilities and calls each one's registerRoutes(); it owns the shared services
// they are given. stop() undoes startTasks().
class CampaignsPlugin : public helpdesk::Plugin {
public:
    CampaignsPlugin();
    ~CampaignsPlugin() override;

    std::string name() const override { return "campaigns"; }
    void start(helpdesk::HostContext& host) override;
    void stop(std::chrono::milliseconds budget) override;

private:
    void createServices(helpdesk::HostContext& host);     // shared: secrets, accounts, Cloud API, webhooks
    void createCapabilities(helpdesk::HostContext& host); // each capability, given the services
    void registerRoutes(helpdesk::Router& router);        // static files, pages, every registerRoutes
    void startTasks(helpdesk::HostContext& host);         // what stop() undoes
    webhooks::WebhookSecrets loadWebhookSecrets();

    helpdesk::HostContext* host_ = nullptr;
    std::vector<int> appliedMigrations_;
    std::unique_ptr<web::PageTemplates> templates_;
    std::unique_ptr<web::ServiceApi> serviceApi_;
    std::unique_ptr<accounts::SecretBox> secretBox_;
    std::unique_ptr<accounts::AccountStore> accounts_;
    std::shared_ptr<cloudapi::ConnectionPool> connections_;
    std::unique_ptr<cloudapi::CloudApiClient> cloudApi_;
    std::unique_ptr<webhooks::WebhookEventStore> webhookEvents_;
    std::unique_ptr<webhooks::CachedSecrets> webhookSecrets_;
    std::unique_ptr<webhooks::WebhookReceiver> webhookReceiver_;
    std::unique_ptr<exports::ResultsRoute> resultsRoute_;
    std::unique_ptr<live::LiveFeed> liveFeed_;
    std::unique_ptr<live::EventsRoute> eventsRoute_;
    std::unique_ptr<campaign::CreationModule> creation_;
    std::unique_ptr<sending::SendingModule> sending_;
    std::unique_ptr<tracking::TrackingModule> tracking_;
    std::unique_ptr<quality::QualityModule> quality_;          // the quality breaker (issue 13)
    std::unique_ptr<scheduling::SchedulingModule> scheduling_; // issue 13
    std::unique_ptr<planning::PlanningModule> planning_;       // pre-send plan and test messages (issue 13)
    std::unique_ptr<retention::RetentionModule> retention_;    // how long payloads and sheets are kept (issue 15)
    std::unique_ptr<analytics::AnalyticsApi> analyticsApi_;
    std::unique_ptr<accounts::AccountsApi> accountsApi_;
    std::unique_ptr<templates::TemplateStore> templateStore_;
    std::unique_ptr<templates::TemplateSync> templateSync_;
    std::unique_ptr<templates::TemplateStatusUpdates> templateStatus_;
    std::unique_ptr<templates::TemplatesApi> templatesApi_;
    std::unique_ptr<suppressions::SuppressionStore> suppressionStore_;
    std::unique_ptr<suppressions::SuppressionsApi> suppressionsApi_;
    std::vector<long long> templateTasks_;        // scheduler task ids, cancelled on stop
    std::set<long long> secretsProblemsReported_; // accounts already logged as needing credentials
};

} // namespace campaigns
