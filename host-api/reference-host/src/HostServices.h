#pragma once
#include "AuthService.h"
#include "DirectoryService.h"
#include "EventBus.h"
#include "HostConfig.h"
#include "HostDatabase.h"
#include "HostText.h"
#include "MenuRegistry.h"
#include "PageShellRenderer.h"
#include "RouteTable.h"
#include "SchedulerService.h"
#include "TicketService.h"

#include <Poco/Util/AbstractConfiguration.h>

namespace refhost {

// The host's services, as the pages and the plugin contexts reach them.
struct HostServices {
    const HostConfig& settings;
    Poco::Util::AbstractConfiguration& config;
    HostDatabase& db;
    DirectoryService& directory;
    AuthService& auth;
    TicketService& tickets;
    EventBus& events;
    SchedulerService& scheduler;
    RouteTable& routes;
    MenuRegistry& menu;
    PageShellRenderer& shell;
    const HostText& text;
    std::string publicBaseUrl;
};

// Route registration of the host's own pages; each lives in its own file.
void registerLoginPages(HostServices& host);
void registerTicketPages(HostServices& host);
void registerAdminPages(HostServices& host);
void registerApiRoutes(HostServices& host);

} // namespace refhost
