#pragma once
#include <Poco/AutoPtr.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <string>

namespace refhost {

// The host's settings, read once at start. Keys and defaults are documented in config/host.properties.
struct HostConfig {
    std::string httpAddress = "127.0.0.1";
    unsigned short httpPort = 8080; // 0 picks a free port (tests)
    int httpMaxThreads = 16;
    // A connection that sends nothing for this long (mid-request or between keep-alive requests)
    // is closed, so idle clients cannot hold the worker threads (issue 15, point 3).
    int httpTimeoutSeconds = 10;
    int httpKeepAliveSeconds = 10;
    int httpMaxKeepAliveRequests = 100;
    int httpMaxQueued = 256;
    std::string dbConnector = "sqlite";
    std::string dbConnection = "helpdesk.db";
    int dbPoolMax = 16;
    std::string sqlDir;
    std::string localesDir; // es.properties and en.properties with the pages' words
    std::string pluginsDir;
    std::string dataDir = "data";
    std::string publicBaseUrl; // empty: derived from the bound address and port
    std::string timeZone = "America/Santiago";
    std::string defaultLocale = "es";
    long sessionHours = 12;
    bool secureCookies = false;
    long pluginStopBudgetMs = 10000;

    // Reads every key from `config`; environment variables HELPDESK_<KEY> (dots as underscores,
    // upper case, e.g. HELPDESK_DB_CONNECTION) win over the file. Throws Poco::Exception on bad values.
    static HostConfig load(Poco::Util::AbstractConfiguration& config);
};

// The environment variable that overrides `key`, e.g. "http.port" -> "HELPDESK_HTTP_PORT".
std::string environmentNameFor(const std::string& key);

// The connection string with any password value replaced, safe to log.
std::string redactConnection(const std::string& connection);

} // namespace refhost
