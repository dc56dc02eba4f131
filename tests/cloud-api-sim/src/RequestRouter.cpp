#include "RequestRouter.h"

#include "Handlers.h"
#include "HttpUtil.h"
#include "Simulator.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>

#include <cctype>

namespace cloudsim {
namespace {

bool isVersion(const std::string& s) {
    // v23.0, v25.0 ...: any version is served, like Meta serves expired ones by the oldest live one.
    if (s.size() < 4 || s[0] != 'v') return false;
    auto dot = s.find('.');
    if (dot == std::string::npos || dot == 1 || dot + 1 == s.size()) return false;
    for (std::size_t i = 1; i < s.size(); ++i)
        if (i != dot && !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    return true;
}

class RoutedHandler : public Poco::Net::HTTPRequestHandler {
public:
    RoutedHandler(Simulator& sim, Route route, Handler handler) : sim_(sim), route_(std::move(route)), handler_(handler) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        try {
            handler_(sim_, route_, request, response);
        } catch (const Poco::Exception& e) {
            fail(response, e.displayText());
        } catch (const std::exception& e) {
            fail(response, e.what());
        }
    }

private:
    static void fail(Poco::Net::HTTPServerResponse& response, const std::string& what) {
        Poco::Logger::get("cloud-api-sim").error("request failed: " + what);
        if (!response.sent()) sendError(response, graphError(131000, "Simulator error: " + what));
    }

    Simulator& sim_;
    Route route_;
    Handler handler_;
};

Handler pick(const std::string& method, const std::vector<std::string>& seg) {
    if (!seg.empty() && seg[0] == "_sim") return handleControl;
    if (seg.size() == 3 && isVersion(seg[0])) {
        if (seg[2] == "messages" && method == "POST") return handleSendMessage;
        if (seg[2] == "media" && method == "POST") return handleUploadMedia;
        if (seg[2] == "message_templates" && method == "GET") return handleListTemplates;
    }
    if (seg.size() == 2 && isVersion(seg[0]) && method == "GET") return handleGetObject;
    return handleUnknownPath;
}

} // namespace

std::string Route::param(const std::string& name, const std::string& fallback) const {
    for (const auto& [key, value] : query)
        if (key == name) return value;
    return fallback;
}

Poco::Net::HTTPRequestHandler* RequestRouter::createRequestHandler(const Poco::Net::HTTPServerRequest& request) {
    Poco::URI uri(request.getURI());
    Route route;
    uri.getPathSegments(route.segments);
    route.query = uri.getQueryParameters();
    Handler handler = pick(request.getMethod(), route.segments);
    return new RoutedHandler(sim_, std::move(route), handler);
}

} // namespace cloudsim
