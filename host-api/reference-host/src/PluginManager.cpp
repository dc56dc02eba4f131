#include "PluginManager.h"

#include <helpdesk/Version.h>

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/SharedLibrary.h>

#include <algorithm>

namespace refhost {
namespace {

std::string describe(const std::exception& e) {
    if (auto* p = dynamic_cast<const Poco::Exception*>(&e)) return p->displayText();
    return e.what();
}

std::string versionText(int v) { return std::to_string(helpdesk::hostApiMajor(v)) + "." + std::to_string(v % 1000); }

} // namespace

std::optional<int> readPluginApiVersion(const std::string& path, std::string& whyNot) {
    try {
        Poco::SharedLibrary lib(path);
        if (!lib.hasSymbol("helpdesk_host_api_version")) {
            whyNot = "no exporta helpdesk_host_api_version";
            lib.unload();
            return std::nullopt;
        }
        using VersionFn = int (*)();
        auto fn = reinterpret_cast<VersionFn>(lib.getSymbol("helpdesk_host_api_version"));
        int version = fn();
        lib.unload();
        return version;
    } catch (const Poco::Exception& e) {
        whyNot = e.displayText();
        return std::nullopt;
    }
}

PluginManager::PluginManager(HostServices& host) : host_(host), log_(Poco::Logger::get("helpdesk.host.plugins")) {}

PluginManager::~PluginManager() { stopAll(std::chrono::milliseconds(host_.settings.pluginStopBudgetMs)); }

void PluginManager::loadAll(const std::string& dir) {
    Poco::File folder(dir);
    if (!folder.exists() || !folder.isDirectory()) {
        log_.information("plugin folder " + dir + " does not exist; starting without plugins");
        return;
    }
    std::vector<std::string> files;
    for (Poco::DirectoryIterator it(dir), end; it != end; ++it) {
        if (it->isFile() && Poco::Path(it.name()).getExtension() == "so") files.push_back(it.path().toString());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) load(f);
}

bool PluginManager::load(const std::string& path) {
    std::string whyNot;
    const auto version = readPluginApiVersion(path, whyNot);
    if (!version) {
        log_.error("plugin " + path + " refused: " + whyNot + " (host API " + versionText(HELPDESK_HOST_API_VERSION) + ")");
        return false;
    }
    if (helpdesk::hostApiMajor(*version) != HELPDESK_HOST_API_VERSION_MAJOR) {
        log_.error("plugin " + path + " refused: built for host API " + versionText(*version) + ", this host implements " +
                   versionText(HELPDESK_HOST_API_VERSION));
        return false;
    }
    try {
        loader_.loadLibrary(path);
    } catch (const Poco::Exception& e) {
        log_.error("plugin " + path + " could not be loaded: " + e.displayText());
        return false;
    }
    bool started = false;
    const auto* manifest = loader_.findManifest(path);
    for (auto it = manifest->begin(); it != manifest->end(); ++it) {
        std::unique_ptr<helpdesk::Plugin> plugin;
        std::string name = it->name();
        try {
            plugin.reset(it->create());
            name = plugin->name();
        } catch (const std::exception& e) {
            log_.error("plugin class " + name + " of " + path + " could not be created: " + describe(e));
            continue;
        }
        if (std::any_of(plugins_.begin(), plugins_.end(), [&](const auto& p) { return p.name == name; })) {
            log_.error("plugin " + name + " of " + path + " refused: a plugin with that name is already running");
            continue;
        }
        std::unique_ptr<PluginContext> context;
        try {
            context = std::make_unique<PluginContext>(host_, name);
            plugin->start(*context);
        } catch (const std::exception& e) {
            log_.error("plugin " + name + " of " + path + " failed to start and was unloaded: " + describe(e));
            if (context) context->withdrawAll();
            continue;
        }
        log_.information("plugin " + name + " started from " + path + " (API " + versionText(*version) + ")");
        plugins_.push_back({path, name, std::move(plugin), std::move(context)});
        started = true;
    }
    unloadIfUnused(path);
    return started;
}

void PluginManager::unloadIfUnused(const std::string& path) {
    if (std::any_of(plugins_.begin(), plugins_.end(), [&](const auto& p) { return p.path == path; })) return;
    if (!loader_.isLibraryLoaded(path)) return;
    try {
        loader_.unloadLibrary(path);
    } catch (const Poco::Exception& e) {
        log_.error("plugin library " + path + " could not be unloaded: " + e.displayText());
    }
}

void PluginManager::stopAll(std::chrono::milliseconds budget) {
    const auto deadline = std::chrono::steady_clock::now() + budget;
    while (!plugins_.empty()) {
        Loaded p = std::move(plugins_.back());
        plugins_.pop_back();
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() < 0) left = std::chrono::milliseconds(0);
        const auto started = std::chrono::steady_clock::now();
        try {
            p.plugin->stop(left);
        } catch (const std::exception& e) {
            log_.error("plugin " + p.name + " failed to stop cleanly: " + describe(e));
        }
        const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        if (took > left)
            log_.warning("plugin " + p.name + " took " + std::to_string(took.count()) + " ms to stop, budget was " +
                         std::to_string(left.count()) + " ms");
        p.context->withdrawAll();
        p.plugin.reset();
        p.context.reset();
        log_.information("plugin " + p.name + " stopped");
        unloadIfUnused(p.path);
    }
}

std::vector<std::string> PluginManager::running() const {
    std::vector<std::string> names;
    for (const auto& p : plugins_) names.push_back(p.name);
    return names;
}

} // namespace refhost
