// GET /{version}/{phone-number-id | waba-id}?fields=...: what a "test connection" reads.
#include "Handlers.h"
#include "HttpUtil.h"
#include "Simulator.h"

#include <Poco/JSON/Object.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>
#include <sstream>

namespace cloudsim {

void handleGetObject(Simulator& sim, const Route& route, Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) {
    auto config = sim.config().get();
    if (auto error = checkAuth(request, *config)) return sendError(response, *error);
    const std::string& id = route.segments[1];
    Poco::JSON::Object all(Poco::JSON_PRESERVE_KEY_ORDER);
    if (config->phoneIndex(id) >= 0) {
        all.set("verified_name", config->verifiedName);
        all.set("code_verification_status", "VERIFIED");
        all.set("display_phone_number", config->displayPhoneNumber);
        all.set("quality_rating", config->qualityRating);
        all.set("platform_type", "CLOUD_API");
        Poco::JSON::Object::Ptr throughput = new Poco::JSON::Object;
        throughput->set("level", config->throughputMps >= 1000 ? "HIGH" : "STANDARD");
        all.set("throughput", throughput);
        all.set("whatsapp_business_manager_messaging_limit", config->messagingLimitTier);
    } else if (std::find(config->wabaIds.begin(), config->wabaIds.end(), id) != config->wabaIds.end()) {
        all.set("name", config->verifiedName);
        all.set("currency", "USD");
        all.set("timezone_id", "1");
        all.set("message_template_namespace", "sim_namespace");
        all.set("whatsapp_business_manager_messaging_limit", config->messagingLimitTier);
    } else {
        GraphError error = unknownObject(id);
        error.title = "Unsupported get request.";
        return sendError(response, error);
    }
    Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
    std::string fields = route.param("fields");
    if (fields.empty()) {
        out = all;
    } else {
        Poco::StringTokenizer names(fields, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
        for (const auto& name : names)
            if (all.has(name)) out.set(name, all.get(name));
    }
    out.set("id", id);
    std::ostringstream text;
    out.stringify(text);
    sendJson(response, 200, text.str());
}

void handleUnknownPath(Simulator&, const Route&, Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    GraphError error = graphError(2500);
    error.title = "Unknown path components: " + Poco::URI(request.getURI()).getPath();
    sendError(response, error);
}

} // namespace cloudsim
