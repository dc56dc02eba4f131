#include "FakeCloudApi.h"
#include "cloudapi/CloudApiClient.h"

#include <cppunit/extensions/HelperMacros.h>

#include <thread>

using namespace campaigns::cloudapi;
using namespace campaigns::cloudapi::test;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

namespace {

const std::string kToken = "EAAG-secret-token";
const std::string kBody = R"({"messaging_product":"whatsapp","to":"+15550001111","type":"template"})";

AccountEndpoint accountFor(const std::string& baseUrl) {
    AccountEndpoint a;
    a.baseUrl = baseUrl;
    a.apiVersion = "v23.0";
    a.phoneNumberId = "106540352242922";
    a.wabaId = "102290129340398";
    a.accessToken = kToken;
    return a;
}

ConnectionPoolOptions fastOptions() {
    ConnectionPoolOptions o;
    o.connectTimeout = Poco::Timespan(1, 0);
    o.sendTimeout = Poco::Timespan(1, 0);
    o.receiveTimeout = Poco::Timespan(0, 300 * 1000);
    return o;
}

} // namespace

class CloudApiSendTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CloudApiSendTest);
    CPPUNIT_TEST(testAcceptedAndRequestShape);
    CPPUNIT_TEST(testMetaErrorClassified);
    CPPUNIT_TEST(testServiceUnavailableWithoutBodyIsAmbiguous);
    CPPUNIT_TEST(testSlowAnswerIsAmbiguousAndNeverResent);
    CPPUNIT_TEST(testConnectionClosedAfterRequestIsAmbiguous);
    CPPUNIT_TEST(testServerClosedIdleConnectionNotLostNorDoubled);
    CPPUNIT_TEST(testRefusedConnectionIsRetryableAndSendsNothing);
    CPPUNIT_TEST(testUnusableBaseUrlPausesSender);
    CPPUNIT_TEST(testConnectionsAreReused);
    CPPUNIT_TEST(testManyThreadsShareTheClient);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAcceptedAndRequestShape() {
        FakeCloudApi api;
        api.onRequest([](const RecordedRequest&, HTTPServerRequest&, HTTPServerResponse& r) {
            FakeCloudApi::replyAccepted(r, "wamid.A1");
        });
        CloudApiClient client(ConnectionPool::create(fastOptions()));
        const SendOutcome o = client.sendMessage(accountFor(api.baseUrl()), kBody);
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), std::string(kindName(o.kind())));
        CPPUNIT_ASSERT_EQUAL(std::string("wamid.A1"), o.as<Accepted>().wamid);
        const auto reqs = api.requests();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), reqs.size());
        CPPUNIT_ASSERT_EQUAL(std::string("POST"), reqs[0].method);
        CPPUNIT_ASSERT_EQUAL(std::string("/graph/v23.0/106540352242922/messages"), reqs[0].uri);
        CPPUNIT_ASSERT_EQUAL("Bearer " + kToken, reqs[0].authorization);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), reqs[0].contentType);
        CPPUNIT_ASSERT_EQUAL(kBody, reqs[0].body);
    }

    void testMetaErrorClassified() {
        FakeCloudApi api;
        api.onRequest([](const RecordedRequest&, HTTPServerRequest&, HTTPServerResponse& r) {
            FakeCloudApi::replyJson(r, 400, R"({"error":{"message":"(#131026) Message Undeliverable","code":131026,
                "error_data":{"details":"not on WhatsApp"},"fbtrace_id":"F1"}})");
        });
        CloudApiClient client(ConnectionPool::create(fastOptions()));
        const SendOutcome o = client.sendMessage(accountFor(api.baseUrl()), kBody);
        CPPUNIT_ASSERT(o.is<Permanent>());
        CPPUNIT_ASSERT_EQUAL(131026, *o.code());
        CPPUNIT_ASSERT(o.as<Permanent>().detail.find("not on WhatsApp") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(1, api.requestCount());
    }

    void testServiceUnavailableWithoutBodyIsAmbiguous() {
        FakeCloudApi api;
        api.onRequest([](const RecordedRequest&, HTTPServerRequest&, HTTPServerResponse& r) {
            r.setStatus(Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE);
            r.setContentLength(0);
            r.send();
        });
        CloudApiClient client(ConnectionPool::create(fastOptions()));
        const SendOutcome o = client.sendMessage(accountFor(api.baseUrl()), kBody);
        CPPUNIT_ASSERT(o.is<Ambiguous>());
        CPPUNIT_ASSERT_EQUAL(1, api.requestCount());
    }

    void testSlowAnswerIsAmbiguousAndNeverResent() {
        FakeCloudApi api;
        api.onRequest([](const RecordedRequest&, HTTPServerRequest&, HTTPServerResponse& r) {
            std::this_thread::sleep_for(std::chrono::milliseconds(900));
            FakeCloudApi::replyAccepted(r, "wamid.late");
        });
        auto pool = ConnectionPool::create(fastOptions());
        CloudApiClient client(pool);
        const auto account = accountFor(api.baseUrl());
        const SendOutcome o = client.sendMessage(account, kBody);
        CPPUNIT_ASSERT(o.is<Ambiguous>());
        CPPUNIT_ASSERT(o.as<Ambiguous>().detail.find(kToken) == std::string::npos);
        api.waitFinished(1);
        CPPUNIT_ASSERT_EQUAL(1, api.requestCount());
        // The timed-out connection still carries the late answer: it must not be reused.
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), pool->idleCount({"http", "127.0.0.1", api.port()}));
        api.onRequest([](const RecordedRequest&, HTTPServerRequest&, HTTPServerResponse& r) {
            FakeCloudApi::replyAccepted(r, "wamid.next");
        });
        const SendOutcome next = client.sendMessage(account, kBody);
        CPPUNIT_ASSERT(next.is<Accepted>());
        CPPUNIT_ASSERT_EQUAL(std::string("wamid.next"), next.as<Accepted>().wamid);
        CPPUNIT_ASSERT_EQUAL(2, api.requestCount());
    }

    void testConnectionClosedAfterRequestIsAmbiguous() {
        FakeCloudApi api;
        api.onRequest([](const RecordedRequest&, HTTPServerRequest& req, HTTPServerResponse& r) {
            FakeCloudApi::closeWithoutAnswer(req, r);
        });
        CloudApiClient client(ConnectionPool::create(fastOptions()));
        const SendOutcome o = client.sendMessage(accountFor(api.baseUrl()), kBody);
        CPPUNIT_ASSERT_EQUAL(std::string("ambiguous"), std::string(kindName(o.kind())));
        api.waitFinished(1);
        CPPUNIT_ASSERT_EQUAL(1, api.requestCount());
    }

    void testServerClosedIdleConnectionNotLostNorDoubled() {
        FakeCloudApi api(Poco::Timespan(0, 150 * 1000));
        int n = 0;
        api.onRequest([&n](const RecordedRequest&, HTTPServerRequest&, HTTPServerResponse& r) {
            FakeCloudApi::replyAccepted(r, "wamid." + std::to_string(++n));
        });
        auto pool = ConnectionPool::create(fastOptions());
        CloudApiClient client(pool);
        const auto account = accountFor(api.baseUrl());
        CPPUNIT_ASSERT(client.sendMessage(account, kBody).is<Accepted>());
        std::this_thread::sleep_for(std::chrono::milliseconds(600)); // the server closes the idle connection
        const SendOutcome second = client.sendMessage(account, kBody);
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), std::string(kindName(second.kind())));
        CPPUNIT_ASSERT_EQUAL(std::string("wamid.2"), second.as<Accepted>().wamid);
        CPPUNIT_ASSERT_EQUAL(2, api.requestCount());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), pool->staleDropped());
    }

    void testRefusedConnectionIsRetryableAndSendsNothing() {
        CloudApiClient client(ConnectionPool::create(fastOptions()));
        const SendOutcome o = client.sendMessage(accountFor("http://127.0.0.1:" + std::to_string(closedPort())), kBody);
        CPPUNIT_ASSERT(o.is<Retryable>());
        CPPUNIT_ASSERT(!o.code());
        CPPUNIT_ASSERT(o.as<Retryable>().scope == RetryScope::Account);
        CPPUNIT_ASSERT(o.as<Retryable>().detail.find(kToken) == std::string::npos);
    }

    void testUnusableBaseUrlPausesSender() {
        CloudApiClient client(ConnectionPool::create(fastOptions()));
        CPPUNIT_ASSERT(client.sendMessage(accountFor("ftp://graph.example"), kBody).is<PauseSender>());
        CPPUNIT_ASSERT(client.sendMessage(accountFor("not a url"), kBody).is<PauseSender>());
    }

    void testConnectionsAreReused() {
        FakeCloudApi api;
        api.onRequest(
            [](const RecordedRequest&, HTTPServerRequest&, HTTPServerResponse& r) { FakeCloudApi::replyAccepted(r, "wamid.R"); });
        auto pool = ConnectionPool::create(fastOptions());
        CloudApiClient client(pool);
        const auto account = accountFor(api.baseUrl());
        for (int i = 0; i < 5; ++i) CPPUNIT_ASSERT(client.sendMessage(account, kBody).is<Accepted>());
        const ConnectionEndpoint ep{"http", "127.0.0.1", api.port()};
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), pool->openCount(ep));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), pool->idleCount(ep));
        CPPUNIT_ASSERT_EQUAL(5, api.requestCount());
    }

    void testManyThreadsShareTheClient() {
        FakeCloudApi api;
        std::atomic<int> n{0};
        api.onRequest([&n](const RecordedRequest&, HTTPServerRequest&, HTTPServerResponse& r) {
            FakeCloudApi::replyAccepted(r, "wamid.T" + std::to_string(++n));
        });
        ConnectionPoolOptions options = fastOptions();
        options.maxPerEndpoint = 4;
        options.receiveTimeout = Poco::Timespan(5, 0);
        auto pool = ConnectionPool::create(options);
        CloudApiClient client(pool);
        const auto account = accountFor(api.baseUrl());
        std::atomic<int> accepted{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t)
            threads.emplace_back([&] {
                for (int i = 0; i < 25; ++i)
                    if (client.sendMessage(account, kBody).is<Accepted>()) ++accepted;
            });
        for (auto& t : threads) t.join();
        CPPUNIT_ASSERT_EQUAL(200, accepted.load());
        CPPUNIT_ASSERT_EQUAL(200, api.requestCount());
        const ConnectionEndpoint ep{"http", "127.0.0.1", api.port()};
        CPPUNIT_ASSERT(pool->openCount(ep) <= 4);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CloudApiSendTest);
