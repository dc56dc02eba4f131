// /_sim/...: the test-facing control API. No auth, but only from loopback addresses.
#include "Handlers.h"
#include "HttpUtil.h"
#include "JsonText.h"
#include "QualityControls.h"
#include "Simulator.h"
#include "StatusPlanner.h"
#include "WebhookPayloads.h"

#include <Poco/JSON/Parser.h>
#include <Poco/NumberFormatter.h>
#include <Poco/NumberParser.h>

#include <sstream>

namespace cloudsim {
namespace {

using Request = Poco::Net::HTTPServerRequest;
using Response = Poco::Net::HTTPServerResponse;

void controlError(Response& response, int status, const std::string& message) {
    sendJson(response, status, "{\"error\":" + jsonString(message) + "}");
}

// An empty body is an empty object; anything else must be a JSON object.
Poco::JSON::Object::Ptr jsonBody(Request& request) {
    auto body = readBody(request, 1024 * 1024);
    if (!body) throw Poco::DataException("control request body too large");
    if (body->find_first_not_of(" \t\r\n") == std::string::npos) return new Poco::JSON::Object;
    Poco::JSON::Parser parser;
    auto parsed = parser.parse(*body);
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) throw Poco::DataException("body must be a JSON object");
    return parsed.extract<Poco::JSON::Object::Ptr>();
}

std::string stringify(const Poco::JSON::Object& object) {
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

void messages(Simulator& sim, const Route& route, Response& response) {
    unsigned limit = 1000;
    Poco::NumberParser::tryParseUnsigned(route.param("limit", "1000"), limit);
    std::string out = "{\"data\":[";
    bool first = true;
    for (const auto& m : sim.ledger().messages(route.param("to"), limit)) {
        if (!first) out += ',';
        first = false;
        out += "{\"to\":" + jsonString(m.to) +
               ",\"received_at_ms\":" + Poco::NumberFormatter::format(static_cast<Poco::Int64>(m.receivedAtMs));
        // Accepted bodies parsed as JSON, so they embed as objects; rejected ones may not have.
        if (m.errorCode == 0)
            out += ",\"wamid\":" + jsonString(m.wamid) + ",\"payload\":" + m.body;
        else
            out += ",\"error_code\":" + Poco::NumberFormatter::format(m.errorCode) + ",\"raw_body\":" + jsonString(m.body);
        out += '}';
    }
    out += "]}";
    sendJson(response, 200, out);
}

void templateStatus(Simulator& sim, const std::string& name, Request& request, Response& response) {
    auto body = jsonBody(request);
    std::string status = body->optValue<std::string>("status", "");
    if (status.empty()) return controlError(response, 400, "status is required");
    auto changed = sim.templates().setStatus(name, body->optValue<std::string>("language", ""), status);
    if (changed.empty()) return controlError(response, 404, "no template named " + name);
    auto config = sim.config().get();
    std::vector<WebhookEvent> events;
    std::string out = "{\"changed\":[";
    for (std::size_t i = 0; i < changed.size(); ++i) {
        WebhookEvent ev;
        ev.kind = EventKind::Raw;
        ev.dueMs = steadyMs();
        ev.phoneNumberId = config->phoneNumberIds.front();
        ev.fragment = templateStatusEnvelope(config->wabaIds.front(), *changed[i], changed[i]->status,
                                             body->optValue<std::string>("reason", "NONE"), wallClockMs() / 1000);
        events.push_back(std::move(ev));
        out += (i ? "," : "") + std::string("{\"name\":") + jsonString(changed[i]->name) +
               ",\"language\":" + jsonString(changed[i]->language) + ",\"status\":" + jsonString(changed[i]->status) + "}";
    }
    sim.webhooks().schedule(std::move(events));
    sendJson(response, 200, out + "]}");
}

void inbound(Simulator& sim, Request& request, Response& response) {
    auto body = jsonBody(request);
    auto config = sim.config().get();
    std::string wamid = body->optValue<std::string>("wamid", "");
    std::string from = body->optValue<std::string>("from", WamidFactory::recipientOf(wamid));
    if (from.empty()) return controlError(response, 400, "give a wamid issued by the simulator or a from phone");
    std::string phoneId = body->optValue<std::string>("phone_number_id", config->phoneNumberIds.front());
    std::string payload = body->optValue<std::string>("button_payload", "");
    std::string text =
        body->optValue<std::string>(payload.empty() ? "text" : "button_text", payload.empty() ? config->replyText : payload);
    auto ev =
        inboundEvent(*config, phoneId, digitsOf(from), wamid, text, payload, steadyMs(), wallClockMs() / 1000, sim.wamids());
    sim.webhooks().schedule({ev});
    sendJson(response, 200, "{\"scheduled\":true,\"from\":" + jsonString(digitsOf(from)) + "}");
}

void flush(Simulator& sim, Request& request, Response& response) {
    auto body = jsonBody(request);
    std::int64_t timeout = body->optValue<Poco::Int64>("timeout_ms", 30000);
    bool expedite = body->optValue<bool>("expedite", true);
    bool drained = sim.webhooks().flush(timeout, expedite);
    auto counters = sim.webhooks().counters();
    sendJson(response, drained ? 200 : 504,
             std::string("{\"drained\":") + (drained ? "true" : "false") + ",\"pending\":" + std::to_string(counters.pending) +
                 ",\"delivered\":" + std::to_string(counters.delivered) + ",\"abandoned\":" + std::to_string(counters.abandoned) +
                 "}");
}

} // namespace

void handleControl(Simulator& sim, const Route& route, Request& request, Response& response) {
    if (!request.clientAddress().host().isLoopback()) return controlError(response, 403, "control API is loopback only");
    const auto& seg = route.segments;
    const std::string& method = request.getMethod();
    std::string what = seg.size() >= 2 ? seg[1] : "";
    try {
        if (method == "GET" && what == "health" && seg.size() == 2) return sendJson(response, 200, "{\"ok\":true}");
        if (method == "GET" && what == "stats" && seg.size() == 2) {
            unsigned limit = 10000;
            Poco::NumberParser::tryParseUnsigned(route.param("limit", "10000"), limit);
            return sendJson(response, 200, sim.statsJson(route.param("recipients", "1") != "0", limit));
        }
        if (method == "GET" && what == "messages" && seg.size() == 2) return messages(sim, route, response);
        if (method == "GET" && what == "config" && seg.size() == 2)
            return sendJson(response, 200, stringify(*sim.config().get()->toJson()));
        if (method == "POST" && what == "config" && seg.size() == 2) {
            auto patch = jsonBody(request);
            sim.config().update([&](SimConfig& c) { c.applyJson(*patch); });
            return sendJson(response, 200, stringify(*sim.config().get()->toJson()));
        }
        if (method == "POST" && what == "reset" && seg.size() == 2) {
            sim.reset(route.param("config") == "1");
            return sendJson(response, 200, "{\"reset\":true}");
        }
        if (method == "POST" && what == "templates" && seg.size() == 4 && seg[3] == "status")
            return templateStatus(sim, seg[2], request, response);
        if (method == "POST" && what == "inbound" && seg.size() == 2) return inbound(sim, request, response);
        if (method == "POST" && what == "flush" && seg.size() == 2) return flush(sim, request, response);
        // Quality webhooks (issue 13): QualityControls.h.
        ControlAnswer quality{0, {}};
        if (method == "POST" && what == "phone" && seg.size() == 3 && seg[2] == "quality")
            quality = phoneQualityControl(sim, *jsonBody(request));
        if (method == "POST" && what == "templates" && seg.size() == 4 && seg[3] == "quality")
            quality = templateQualityControl(sim, seg[2], *jsonBody(request));
        if (method == "POST" && what == "account" && seg.size() == 3 && seg[2] == "update")
            quality = accountUpdateControl(sim, *jsonBody(request));
        if (quality.status != 0) return sendJson(response, quality.status, quality.body);
    } catch (const Poco::Exception& e) {
        return controlError(response, 400, e.displayText());
    }
    controlError(response, 404, "unknown control path " + request.getURI());
}

} // namespace cloudsim
