#pragma once
#include "HostContext.h"
#include "Version.h"

#include <Poco/ClassLibrary.h>

#include <chrono>
#include <string>

namespace helpdesk {

// A module loaded by the host through Poco::ClassLoader. The host calls start() once, from its main
// thread, after its own services are up, and stop() once at shutdown or unload. start() may throw:
// the host logs the reason, undoes what the plugin registered and keeps running without it.
class Plugin {
public:
    virtual ~Plugin() = default;
    virtual std::string name() const = 0;
    virtual void start(HostContext& host) = 0;
    // Must drain its workers and return within `budget`; nothing accepted may be lost.
    virtual void stop(std::chrono::milliseconds budget) = 0;
};

} // namespace helpdesk

// Exports `PluginClass` and the API version it was built with. The host reads the C symbol
// `helpdesk_host_api_version` before touching any C++ symbol, so a plugin built for another
// major version is refused without calling into it.
#define HELPDESK_EXPORT_PLUGIN(PluginClass)                                                                                 \
    extern "C" __attribute__((visibility("default"))) int helpdesk_host_api_version() { return HELPDESK_HOST_API_VERSION; } \
    POCO_BEGIN_MANIFEST(helpdesk::Plugin)                                                                                   \
    POCO_EXPORT_CLASS(PluginClass)                                                                                          \
    POCO_END_MANIFEST
