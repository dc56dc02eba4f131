// POST /{version}/{phone-number-id}/messages: the checks run in Meta's order of cheapness
// (auth, number, throughput, payload, template, pair limit), then the injected failures, then
// acceptance with its planned webhooks.
#include "Handlers.h"
#include "HttpUtil.h"
#include "JsonText.h"
#include "Simulator.h"
#include "StatusPlanner.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>

#include <chrono>
#include <cmath>
#include <random>
#include <thread>

namespace cloudsim {
namespace {

constexpr std::size_t kMaxSendBody = 256 * 1024;

std::mt19937_64& threadRng() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    return rng;
}

bool roll(double p) { return p > 0 && (p >= 1 || std::uniform_real_distribution<double>(0.0, 1.0)(threadRng()) < p); }

void simulateLatency(const SimConfig& config) {
    std::int64_t ms = config.latencyMs;
    if (config.latencyJitterMs > 0) ms += std::uniform_int_distribution<int>(0, config.latencyJitterMs)(threadRng());
    if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

// The ambiguous outcome: the request was read, no answer ever comes back.
void dropConnection(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    response.setKeepAlive(false);
    static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket().shutdown();
}

struct Outcome {
    std::optional<GraphError> error;
    std::string waId;
};

std::string successBody(const std::string& input, const std::string& waId, const std::string& wamid, bool isTemplate) {
    std::string out = "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":" + jsonString(input) +
                      ",\"wa_id\":" + jsonString(waId) + "}],\"messages\":[{\"id\":" + jsonString(wamid);
    if (isTemplate) out += ",\"message_status\":\"accepted\"";
    out += "}]}";
    return out;
}

} // namespace

void handleSendMessage(Simulator& sim, const Route& route, Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) {
    auto config = sim.config().get();
    simulateLatency(*config);
    const std::string& phoneId = route.segments[1];
    auto body = readBody(request, kMaxSendBody);
    auto reject = [&](const GraphError& error, const std::string& waId) {
        // Without a recipient (auth, throughput) only the count matters; keeping the body would
        // fill the payload cap with overload noise.
        sim.ledger().recordRejected(waId, error.code, body && !waId.empty() ? *body : std::string(),
                                    waId.empty() ? 0 : config->payloadCap);
        sendError(response, error);
    };
    if (auto error = checkAuth(request, *config)) return reject(*error, {});
    if (config->phoneIndex(phoneId) < 0) return reject(unknownObject(phoneId), {});
    if (!body) return reject(graphError(100, "Request body is too large"), {});

    std::size_t mps = static_cast<std::size_t>(std::max(1.0, std::floor(config->throughputMps)));
    if (!sim.throughput().tryAcquire(phoneId, mps, 1000, steadyMs())) return reject(graphError(130429), {});

    Poco::JSON::Object::Ptr message;
    try {
        Poco::JSON::Parser parser;
        message = parser.parse(*body).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        return reject(graphError(100, "Request body is not a JSON object: " + e.displayText()), {});
    }
    if (message->optValue<std::string>("messaging_product", "") != "whatsapp")
        return reject(graphError(100, "The parameter messaging_product is required and must be 'whatsapp'."), {});
    std::string input = message->optValue<std::string>("to", "");
    if (input.empty()) return reject(graphError(100, "The parameter to is required."), {});
    std::string waId = digitsOf(input);
    if (waId.size() < 8 || waId.size() > 15) return reject(graphError(131009, "Invalid 'to' phone number: " + input), {});

    std::string type = message->optValue<std::string>("type", "text");
    AcceptedMessage accepted;
    if (type == "template") {
        auto templateObject = message->getObject("template");
        if (!templateObject) return reject(graphError(131008, "Parameter 'template' is required"), waId);
        SendCheck check = validateTemplateSend(sim.templates(), *templateObject);
        if (check.error) return reject(*check.error, waId);
        accepted.category = Poco::toLower(check.templ->category);
        accepted.quickReplies = std::move(check.quickReplies);
    } else if (type == "text") {
        auto text = message->getObject("text");
        if (!text || text->optValue<std::string>("body", "").empty())
            return reject(graphError(131008, "Parameter 'text.body' is required"), waId);
    } else {
        return reject(graphError(131051, "Message type '" + type + "' is not supported by the simulator"), waId);
    }

    if (!sim.pairs().tryAcquire(phoneId + "/" + waId, static_cast<std::size_t>(config->pairLimitCount), config->pairLimitWindowMs,
                                steadyMs()))
        return reject(graphError(131056), waId);
    if (int code = ruleCodeFor(*config, waId, RuleMode::Sync)) return reject(graphError(code), waId);

    if (roll(config->fail5xxRate)) {
        sim.countServerError();
        if (config->fail5xxMode == "503") {
            response.setStatus(Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE);
            response.setContentLength(0);
            response.send();
            return;
        }
        return reject(graphError(131000), waId);
    }
    bool drop = roll(config->dropRate);
    if (drop && config->dropMode == "drop_before_accept") {
        sim.countDroppedConnection();
        return dropConnection(request, response);
    }

    accepted.wamid = sim.wamids().next(waId);
    accepted.waId = waId;
    accepted.phoneNumberId = phoneId;
    accepted.bizOpaque = message->optValue<std::string>("biz_opaque_callback_data", "");
    sim.ledger().recordAccepted(waId, accepted.wamid, *body, config->payloadCap);
    sim.webhooks().schedule(planWebhooks(*config, accepted, steadyMs(), wallClockMs() / 1000, threadRng(), sim.wamids()));
    if (drop) {
        sim.countDroppedConnection();
        return dropConnection(request, response);
    }
    sendJson(response, 200, successBody(input, waId, accepted.wamid, type == "template"));
}

} // namespace cloudsim
