// POST /campaigns/api/v1/campaigns over real HTTP (issue 15, points 1 and 2): racing requests with
// one upload get one 201 and 409 `upload_already_used` for the rest; an Idempotency-Key retry gets
// the first answer and creates nothing; the same key with another body is 422; a body declared
// larger than the cap is refused 413 before a byte of it is read.
#include "../live/InProcessServer.h"
#include "Barrier.h"
#include "CreationFixture.h"
#include "campaign/CreationModule.h"
#include "web/IdempotentRequests.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

using namespace campaigns;
using namespace campaigns::campaign;
using namespace creationtest;

namespace {

std::vector<std::string> rows(std::size_t n) {
    std::vector<std::string> out{"telefono,parametro_1,parametro_2"};
    for (std::size_t i = 0; i < n; ++i) out.push_back(std::to_string(56944440000ULL + i) + ",Ana,C-" + std::to_string(i));
    return out;
}

struct Answer {
    int status = 0;
    std::string text;
    Poco::JSON::Object::Ptr body() const { return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>(); }
};

Answer post(Poco::UInt16 port, const std::string& body, const std::string& idempotencyKey = {}) {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setTimeout(Poco::Timespan(20, 0));
    Poco::Net::HTTPRequest request("POST", "/campaigns/api/v1/campaigns", Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    if (!idempotencyKey.empty()) request.set("Idempotency-Key", idempotencyKey);
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    Answer a;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), a.text);
    a.status = static_cast<int>(response.getStatus());
    return a;
}

using testsupport::Barrier;

} // namespace

class CreateRouteTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CreateRouteTest);
    CPPUNIT_TEST(racingPostsWithOneUploadAnswerOne201AndThe409s);
    CPPUNIT_TEST(idempotentRetryAnswersTheSameCampaign);
    CPPUNIT_TEST(bodyDeclaredOverTheCapIsRefusedBeforeReading);
    CPPUNIT_TEST(theFrequencyCapChoiceIsStoredAndChecked);
    CPPUNIT_TEST_SUITE_END();

    static constexpr int kRacers = 8;
    Fixture f;
    std::unique_ptr<web::IdempotentRequests> idempotency;
    std::unique_ptr<testsupport::InProcessServer> server;

public:
    void setUp() override {
        f.setUp();
        idempotency = std::make_unique<web::IdempotentRequests>(*f.db);
        server = std::make_unique<testsupport::InProcessServer>(
            [this](helpdesk::RequestContext& ctx) {
                answerCreateCampaign(ctx, *f.creation, *f.store, f.directory, *idempotency,
                                     [](const std::string& key) { return key; });
            },
            [](const std::string&) { return std::map<std::string, std::string>{}; }, kRacers);
    }
    void tearDown() override {
        server.reset();
        idempotency.reset();
        f.tearDown();
    }

    std::string body(long long upload, long long templateId, std::optional<long long> image = std::nullopt,
                     const std::string& name = "Black Friday", const std::string& capAction = "") {
        Poco::JSON::Object o;
        if (!capAction.empty()) o.set("frequency_cap_action", capAction);
        o.set("name", name);
        o.set("account_id", f.accountId);
        o.set("template_id", templateId);
        o.set("upload_id", upload);
        o.set("consent", true);
        if (image) o.set("media_file_id", *image);
        std::ostringstream out;
        o.stringify(out);
        return out.str();
    }

    void racingPostsWithOneUploadAnswerOne201AndThe409s() {
        // The racers meet in the header-image upload: after the early check, before any transaction.
        Barrier barrier(kRacers);
        f.creation = std::make_unique<CampaignCreation>(
            *f.db, f.directory, *f.accounts, *f.uploads, *f.store,
            [&barrier](const accounts::Account&, const StoredUpload&) {
                barrier.arrive();
                return std::string("4490709327384033");
            },
            Poco::Logger::get("test"), f.options);
        const std::string request = body(f.addSheet(rows(10)), f.promo, f.addImage());
        std::vector<Answer> answers(kRacers);
        std::vector<std::thread> threads;
        for (int i = 0; i < kRacers; ++i) threads.emplace_back([&, i] { answers[i] = post(server->port(), request); });
        for (auto& t : threads) t.join();
        int created = 0;
        for (const auto& a : answers) {
            if (a.status == 201) {
                ++created;
                continue;
            }
            CPPUNIT_ASSERT_EQUAL_MESSAGE(a.text, 409, a.status);
            CPPUNIT_ASSERT_EQUAL(std::string("upload_already_used"), a.body()->getValue<std::string>("error"));
            CPPUNIT_ASSERT(!a.body()->getValue<std::string>("message").empty());
        }
        CPPUNIT_ASSERT_EQUAL(1, created);
        CPPUNIT_ASSERT_EQUAL(1LL, f.count("SELECT COUNT(*) FROM campaigns_campaigns"));
    }

    void idempotentRetryAnswersTheSameCampaign() {
        const long long upload = f.addSheet(rows(3));
        const std::string request = body(upload, f.bienvenida);
        const Answer first = post(server->port(), request, "crear-bf-1");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(first.text, 201, first.status);
        const long long id = first.body()->getValue<Poco::Int64>("id");

        const Answer retry = post(server->port(), request, "crear-bf-1");
        CPPUNIT_ASSERT_EQUAL(201, retry.status);
        CPPUNIT_ASSERT_EQUAL(first.text, retry.text);
        CPPUNIT_ASSERT_EQUAL(id, static_cast<long long>(retry.body()->getValue<Poco::Int64>("id")));
        CPPUNIT_ASSERT_EQUAL(1LL, f.count("SELECT COUNT(*) FROM campaigns_campaigns"));

        const Answer other = post(server->port(), body(upload, f.bienvenida, std::nullopt, "Otro nombre"), "crear-bf-1");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(other.text, 422, other.status);
        CPPUNIT_ASSERT_EQUAL(std::string("idempotency_key_reused"), other.body()->getValue<std::string>("error"));

        // Without the key, the same request is a new attempt: the upload is taken.
        const Answer again = post(server->port(), request);
        CPPUNIT_ASSERT_EQUAL(409, again.status);
        // A refusal is kept too: its retry gets the same 409 body.
        const Answer refused = post(server->port(), request, "crear-bf-2");
        const Answer refusedRetry = post(server->port(), request, "crear-bf-2");
        CPPUNIT_ASSERT_EQUAL(409, refused.status);
        CPPUNIT_ASSERT_EQUAL(refused.text, refusedRetry.text);
        CPPUNIT_ASSERT_EQUAL(1LL, f.count("SELECT COUNT(*) FROM campaigns_campaigns"));
    }

    // "frequency_cap_action": hold by default, skip when asked, anything else refused naming the field.
    void theFrequencyCapChoiceIsStoredAndChecked() {
        const Answer wrong = post(server->port(), body(f.addSheet(rows(2)), f.bienvenida, std::nullopt, "Mal", "nunca"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(wrong.text, 400, wrong.status);
        CPPUNIT_ASSERT_EQUAL(std::string("validation_failed"), wrong.body()->getValue<std::string>("error"));
        CPPUNIT_ASSERT(wrong.text.find("frequency_cap_action") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(0LL, f.count("SELECT COUNT(*) FROM campaigns_campaigns"));

        const Answer byDefault = post(server->port(), body(f.addSheet(rows(2)), f.bienvenida, std::nullopt, "Esperar"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(byDefault.text, 201, byDefault.status);
        CPPUNIT_ASSERT_EQUAL(std::string("hold"), byDefault.body()->getValue<std::string>("frequency_cap_action"));
        const Answer skip = post(server->port(), body(f.addSheet(rows(2)), f.bienvenida, std::nullopt, "Omitir", "skip"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(skip.text, 201, skip.status);
        CPPUNIT_ASSERT_EQUAL(std::string("skip"), skip.body()->getValue<std::string>("frequency_cap_action"));
        CPPUNIT_ASSERT_EQUAL(1LL, f.count("SELECT COUNT(*) FROM campaigns_campaigns WHERE frequency_cap_action = 'skip'"));
        CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), skip.body()->getObject("counters")->getValue<Poco::Int64>("capped"));
    }

    void bodyDeclaredOverTheCapIsRefusedBeforeReading() {
        // Headers only: a reader that waits for the 2 MiB it was promised would time out.
        Poco::Net::HTTPClientSession session("127.0.0.1", server->port());
        session.setTimeout(Poco::Timespan(5, 0));
        Poco::Net::HTTPRequest request("POST", "/campaigns/api/v1/campaigns", Poco::Net::HTTPMessage::HTTP_1_1);
        request.setContentType("application/json");
        request.setContentLength(2 * 1024 * 1024);
        session.sendRequest(request).flush();
        Poco::Net::HTTPResponse response;
        std::string text;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), text);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(text, 413, static_cast<int>(response.getStatus()));
        CPPUNIT_ASSERT(text.find("payload_too_large") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CreateRouteTest);
