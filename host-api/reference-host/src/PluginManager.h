#pragma once
#include "HostServices.h"
#include "PluginContext.h"

#include <helpdesk/Plugin.h>

#include <Poco/ClassLoader.h>
#include <Poco/Logger.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace refhost {

// The API version a plugin file was built with, read from its C symbol without running any of
// its C++ code. None when the file cannot be opened or lacks the symbol.
std::optional<int> readPluginApiVersion(const std::string& path, std::string& whyNot);

// Loads, starts and stops plugins. A plugin that is refused or fails to start is logged and left
// out; the host keeps running.
class PluginManager {
public:
    explicit PluginManager(HostServices& host);
    ~PluginManager();
    // Loads every *.so of `dir` in name order. A missing folder is not an error (no plugins).
    void loadAll(const std::string& dir);
    // Loads one file; true when at least one of its plugins started.
    bool load(const std::string& path);
    // Stops plugins in reverse start order within `budget` overall.
    void stopAll(std::chrono::milliseconds budget);
    std::vector<std::string> running() const;

private:
    struct Loaded {
        std::string path;
        std::string name;
        std::unique_ptr<helpdesk::Plugin> plugin;
        std::unique_ptr<PluginContext> context;
    };
    void unloadIfUnused(const std::string& path);

    HostServices& host_;
    Poco::Logger& log_;
    Poco::ClassLoader<helpdesk::Plugin> loader_;
    std::vector<Loaded> plugins_;
};

} // namespace refhost
