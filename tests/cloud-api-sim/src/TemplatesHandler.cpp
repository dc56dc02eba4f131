// GET /{version}/{waba-id}/message_templates with limit/after paging and status/name filters.
#include "Handlers.h"
#include "HttpUtil.h"
#include "Simulator.h"

#include <Poco/Exception.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <algorithm>

namespace cloudsim {

void handleListTemplates(Simulator& sim, const Route& route, Poco::Net::HTTPServerRequest& request,
                         Poco::Net::HTTPServerResponse& response) {
    auto config = sim.config().get();
    if (auto error = checkAuth(request, *config)) return sendError(response, *error);
    const std::string& wabaId = route.segments[1];
    if (std::find(config->wabaIds.begin(), config->wabaIds.end(), wabaId) == config->wabaIds.end())
        return sendError(response, unknownObject(wabaId));

    unsigned limit = 25;
    std::string limitText = route.param("limit", "25");
    if (!Poco::NumberParser::tryParseUnsigned(limitText, limit) || limit == 0 || limit > 1000)
        return sendError(response, graphError(100, "Param limit must be a number between 1 and 1000"));
    std::string status = Poco::toUpper(route.param("status"));
    std::string name = route.param("name");

    std::vector<TemplatePtr> selected;
    for (const auto& t : sim.templates().list()) {
        if (!status.empty() && t->status != status) continue;
        if (!name.empty() && t->name.find(name) == std::string::npos) continue;
        selected.push_back(t);
    }

    Poco::URI next("http://" + request.getHost() + "/" + route.segments[0] + "/" + wabaId + "/message_templates");
    for (const char* keep : {"fields", "status", "name"})
        if (!route.param(keep).empty()) next.addQueryParameter(keep, route.param(keep));
    next.addQueryParameter("limit", std::to_string(limit));
    try {
        sendJson(response, 200, renderTemplatePage(selected, limit, route.param("after"), next.toString() + "&"));
    } catch (const Poco::SyntaxException& e) {
        sendError(response, graphError(100, "Invalid cursor: " + e.message()));
    }
}

} // namespace cloudsim
