#include "Host.h"

#include "HostCss.h"
#include "HttpUtil.h"
#include "Migrations.h"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

namespace refhost {

Host::Host(Poco::Util::AbstractConfiguration& config) : config_(config), settings_(HostConfig::load(config)) {}

Host::~Host() { stop(); }

void Host::openStorage() {
    if (db_) return;
    auto& log = Poco::Logger::get("helpdesk.host");
    log.information("database " + settings_.dbConnector + " " + redactConnection(settings_.dbConnection));
    db_ = std::make_unique<HostDatabase>(settings_.dbConnector, settings_.dbConnection, settings_.dbPoolMax);
    applyMigrations(*db_, settings_.sqlDir);
    directory_ = std::make_unique<DirectoryService>(*db_);
    auth_ = std::make_unique<AuthService>(*db_, *directory_, settings_.sessionHours);
    events_ = std::make_unique<EventBus>();
    tickets_ = std::make_unique<TicketService>(*db_, *directory_, *events_);
    scheduler_ = std::make_unique<SchedulerService>();
    text_ = std::make_unique<HostText>(settings_.localesDir);
    shell_ = std::make_unique<PageShellRenderer>(menu_, *text_);
    services_ =
        std::make_unique<HostServices>(HostServices{settings_, config_, *db_, *directory_, *auth_, *tickets_, *events_,
                                                    *scheduler_, routes_, menu_, *shell_, *text_, settings_.publicBaseUrl});
    plugins_ = std::make_unique<PluginManager>(*services_);
}

void Host::start() {
    openStorage();
    auto& log = Poco::Logger::get("helpdesk.host");
    // Bind first so the real port (0 = any free one) is known to plugins through publicBaseUrl.
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(settings_.httpAddress, settings_.httpPort), 64);
    port_ = socket.address().port();
    if (services_->publicBaseUrl.empty())
        services_->publicBaseUrl = "http://" + settings_.httpAddress + ":" + std::to_string(port_);

    routes_.add({"GET", "/static/host.css", helpdesk::Role::PublicSigned,
                 [](helpdesk::RequestContext& ctx) {
                     ctx.response.set("Cache-Control", "max-age=3600");
                     sendText(ctx.response, 200, "text/css; charset=utf-8", hostCss());
                 }},
                "host");
    // The host pages' only script: the CSP (script-src 'self') refuses inline handlers, so a form
    // that asks before it submits says so in data-confirm and this listener asks.
    routes_.add({"GET", "/static/host.js", helpdesk::Role::PublicSigned,
                 [](helpdesk::RequestContext& ctx) {
                     ctx.response.set("Cache-Control", "max-age=3600");
                     sendText(ctx.response, 200, "text/javascript; charset=utf-8",
                              "document.addEventListener('submit', function (e) {\n"
                              "  var text = e.target.getAttribute && e.target.getAttribute('data-confirm');\n"
                              "  if (text && !window.confirm(text)) e.preventDefault();\n"
                              "});\n");
                 }},
                "host");
    menu_.add({"Tickets", "Tickets", "Tickets", "/tickets", helpdesk::Role::Agent}, "host");
    menu_.add({"Administrador", "Departamentos", "Departments", "/admin/departments", helpdesk::Role::Administrator}, "host");
    menu_.add({"Administrador", "Metadatos", "Metadata", "/admin/metadata", helpdesk::Role::Administrator}, "host");
    menu_.add({"Administrador", "Usuarios", "Users", "/admin/users", helpdesk::Role::Administrator}, "host");
    registerLoginPages(*services_);
    registerTicketPages(*services_);
    registerAdminPages(*services_);
    registerApiRoutes(*services_);

    plugins_->loadAll(settings_.pluginsDir);
    scheduler_->every("host", "api-token-uses", std::chrono::duration_cast<std::chrono::milliseconds>(TokenUses::kFlushEvery),
                      [this] { auth_->flushTokenUses(); });

    dispatcher_ = std::make_unique<Dispatcher>(routes_, *auth_, settings_.defaultLocale, *text_);
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(settings_.httpMaxThreads);
    params->setMaxQueued(settings_.httpMaxQueued);
    params->setKeepAlive(true);
    params->setTimeout(Poco::Timespan(settings_.httpTimeoutSeconds, 0));
    params->setKeepAliveTimeout(Poco::Timespan(settings_.httpKeepAliveSeconds, 0));
    params->setMaxKeepAliveRequests(settings_.httpMaxKeepAliveRequests);
    server_ = std::make_unique<Poco::Net::HTTPServer>(dispatcher_->createFactory(), socket, params);
    server_->start();
    log.information("listening on " + settings_.httpAddress + ":" + std::to_string(port_) + " (" + services_->publicBaseUrl +
                    ")");
}

void Host::stop() {
    if (stopped_) return;
    stopped_ = true;
    // No new connections first; then the plugins, whose long requests (the live stream) end only
    // when the plugin stops; only then wait for the requests still in progress. Waiting first
    // left the host running for as long as a browser kept the campaigns list open.
    if (server_) server_->stop();
    if (plugins_) plugins_->stopAll(std::chrono::milliseconds(settings_.pluginStopBudgetMs));
    if (server_) server_->stopAll(false);
    if (scheduler_) scheduler_->cancelAll();
    flushTokenUses();
    if (events_) events_->stop();
    server_.reset();
}

// The last token uses of this run; a failure is logged, never thrown from stop() (and so from ~Host).
void Host::flushTokenUses() {
    if (!auth_) return;
    try {
        auth_->flushTokenUses();
    } catch (const std::exception& e) {
        Poco::Logger::get("helpdesk.host").warning(std::string("API token last-use stamps not saved at shutdown: ") + e.what());
    }
}

unsigned short Host::port() const { return port_; }

} // namespace refhost
