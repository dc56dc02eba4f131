#include "live/EventsRoute.h"

#include "web/ErrorCodes.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <ostream>

namespace campaigns::live {
namespace {

constexpr const char* kRetryAfterSeconds = "10";

// The resume point: Last-Event-ID (sent by EventSource on reconnect) wins over ?since=.
std::string sinceFrom(const helpdesk::RequestContext& ctx) {
    std::string since = ctx.request.get("Last-Event-ID", "");
    if (since.empty())
        for (const auto& [name, value] : Poco::URI(ctx.request.getURI()).getQueryParameters())
            if (name == "since") since = value;
    if (since.empty()) return {};
    try {
        return versionFromIso(since);
    } catch (const Poco::SyntaxException&) {
        throw helpdesk::HttpError(400, web::codes::kInvalidParameter,
                                  "El parámetro since debe ser una fecha ISO 8601, por ejemplo 2026-03-01T10:00:00.000Z.",
                                  R"([{"field":"since"}])");
    }
}

// False when the client is gone: the write or flush failed.
bool write(std::ostream& out, const std::string& text) {
    out << text;
    out.flush();
    return static_cast<bool>(out);
}

} // namespace

std::string eventFrame(const CampaignChange& change, const std::string& locale) {
    return "id: " + change.eventId + "\nevent: campaign\ndata: " + change.jsonFor(locale) + "\n\n";
}

EventsRoute::EventsRoute(LiveFeed& feed, Poco::Logger& log, std::chrono::milliseconds pingInterval)
    : feed_(feed), log_(log), pingInterval_(pingInterval) {}

void EventsRoute::registerRoutes(helpdesk::Router& router) {
    router.add({"GET", "/campaigns/api/v1/events", helpdesk::Role::Administrator,
                [this](helpdesk::RequestContext& ctx) { handle(ctx); }});
}

void EventsRoute::handle(helpdesk::RequestContext& ctx) {
    const std::string since = sinceFrom(ctx);
    auto subscription = feed_.subscribe();
    if (!subscription) {
        ctx.response.set("Retry-After", kRetryAfterSeconds);
        throw helpdesk::HttpError(
            503, web::codes::kTooManyLiveConnections,
            "Hay demasiadas pantallas recibiendo actualizaciones en vivo. Se reintentará en unos segundos.");
    }
    // Subscribed before reading the backlog, so nothing falls between the two (a change may come twice).
    std::string backlog;
    if (!since.empty())
        for (const auto& change : feed_.changesSince(since)) backlog += eventFrame(change, ctx.locale);

    auto& r = ctx.response;
    r.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    r.setContentType("text/event-stream; charset=utf-8");
    r.set("Cache-Control", "no-store");
    r.set("X-Accel-Buffering", "no"); // nginx would otherwise hold events back
    r.setChunkedTransferEncoding(true);
    r.setKeepAlive(false); // the stream ends only when one side leaves
    std::ostream& out = r.send();
    if (!write(out, "retry: 3000\n\n" + backlog)) return;

    std::vector<CampaignChange> changes;
    for (;;) {
        switch (subscription->wait(pingInterval_, changes)) {
            case Subscription::Wake::Stopped:
                return;
            case Subscription::Wake::Timeout:
                if (!write(out, ": ping\n\n")) return;
                break;
            case Subscription::Wake::Changes: {
                std::string frames;
                for (const auto& c : changes) frames += eventFrame(c, ctx.locale);
                if (!write(out, frames)) return;
                break;
            }
        }
    }
}

} // namespace campaigns::live
