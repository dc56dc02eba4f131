#include "PluginContext.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Util/MapConfiguration.h>

namespace refhost {

PluginContext::PluginContext(HostServices& host, const std::string& name)
    : host_(host),
      name_(name),
      router_(host.routes, "plugin:" + name),
      menu_(host.menu, "plugin:" + name),
      scheduler_(host.scheduler, "plugin:" + name),
      tickets_(host.tickets, host.events, "plugin:" + name),
      config_(new Poco::Util::LayeredConfiguration),
      logger_(Poco::Logger::get("helpdesk.plugin." + name)) {
    config_->add(host.config.createView("plugins." + name), 0, false);
    // Installation-wide values a plugin needs without duplicating them in its section.
    Poco::AutoPtr<Poco::Util::MapConfiguration> shared(new Poco::Util::MapConfiguration);
    if (host.config.has("secrets.key")) shared->setString("secrets.key", host.config.getString("secrets.key"));
    shared->setString("timezone", host.settings.timeZone);
    shared->setString("locale.default", host.settings.defaultLocale);
    config_->add(shared, 10, false);

    resourceDir_ = host.config.getString("plugins.resources." + name,
                                         Poco::Path(host.settings.pluginsDir).makeDirectory().pushDirectory(name).toString());
    dataDir_ = Poco::Path(host.settings.dataDir).makeDirectory().pushDirectory(name).toString();
    Poco::File(dataDir_).createDirectories();
}

void PluginContext::withdrawAll() {
    const std::string owner = "plugin:" + name_;
    host_.routes.removeOwner(owner);
    host_.menu.removeOwner(owner);
    host_.scheduler.cancelOwner(owner);
    host_.events.removeOwner(owner);
    host_.tickets.panels().removeOwner(owner);
}

} // namespace refhost
