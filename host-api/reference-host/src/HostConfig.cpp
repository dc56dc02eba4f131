#include "HostConfig.h"

#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/Path.h>
#include <Poco/String.h>

#include <cctype>

#ifndef REFHOST_DEFAULT_SQL_DIR
#define REFHOST_DEFAULT_SQL_DIR "sql/host"
#endif
#ifndef REFHOST_DEFAULT_PLUGIN_DIR
#define REFHOST_DEFAULT_PLUGIN_DIR "plugins"
#endif

namespace refhost {
namespace {

class Reader {
public:
    explicit Reader(Poco::Util::AbstractConfiguration& c) : c_(c) {}
    std::string str(const std::string& key, const std::string& def) const {
        const std::string env = environmentNameFor(key);
        if (Poco::Environment::has(env) && !Poco::Environment::get(env).empty()) return Poco::Environment::get(env);
        return c_.getString(key, def);
    }
    long number(const std::string& key, long def, long min, long max) const {
        const std::string text = str(key, std::to_string(def));
        long value = 0;
        Poco::Int64 parsed = 0;
        if (!Poco::NumberParser::tryParse64(Poco::trim(text), parsed)) {
            throw Poco::InvalidArgumentException("configuration " + key + " must be a number", text);
        }
        value = static_cast<long>(parsed);
        if (value < min || value > max) {
            throw Poco::InvalidArgumentException(
                "configuration " + key + " out of range [" + std::to_string(min) + ", " + std::to_string(max) + "]", text);
        }
        return value;
    }
    bool flag(const std::string& key, bool def) const {
        const std::string text = Poco::toLower(str(key, def ? "true" : "false"));
        return text == "true" || text == "1" || text == "yes" || text == "on";
    }

private:
    Poco::Util::AbstractConfiguration& c_;
};

} // namespace

std::string environmentNameFor(const std::string& key) {
    std::string name = "HELPDESK_";
    for (char c : key) name += (c == '.' || c == '-') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return name;
}

std::string redactConnection(const std::string& connection) {
    std::string out;
    std::size_t start = 0;
    while (start < connection.size()) {
        auto end = connection.find(';', start);
        if (end == std::string::npos) end = connection.size();
        std::string part = connection.substr(start, end - start);
        auto eq = part.find('=');
        if (eq != std::string::npos && Poco::icompare(Poco::trim(part.substr(0, eq)), "password") == 0) {
            part = part.substr(0, eq + 1) + "***";
        }
        out += part;
        if (end < connection.size()) out += ';';
        start = end + 1;
    }
    return out;
}

HostConfig HostConfig::load(Poco::Util::AbstractConfiguration& config) {
    Reader r(config);
    HostConfig c;
    c.httpAddress = r.str("http.address", c.httpAddress);
    c.httpPort = static_cast<unsigned short>(r.number("http.port", c.httpPort, 0, 65535));
    c.httpMaxThreads = static_cast<int>(r.number("http.threads", c.httpMaxThreads, 1, 512));
    c.httpTimeoutSeconds = static_cast<int>(r.number("http.timeout_s", c.httpTimeoutSeconds, 1, 600));
    c.httpKeepAliveSeconds = static_cast<int>(r.number("http.keep_alive_s", c.httpKeepAliveSeconds, 1, 600));
    c.httpMaxKeepAliveRequests =
        static_cast<int>(r.number("http.keep_alive_max_requests", c.httpMaxKeepAliveRequests, 1, 100000));
    c.httpMaxQueued = static_cast<int>(r.number("http.max_queued", c.httpMaxQueued, 1, 100000));
    c.dbConnector = Poco::toLower(r.str("db.connector", c.dbConnector));
    if (c.dbConnector != "sqlite" && c.dbConnector != "mysql") {
        throw Poco::InvalidArgumentException("db.connector must be sqlite or mysql", c.dbConnector);
    }
    c.dbConnection = r.str("db.connection", c.dbConnection);
    c.dbPoolMax = static_cast<int>(r.number("db.pool.max", c.dbPoolMax, 1, 1024));
    c.sqlDir = r.str("host.sql.dir", REFHOST_DEFAULT_SQL_DIR);
    c.localesDir = r.str("host.locales.dir", REFHOST_DEFAULT_LOCALES_DIR);
    c.pluginsDir = r.str("plugins.dir", REFHOST_DEFAULT_PLUGIN_DIR);
    c.dataDir = r.str("data.dir", c.dataDir);
    c.timeZone = r.str("timezone", c.timeZone);
    c.defaultLocale = r.str("locale.default", c.defaultLocale);
    c.sessionHours = r.number("auth.session_hours", c.sessionHours, 1, 24 * 90);
    c.secureCookies = r.flag("auth.secure_cookies", c.secureCookies);
    c.pluginStopBudgetMs = r.number("plugins.stop_budget_ms", c.pluginStopBudgetMs, 0, 600000);
    c.publicBaseUrl = r.str("public.base_url", "");
    while (!c.publicBaseUrl.empty() && c.publicBaseUrl.back() == '/') c.publicBaseUrl.pop_back();
    return c;
}

} // namespace refhost
