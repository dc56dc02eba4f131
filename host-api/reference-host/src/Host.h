#pragma once
#include "Dispatcher.h"
#include "HostServices.h"
#include "PluginManager.h"

#include <Poco/Net/HTTPServer.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <memory>

namespace refhost {

// The whole reference host, usable in-process (tests) and by the executable.
class Host {
public:
    // `config` must outlive the Host. Reads settings at once (throws on invalid values).
    explicit Host(Poco::Util::AbstractConfiguration& config);
    ~Host();
    Host(const Host&) = delete;
    Host& operator=(const Host&) = delete;

    // Opens the database and applies migrations; enough for the CLI commands.
    void openStorage();
    // openStorage(), host routes, plugins, then the HTTP server.
    void start();
    // Stops HTTP, plugins (within the stop budget), tasks and event delivery. Idempotent.
    void stop();

    unsigned short port() const;
    const HostConfig& settings() const { return settings_; }
    HostServices& services() { return *services_; }
    PluginManager& plugins() { return *plugins_; }

private:
    void flushTokenUses();

    Poco::Util::AbstractConfiguration& config_;
    HostConfig settings_;
    std::unique_ptr<HostDatabase> db_;
    std::unique_ptr<DirectoryService> directory_;
    std::unique_ptr<AuthService> auth_;
    std::unique_ptr<EventBus> events_;
    std::unique_ptr<TicketService> tickets_;
    std::unique_ptr<SchedulerService> scheduler_;
    RouteTable routes_;
    MenuRegistry menu_;
    std::unique_ptr<HostText> text_;
    std::unique_ptr<PageShellRenderer> shell_;
    std::unique_ptr<HostServices> services_;
    std::unique_ptr<Dispatcher> dispatcher_;
    std::unique_ptr<PluginManager> plugins_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    unsigned short port_ = 0;
    bool stopped_ = false;
};

} // namespace refhost
