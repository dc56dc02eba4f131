#pragma once
#include "Database.h"
#include "Directory.h"
#include "Http.h"
#include "Menu.h"
#include "Scheduler.h"
#include "Tickets.h"

#include <Poco/Logger.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <optional>
#include <string>

namespace helpdesk {

// Everything a plugin gets from the host. The references stay valid until Plugin::stop() returns.
class HostContext {
public:
    virtual ~HostContext() = default;
    virtual Router& router() = 0;
    virtual PageShell& pages() = 0;
    virtual Menu& menu() = 0;
    virtual Scheduler& scheduler() = 0;
    virtual Database& database() = 0;
    virtual Directory& directory() = 0;
    virtual Tickets& tickets() = 0;
    // The plugin's own configuration section (e.g. "plugins.campaigns" of the host's file).
    virtual Poco::Util::AbstractConfiguration& config() = 0;
    virtual Poco::Logger& logger() = 0;
    // Folder with the plugin's installed resources (templates/, sql/); from configuration.
    virtual std::string resourceDir() const = 0;
    // Writable folder for the plugin's files (uploads in progress, exports).
    virtual std::string dataDir() const = 0;
    // The address the host is reachable at from outside, e.g. "http://127.0.0.1:8080".
    virtual std::string publicBaseUrl() const = 0;
    // IANA time zone of the installation, e.g. "America/Santiago".
    virtual std::string timeZone() const = 0;
};

} // namespace helpdesk
