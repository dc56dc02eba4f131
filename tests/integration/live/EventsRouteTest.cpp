#include "InProcessServer.h"
#include "LiveFixture.h"
#include "live/EventsRoute.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::live;
using namespace std::chrono_literals;

namespace {

std::map<std::string, std::string> noParams(const std::string&) { return {}; }

// Reads SSE lines until one starts with `prefix`; returns it.
std::string readUntil(std::istream& in, const std::string& prefix) {
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(prefix, 0) == 0) return line;
    return {};
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds within) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return condition();
}

} // namespace

class EventsRouteTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(EventsRouteTest);
    CPPUNIT_TEST(streamCarriesCampaignEventsAndEndsWhenClientLeaves);
    CPPUNIT_TEST(lastEventIdResendsMissedChanges);
    CPPUNIT_TEST(clientsBeyondTheCapGet503WithRetryAfter);
    CPPUNIT_TEST(stopEndsOpenStreams);
    CPPUNIT_TEST(badSinceIs400);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<testsupport::TestDatabase> db;

public:
    void setUp() override { db = livetest::migratedDatabase(); }
    void tearDown() override { db.reset(); }

    void streamCarriesCampaignEventsAndEndsWhenClientLeaves() {
        const long long id = livetest::addCampaign(*db, "loaded");
        LiveFeedOptions options;
        options.pollInterval = 100ms;
        LiveFeed feed(*db, Poco::Logger::get("test"), options);
        feed.start();
        EventsRoute route(feed, Poco::Logger::get("test"), 100ms);
        testsupport::InProcessServer server([&](helpdesk::RequestContext& ctx) { route.handle(ctx); }, noParams);
        {
            Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
            session.setTimeout(Poco::Timespan(5, 0));
            Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/campaigns/api/v1/events",
                                           Poco::Net::HTTPMessage::HTTP_1_1);
            session.sendRequest(request);
            Poco::Net::HTTPResponse response;
            auto& in = session.receiveResponse(response);
            CPPUNIT_ASSERT_EQUAL(200, static_cast<int>(response.getStatus()));
            CPPUNIT_ASSERT_EQUAL(std::string("text/event-stream; charset=utf-8"), response.getContentType());
            CPPUNIT_ASSERT_EQUAL(std::string("no-store"), response.get("Cache-Control"));
            CPPUNIT_ASSERT(response.getChunkedTransferEncoding());
            CPPUNIT_ASSERT_EQUAL(std::string("retry: 3000"), readUntil(in, "retry:"));
            CPPUNIT_ASSERT_EQUAL(std::string(": ping"), readUntil(in, ":"));
            livetest::acceptOne(*db, id);
            const std::string idLine = readUntil(in, "id: ");
            CPPUNIT_ASSERT_EQUAL(std::size_t(4 + 24), idLine.size());
            CPPUNIT_ASSERT_EQUAL(std::string("event: campaign"), readUntil(in, "event:"));
            const std::string data = readUntil(in, "data: ");
            CPPUNIT_ASSERT(data.find("\"id\":" + std::to_string(id) + ",") != std::string::npos);
            CPPUNIT_ASSERT(data.find("\"n_accepted\":1") != std::string::npos);
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), feed.subscribers());
            session.reset(); // the browser tab closes
        }
        // The next ping fails to write, the handler returns and its slot is free again.
        CPPUNIT_ASSERT(eventually([&] { return feed.subscribers() == 0; }, 3s));
        CPPUNIT_ASSERT(feed.stop(1s));
    }
    void lastEventIdResendsMissedChanges() {
        const long long id = livetest::addCampaign(*db, "sending");
        livetest::acceptOne(*db, id, "completed");
        LiveFeed feed(*db, Poco::Logger::get("test"), livetest::pluginOptions());
        EventsRoute route(feed, Poco::Logger::get("test"), 50ms);
        testsupport::InProcessServer server([&](helpdesk::RequestContext& ctx) { route.handle(ctx); }, noParams);
        Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
        session.setTimeout(Poco::Timespan(5, 0));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/campaigns/api/v1/events",
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("Last-Event-ID", "2021-01-01T00:00:00.000Z");
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        auto& in = session.receiveResponse(response);
        const std::string data = readUntil(in, "data: ");
        CPPUNIT_ASSERT(data.find("\"state_label\":\"Completada\"") != std::string::npos);
        session.reset();
        CPPUNIT_ASSERT(eventually([&] { return feed.subscribers() == 0; }, 3s));
    }
    void clientsBeyondTheCapGet503WithRetryAfter() {
        LiveFeedOptions options;
        options.maxSubscribers = 1;
        LiveFeed feed(*db, Poco::Logger::get("test"), options);
        auto taken = feed.subscribe();
        EventsRoute route(feed, Poco::Logger::get("test"));
        testsupport::InProcessServer server([&](helpdesk::RequestContext& ctx) { route.handle(ctx); }, noParams);
        Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/campaigns/api/v1/events",
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::string body;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
        CPPUNIT_ASSERT_EQUAL(503, static_cast<int>(response.getStatus()));
        CPPUNIT_ASSERT_EQUAL(std::string("10"), response.get("Retry-After"));
        CPPUNIT_ASSERT(body.find("too_many_live_connections") != std::string::npos);
    }
    void stopEndsOpenStreams() {
        LiveFeed feed(*db, Poco::Logger::get("test"));
        feed.start();
        EventsRoute route(feed, Poco::Logger::get("test")); // 15 s pings: only stop() can end it
        testsupport::InProcessServer server([&](helpdesk::RequestContext& ctx) { route.handle(ctx); }, noParams);
        Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
        session.setTimeout(Poco::Timespan(5, 0));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/campaigns/api/v1/events",
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        auto& in = session.receiveResponse(response);
        readUntil(in, "retry:");
        const auto before = std::chrono::steady_clock::now();
        CPPUNIT_ASSERT(feed.stop(2s));
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - before < 1s);
        std::string rest;
        Poco::StreamCopier::copyToString(in, rest); // the server closed the stream cleanly
        CPPUNIT_ASSERT(in.eof());
    }
    void badSinceIs400() {
        LiveFeed feed(*db, Poco::Logger::get("test"));
        EventsRoute route(feed, Poco::Logger::get("test"));
        testsupport::InProcessServer server([&](helpdesk::RequestContext& ctx) { route.handle(ctx); }, noParams);
        Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/campaigns/api/v1/events?since=ayer",
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::string body;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
        CPPUNIT_ASSERT_EQUAL(400, static_cast<int>(response.getStatus()));
        CPPUNIT_ASSERT(body.find("invalid_parameter") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), feed.subscribers());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EventsRouteTest);
