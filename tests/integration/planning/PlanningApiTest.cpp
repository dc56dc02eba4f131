// The planning routes over real HTTP, as the dialog calls them: GET .../send-plan answers the plan
// with the test defaults (row 2, the user's last test phone), POST .../test-messages sends one and
// GET .../test-messages/{tid} follows it to "read"; errors come back as the API's JSON errors.
#include "../live/InProcessServer.h"
#include "SendingHarness.h"
#include "planning/PlanningApi.h"
#include "planning/PlanningModule.h"
#include "sending/CampaignPayloads.h"

#include <Poco/File.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>

using sendtest::SendingHarness;
namespace planning = campaigns::planning;

namespace {

const std::string kBase = "/campaigns/api/v1/campaigns/";

struct Answer {
    int status = 0;
    Poco::JSON::Object::Ptr body;
};

// The planning routes behind a real HTTP server; "{id}" and "{tid}" taken from the path.
struct Routes : helpdesk::Router {
    Routes(SendingHarness& h, const std::string& priceFile)
        : box("k1", {{"k1", "a passphrase for the sending tests"}}),
          accounts(h.db(), box),
          client(campaigns::cloudapi::ConnectionPool::create({})),
          prices(priceFile, Poco::Logger::get("test")),
          tests(
              h.db(), client, accounts,
              [&h](long long c, const std::string& phone, const std::string& params) {
                  return campaigns::sending::payloadForRow(h.db(), c, phone, params);
              },
              Poco::Logger::get("test")),
          api(h.db(), prices, planning::phoneInfoFrom(accounts, client), tests, "America/Santiago"),
          server([this](helpdesk::RequestContext& ctx) { handle(ctx); }, params) {
        api.registerRoutes(*this);
    }
    void add(helpdesk::Route route) override { routes.push_back(std::move(route)); }
    void addStatic(const std::string&, const std::string&, helpdesk::Role) override {}

    static std::vector<std::string> segments(const std::string& path) {
        std::vector<std::string> out;
        std::string rest = path.substr(kBase.size());
        for (std::size_t start = 0; start <= rest.size();) {
            const auto slash = rest.find('/', start);
            out.push_back(rest.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
            if (slash == std::string::npos) break;
            start = slash + 1;
        }
        return out;
    }
    static std::map<std::string, std::string> params(const std::string& path) {
        if (path.rfind(kBase, 0) != 0) return {};
        const auto s = segments(path);
        std::map<std::string, std::string> p{{"id", s[0]}};
        if (s.size() > 2) p["tid"] = s[2];
        return p;
    }
    void handle(helpdesk::RequestContext& ctx) {
        std::string pattern = ctx.request.getURI();
        if (pattern.rfind(kBase, 0) == 0) {
            const auto s = segments(pattern);
            pattern = kBase + "{id}/" + s[1] + (s.size() > 2 ? "/{tid}" : "");
        }
        for (auto& r : routes)
            if (r.method == ctx.request.getMethod() && r.pattern == pattern) return r.handler(ctx);
        throw helpdesk::HttpError(404, "no_route", "no route " + pattern);
    }
    Answer call(const std::string& method, const std::string& path, const std::string& body = {}) {
        Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        if (!body.empty()) request.setContentType("application/json");
        session.sendRequest(request) << body;
        Poco::Net::HTTPResponse response;
        std::string text;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), text);
        return {static_cast<int>(response.getStatus()), Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>()};
    }

    campaigns::accounts::SecretBox box;
    campaigns::accounts::AccountStore accounts;
    campaigns::cloudapi::CloudApiClient client;
    planning::PriceBook prices;
    planning::TestMessages tests;
    planning::PlanningApi api;
    std::vector<helpdesk::Route> routes;
    testsupport::InProcessServer server;
};

} // namespace

class PlanningApiTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PlanningApiTest);
    CPPUNIT_TEST(planAndTestMessageOverHttp);
    CPPUNIT_TEST(badPriceFileIsAnsweredAndKeptOut);
    CPPUNIT_TEST_SUITE_END();

public:
    void planAndTestMessageOverHttp() {
        SendingHarness h([](cloudsim::SimConfig& c) {
            c.pDelivered = 1.0;
            c.pRead = 1.0;
        });
        h.engine().stop(std::chrono::seconds(5));
        Poco::TemporaryFile priceFile;
        std::ofstream(priceFile.path()) << "fecha = 2026-07-01\nmoneda = CLP\nfuente = prueba\n56, CL, 80, 18, 18\n";
        Routes r(h, priceFile.path());
        const long long campaign = h.createCampaign(sendtest::plainCampaign(4, false, 0));
        const std::string base = kBase + std::to_string(campaign);

        auto plan = r.call("GET", base + "/send-plan");
        CPPUNIT_ASSERT_EQUAL(200, plan.status);
        CPPUNIT_ASSERT_EQUAL(4, plan.body->getValue<int>("recipients"));
        CPPUNIT_ASSERT_EQUAL(std::string("America/Santiago"), plan.body->getValue<std::string>("time_zone"));
        CPPUNIT_ASSERT(plan.body->getObject("phone")->getValue<bool>("ok"));
        const auto cost = plan.body->getObject("cost");
        CPPUNIT_ASSERT(cost->getValue<bool>("estimated"));
        CPPUNIT_ASSERT_EQUAL(std::string("CLP"), cost->getValue<std::string>("currency"));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(4 * 18.0, cost->getValue<double>("total"), 1e-9); // UTILITY
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), plan.body->getArray("waves")->size());
        auto test = plan.body->getObject("test");
        CPPUNIT_ASSERT_EQUAL(2, test->getValue<int>("default_row"));
        CPPUNIT_ASSERT_EQUAL(5, test->getValue<int>("last_row"));
        CPPUNIT_ASSERT_EQUAL(std::string(), test->getValue<std::string>("last_phone"));

        auto sent = r.call("POST", base + "/test-messages", R"({"phone":"+56 9 7777 6666"})");
        CPPUNIT_ASSERT_EQUAL(201, sent.status);
        CPPUNIT_ASSERT_EQUAL(2, sent.body->getValue<int>("row"));
        const auto tid = sent.body->getValue<long long>("id");
        h.waitFor(
            [&] {
                return r.call("GET", base + "/test-messages/" + std::to_string(tid)).body->getValue<std::string>("state") ==
                       "read";
            },
            30, "the test message to be read over HTTP");
        // The dialog pre-fills the phone this user used last.
        CPPUNIT_ASSERT_EQUAL(std::string("56977776666"),
                             r.call("GET", base + "/send-plan").body->getObject("test")->getValue<std::string>("last_phone"));

        auto badPhone = r.call("POST", base + "/test-messages", R"({"phone":"abc","row":2})");
        CPPUNIT_ASSERT_EQUAL(400, badPhone.status);
        CPPUNIT_ASSERT_EQUAL(std::string("validation_failed"), badPhone.body->getValue<std::string>("error"));
        CPPUNIT_ASSERT_EQUAL(std::string("phone"),
                             badPhone.body->getArray("details")->getObject(0)->getValue<std::string>("field"));
        auto missing = r.call("GET", base + "/test-messages/999999");
        CPPUNIT_ASSERT_EQUAL(404, missing.status);
        CPPUNIT_ASSERT_EQUAL(std::string("test_message_not_found"), missing.body->getValue<std::string>("error"));
        CPPUNIT_ASSERT_EQUAL(404, r.call("GET", kBase + "999999/send-plan").status);
    }

    void badPriceFileIsAnsweredAndKeptOut() {
        SendingHarness h;
        h.engine().stop(std::chrono::seconds(5));
        Poco::TemporaryFile priceFile;
        std::ofstream(priceFile.path()) << "fecha = 2026-07-01\nmoneda = CLP\nfuente = prueba\n56, CL, 80, 18, 18\n";
        Routes r(h, priceFile.path());
        const long long campaign = h.createCampaign(sendtest::plainCampaign(4, false, 0));
        const std::string base = kBase + std::to_string(campaign);
        // A bad price file keeps the old table; the plan lists the errors with their line.
        std::ofstream(priceFile.path()) << "fecha = 2026-08-01\nmoneda = CLP\n56, CL, caro, 18, 18\n";
        Poco::File(priceFile.path()).setLastModified(Poco::Timestamp() + Poco::Timespan(5, 0));
        const auto again = r.call("GET", base + "/send-plan").body->getObject("cost");
        CPPUNIT_ASSERT_EQUAL(std::string("2026-07-01"), again->getValue<std::string>("prices_date"));
        const auto errors = again->getArray("price_file_errors");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors->size());
        CPPUNIT_ASSERT(errors->getElement<std::string>(0).rfind("Línea 3:", 0) == 0);
        // The administrator's reload answers the same errors; a fixed file is taken at once.
        auto refused = r.call("POST", "/campaigns/api/v1/prices/reload");
        CPPUNIT_ASSERT_EQUAL(422, refused.status);
        CPPUNIT_ASSERT_EQUAL(std::string("invalid_price_file"), refused.body->getValue<std::string>("error"));
        const auto detail = refused.body->getArray("details")->getObject(0)->getValue<std::string>("message");
        CPPUNIT_ASSERT_MESSAGE(detail, detail.rfind("Línea 3: el precio MARKETING «caro»", 0) == 0);
        std::ofstream(priceFile.path()) << "fecha = 2026-09-01\nmoneda = CLP\n56, CL, 90, 20, 20\n";
        auto reloaded = r.call("POST", "/campaigns/api/v1/prices/reload");
        CPPUNIT_ASSERT_EQUAL(200, reloaded.status);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-09-01"), reloaded.body->getValue<std::string>("prices_date"));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(4 * 20.0,
                                     r.call("GET", base + "/send-plan").body->getObject("cost")->getValue<double>("total"), 1e-9);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PlanningApiTest);
