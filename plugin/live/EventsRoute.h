#pragma once
// GET /campaigns/api/v1/events: server-sent events with each campaign's state and counters as they
// change ("event: campaign", JSON data, id = the change's updated_at). A reconnecting client sends
// Last-Event-ID (EventSource does it by itself) or ?since=<ISO time> and first gets what it missed.
// A ": ping" comment every `pingInterval` keeps proxies from closing an idle stream and finds
// clients that went away. The handler returns when the client disconnects or the feed stops.
// Beyond the feed's maxSubscribers it answers 503 with Retry-After, so live pages can never take
// every HTTP thread of the host.
#include "live/LiveFeed.h"

#include <helpdesk/Http.h>

#include <chrono>

namespace campaigns::live {

class EventsRoute {
public:
    EventsRoute(LiveFeed& feed, Poco::Logger& log, std::chrono::milliseconds pingInterval = std::chrono::seconds(15));

    void handle(helpdesk::RequestContext& ctx);
    void registerRoutes(helpdesk::Router& router);

private:
    LiveFeed& feed_;
    Poco::Logger& log_;
    std::chrono::milliseconds pingInterval_;
};

// The SSE frame of one change, its data in `locale`'s language.
std::string eventFrame(const CampaignChange& change, const std::string& locale);

} // namespace campaigns::live
