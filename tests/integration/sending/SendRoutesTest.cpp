// The send, pause, resume and cancel routes and the daily-limit check, over HTTP: the state moves,
// the dates the list shows ("Fecha de envío", "Fecha de término") are stored, a wrong state is
// refused in Spanish, and the limit counts only numbers reached in the last 24 hours.
#include "../live/InProcessServer.h"
#include "SendingHarness.h"
#include "sending/OutboxStore.h"
#include "sending/SendApi.h"
#include "storage/SqlDialect.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/RegularExpression.h>
#include <Poco/StreamCopier.h>

#include <cppunit/extensions/HelperMacros.h>

#include <optional>

using namespace Poco::Data::Keywords;
using sendtest::SendingHarness;

namespace {
// Keeps the routes the module registers and serves them by method and "{id}" pattern.
class RouteTable : public helpdesk::Router {
public:
    void add(helpdesk::Route route) override { routes_.push_back(std::move(route)); }
    void addStatic(const std::string&, const std::string&, helpdesk::Role) override {}

    void handle(helpdesk::RequestContext& ctx) {
        std::string path = ctx.request.getURI();
        const auto q = path.find('?');
        if (q != std::string::npos) path.resize(q);
        Poco::RegularExpression number("/([0-9]+)(/|$)");
        Poco::RegularExpression::MatchVec m;
        std::string pattern = path;
        if (number.match(path, 0, m)) pattern = path.substr(0, m[1].offset) + "{id}" + path.substr(m[1].offset + m[1].length);
        for (auto& r : routes_) {
            if (r.method == ctx.request.getMethod() && r.pattern == pattern) return r.handler(ctx);
        }
        throw helpdesk::HttpError(404, "no_route", "no route for " + ctx.request.getMethod() + " " + path);
    }

private:
    std::vector<helpdesk::Route> routes_;
};

std::map<std::string, std::string> idParam(const std::string& path) {
    Poco::RegularExpression number("/([0-9]+)(/|$|\\?)");
    Poco::RegularExpression::MatchVec m;
    if (!number.match(path, 0, m)) return {};
    return {{"id", path.substr(m[1].offset, m[1].length)}};
}

// The module's send routes served over real HTTP.
struct SendRoutes {
    explicit SendRoutes(helpdesk::Database& db)
        : api(db, {}), server([this](helpdesk::RequestContext& ctx) { routes.handle(ctx); }, idParam) {
        api.registerRoutes(routes);
    }
    campaigns::sending::SendApi api;
    RouteTable routes;
    testsupport::InProcessServer server;
};

struct Answer {
    int status = 0;
    Poco::JSON::Object::Ptr body;
};
} // namespace

class SendRoutesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SendRoutesTest);
    CPPUNIT_TEST(sendPauseResumeCancelMoveTheCampaignAndStoreItsDates);
    CPPUNIT_TEST(dailyLimitCountsOnlyTheLastDay);
    CPPUNIT_TEST(sendRetriedWithIdempotencyKeyGetsTheFirstAnswer);
    CPPUNIT_TEST(retryFailedClickedTwiceMakesOneAttempt);
    CPPUNIT_TEST_SUITE_END();

public:
    void sendPauseResumeCancelMoveTheCampaignAndStoreItsDates() {
        SendingHarness h;
        h.engine().stop(std::chrono::seconds(5)); // the routes alone: nothing is sent
        const long long campaign = h.createCampaign(sendtest::plainCampaign(5, true, 3));
        SendRoutes api(h.db());
        auto& server = api.server;
        const std::string base = "/campaigns/api/v1/campaigns/" + std::to_string(campaign);

        auto notFinished = call(server, "POST", base + "/retry-failed");
        CPPUNIT_ASSERT_EQUAL(409, notFinished.status);
        CPPUNIT_ASSERT_EQUAL(std::string("invalid_state"), notFinished.body->getValue<std::string>("error"));

        auto refused = call(server, "POST", base + "/pause");
        CPPUNIT_ASSERT_EQUAL(409, refused.status);
        CPPUNIT_ASSERT_EQUAL(std::string("Solo se puede pausar una campaña que se está enviando."),
                             refused.body->getValue<std::string>("message"));

        CPPUNIT_ASSERT_EQUAL(std::string("sending"), call(server, "POST", base + "/send").body->getValue<std::string>("state"));
        auto s = h.db().session();
        Poco::Int64 id = campaign;
        std::string sent, requested, deadline;
        s << "SELECT " + campaigns::storage::timeAsText(h.db().dialect(), "first_sent_at") + ", " +
                 campaigns::storage::timeAsText(h.db().dialect(), "send_requested_at") + ", " +
                 campaigns::storage::timeAsText(h.db().dialect(), "response_deadline") + " FROM campaigns_campaigns WHERE id = ?",
            use(id), into(sent), into(requested), into(deadline), now;
        CPPUNIT_ASSERT_EQUAL(19, static_cast<int>(sent.size()));
        CPPUNIT_ASSERT_EQUAL(sent, requested);
        Poco::DateTime sentAt = Poco::DateTimeParser::parse("%Y-%m-%d %H:%M:%S", sent, tz);
        Poco::DateTime due = Poco::DateTimeParser::parse("%Y-%m-%d %H:%M:%S", deadline, tz);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(sent + " -> " + deadline, 3LL * 3600, static_cast<long long>((due - sentAt).totalSeconds()));
        CPPUNIT_ASSERT_EQUAL(409, call(server, "POST", base + "/send").status);

        CPPUNIT_ASSERT_EQUAL(std::string("paused"), call(server, "POST", base + "/pause").body->getValue<std::string>("state"));
        std::string reason, code;
        s << "SELECT pause_reason, pause_code FROM campaigns_campaigns WHERE id = ?", use(id), into(reason), into(code), now;
        CPPUNIT_ASSERT_EQUAL(std::string("Pausada por un administrador"), reason);
        CPPUNIT_ASSERT_EQUAL(std::string("admin"), code);
        auto again = call(server, "POST", base + "/pause"); // already paused: refused, naming the state
        CPPUNIT_ASSERT_EQUAL(409, again.status);
        CPPUNIT_ASSERT_EQUAL(std::string("paused"), again.body->getArray("details")->getElement<std::string>(0));
        CPPUNIT_ASSERT_EQUAL(404, call(server, "POST", "/campaigns/api/v1/campaigns/987654/pause").status);
        CPPUNIT_ASSERT_EQUAL(std::string("sending"), call(server, "POST", base + "/resume").body->getValue<std::string>("state"));

        CPPUNIT_ASSERT_EQUAL(std::string("cancelled"),
                             call(server, "POST", base + "/cancel").body->getValue<std::string>("state"));
        Poco::Nullable<std::string> finished;
        int queued = -1;
        s << "SELECT " + campaigns::storage::timeAsText(h.db().dialect(), "finished_at") +
                 ", n_queued FROM campaigns_campaigns WHERE id = ?",
            use(id), into(finished), into(queued), now;
        CPPUNIT_ASSERT(!finished.isNull());
        CPPUNIT_ASSERT_EQUAL(0, queued);
    }

    void dailyLimitCountsOnlyTheLastDay() {
        SendingHarness h;
        h.engine().stop(std::chrono::seconds(5));
        {
            auto s = h.db().session();
            Poco::Int64 account = h.accountId();
            s << "UPDATE campaigns_accounts SET daily_limit_tier = 'TIER_250' WHERE id = ?", use(account), now;
        }
        // Two earlier campaigns: one reached 3 numbers an hour ago, one reached 4 two days ago.
        const long long recent = h.createCampaign(sendtest::plainCampaign(3, false, 0));
        const long long old = h.createCampaign(sendtest::plainCampaign(4, false, 0));
        const auto hoursAgo = [](int hours) {
            return campaigns::storage::utcText(Poco::Timestamp() - Poco::Timespan(hours * Poco::Timespan::HOURS));
        };
        markSent(h, recent, hoursAgo(1), std::nullopt);
        markSent(h, old, hoursAgo(48), hoursAgo(47));
        const long long next = h.createCampaign(sendtest::plainCampaign(240, false, 0));

        SendRoutes api(h.db());
        auto& server = api.server;
        const std::string base = "/campaigns/api/v1/campaigns/" + std::to_string(next);
        auto check = call(server, "GET", base + "/send-check");
        CPPUNIT_ASSERT_EQUAL(200, check.status);
        CPPUNIT_ASSERT_EQUAL(250, check.body->getValue<int>("daily_limit"));
        CPPUNIT_ASSERT_EQUAL(3, check.body->getValue<int>("used_last_24h")); // the 48-hour-old numbers do not count
        CPPUNIT_ASSERT(check.body->getValue<bool>("ok"));
        // 3 + 240 fit under 250; 8 more numbers would not.
        const long long tooMany = h.createCampaign(sendtest::plainCampaign(248, false, 0));
        auto refused = call(server, "POST", "/campaigns/api/v1/campaigns/" + std::to_string(tooMany) + "/send");
        CPPUNIT_ASSERT_EQUAL(409, refused.status);
        CPPUNIT_ASSERT_EQUAL(std::string("daily_limit"), refused.body->getValue<std::string>("error"));
    }

private:
    int tz = 0;

    // The campaign was sent at `sentAt` (and ended at `endedAt`): every entry accepted then.
    static void markSent(SendingHarness& h, long long campaign, const std::string& sentAt,
                         const std::optional<std::string>& endedAt) {
        auto s = h.db().session();
        Poco::Int64 id = campaign;
        std::string at = sentAt;
        Poco::Nullable<std::string> ended = endedAt ? Poco::Nullable<std::string>(*endedAt) : Poco::Nullable<std::string>();
        std::string state = endedAt ? "completed" : "sending";
        s << "UPDATE campaigns_campaigns SET state = ?, first_sent_at = ?, finished_at = ? WHERE id = ?", use(state), use(at),
            use(ended), use(id), now;
        s << "UPDATE campaigns_entries SET state = 'accepted', accepted_at = ? WHERE campaign_id = ?", use(at), use(id), now;
    }

    static Answer call(testsupport::InProcessServer& server, const std::string& method, const std::string& path,
                       const std::string& idempotencyKey = {}, std::string* raw = nullptr, const std::string& body = {}) {
        Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        if (!body.empty()) request.setContentType("application/json");
        if (!idempotencyKey.empty()) request.set("Idempotency-Key", idempotencyKey);
        session.sendRequest(request) << body;
        Poco::Net::HTTPResponse response;
        std::string text;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), text);
        if (raw) *raw = text;
        return {static_cast<int>(response.getStatus()), Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>()};
    }

    // Issue 15: a retried "Enviar campaña" (lost answer, double click) with the same
    // Idempotency-Key gets the first 200 again instead of a 409 or a second send.
    void sendRetriedWithIdempotencyKeyGetsTheFirstAnswer() {
        SendingHarness h;
        h.engine().stop(std::chrono::seconds(5));
        const long long campaign = h.createCampaign(sendtest::plainCampaign(5, false, 0));
        SendRoutes api(h.db());
        const std::string path = "/campaigns/api/v1/campaigns/" + std::to_string(campaign) + "/send";
        std::string first, retry;
        CPPUNIT_ASSERT_EQUAL(200, call(api.server, "POST", path, "enviar-1", &first).status);
        CPPUNIT_ASSERT_EQUAL(200, call(api.server, "POST", path, "enviar-1", &retry).status);
        CPPUNIT_ASSERT_EQUAL(first, retry);
        CPPUNIT_ASSERT(first.find("\"sending\"") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(409, call(api.server, "POST", path).status); // without a key: acts, and is refused
        // The same key on another campaign's send is another request.
        const std::string other = "/campaigns/api/v1/campaigns/" + std::to_string(campaign + 1000) + "/send";
        auto reused = call(api.server, "POST", other, "enviar-1");
        CPPUNIT_ASSERT_EQUAL(422, reused.status);
        CPPUNIT_ASSERT_EQUAL(std::string("idempotency_key_reused"), reused.body->getValue<std::string>("error"));
    }

    // "Reintentar fallidos" over HTTP (issue 12): the dialog's GET, then its POST clicked twice (the
    // same Idempotency-Key gets the first answer, a plain repeat is refused), a refused class named
    // in Spanish, and the dialog of an attempt already made refused as retry_attempt_changed.
    void retryFailedClickedTwiceMakesOneAttempt() {
        SendingHarness h;
        h.engine().stop(std::chrono::seconds(5)); // this test plays the sender itself
        const long long campaign = h.createCampaign(sendtest::plainCampaign(3, false, 0));
        SendRoutes api(h.db());
        const std::string path = "/campaigns/api/v1/campaigns/" + std::to_string(campaign) + "/retry-failed";
        h.startSending(campaign);
        failEverything(h, campaign);

        auto preview = call(api.server, "GET", path);
        CPPUNIT_ASSERT_EQUAL(200, preview.status);
        CPPUNIT_ASSERT_EQUAL(0, preview.body->getValue<int>("attempt"));
        auto group = preview.body->getArray("groups")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("transient"), group->getValue<std::string>("class"));
        CPPUNIT_ASSERT_EQUAL(3, group->getValue<int>("ready"));
        CPPUNIT_ASSERT(group->getValue<bool>("checked"));

        auto never = call(api.server, "POST", path, {}, nullptr, R"({"classes":["user_stopped"]})");
        CPPUNIT_ASSERT_EQUAL(400, never.status);
        CPPUNIT_ASSERT_EQUAL(std::string("validation_failed"), never.body->getValue<std::string>("error"));
        auto duplicates = call(api.server, "POST", path, {}, nullptr, R"({"classes":["unknown"]})");
        CPPUNIT_ASSERT_EQUAL(400, duplicates.status);
        CPPUNIT_ASSERT_EQUAL(std::string("accept_duplicates"),
                             duplicates.body->getArray("details")->getObject(0)->getValue<std::string>("field"));

        const std::string chosen = R"({"classes":["transient"],"expected_attempt":0})";
        std::string first, again;
        CPPUNIT_ASSERT_EQUAL(200, call(api.server, "POST", path, "reintentar-1", &first, chosen).status);
        CPPUNIT_ASSERT_EQUAL(200, call(api.server, "POST", path, "reintentar-1", &again, chosen).status);
        CPPUNIT_ASSERT_EQUAL(first, again);
        CPPUNIT_ASSERT(first.find("\"requeued\":3") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(409, call(api.server, "POST", path, {}, nullptr, chosen).status); // it is sending
        CPPUNIT_ASSERT_EQUAL(3LL, campaigns::counters::storedCounters(h.db(), campaign).retried);

        failEverything(h, campaign); // the retry failed again and finished
        auto stale = call(api.server, "POST", path, "reintentar-2", nullptr, chosen);
        CPPUNIT_ASSERT_EQUAL(409, stale.status);
        CPPUNIT_ASSERT_EQUAL(std::string("retry_attempt_changed"), stale.body->getValue<std::string>("error"));
        CPPUNIT_ASSERT_EQUAL(1, call(api.server, "GET", path).body->getValue<int>("attempt"));
        CPPUNIT_ASSERT_EQUAL(404, call(api.server, "GET", "/campaigns/api/v1/campaigns/999999/retry-failed").status);
    }

    // Every due entry of the campaign fails with 131000 after its last attempt; the campaign finishes.
    static void failEverything(SendingHarness& h, long long campaign) {
        campaigns::sending::OutboxStore outbox(h.db());
        const Poco::Timestamp lease = Poco::Timestamp() + Poco::Timespan(60, 0);
        const auto claimed = outbox.claim(campaign, "player", lease, 100);
        std::vector<std::pair<long long, std::string>> attempts;
        for (const auto& c : claimed) attempts.emplace_back(c.id, c.attemptId);
        outbox.markWritten(attempts, lease);
        std::vector<campaigns::sending::SendResult> results;
        campaigns::cloudapi::Retryable error;
        error.code = 131000;
        error.reason = "Error desconocido de WhatsApp al enviar";
        for (const auto& c : claimed) results.push_back({c.id, campaign, c.attemptId, c.attempts, error, Poco::Timestamp()});
        outbox.apply(results, 1);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), outbox.finishDrained().size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SendRoutesTest);
