#include "FakeCloudApi.h"
#include "cloudapi/CloudApiClient.h"

#include <Poco/URI.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::cloudapi;
using namespace campaigns::cloudapi::test;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

namespace {

AccountEndpoint accountFor(const std::string& baseUrl) {
    AccountEndpoint a;
    a.baseUrl = baseUrl;
    a.apiVersion = "v23.0";
    a.phoneNumberId = "106540352242922";
    a.wabaId = "102290129340398";
    a.accessToken = "tok";
    return a;
}

std::string queryParam(const std::string& uri, const std::string& name) {
    for (const auto& [k, v] : Poco::URI(uri).getQueryParameters())
        if (k == name) return v;
    return {};
}

std::string templateJson(const std::string& name, const std::string& body) {
    return R"({"name":")" + name + R"(","language":"es","status":"APPROVED","category":"MARKETING","id":")" + name +
           R"(-id","components":[{"type":"BODY","text":")" + body + R"("}]})";
}

} // namespace

class CloudApiManagementTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CloudApiManagementTest);
    CPPUNIT_TEST(testTemplatesAcrossThreePages);
    CPPUNIT_TEST(testTemplateErrorCarriesOutcome);
    CPPUNIT_TEST(testPagingThatDoesNotAdvanceStops);
    CPPUNIT_TEST(testUploadMedia);
    CPPUNIT_TEST(testPhoneNumberInfo);
    CPPUNIT_TEST(testUnreachableServerIsRetryableError);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTemplatesAcrossThreePages() {
        FakeCloudApi api;
        api.onRequest([](const RecordedRequest& req, HTTPServerRequest&, HTTPServerResponse& r) {
            const std::string after = queryParam(req.uri, "after");
            // `next` names another host on purpose: the client must stay on its own base URL.
            if (after.empty())
                FakeCloudApi::replyJson(
                    r, 200,
                    R"({"data":[)" + templateJson("uno", "Hola {{1}}") + "," + templateJson("dos", "x") +
                        R"(],"paging":{"cursors":{"before":"b","after":"c2"},"next":"https://evil.example/v23.0/x?after=c2"}})");
            else if (after == "c2")
                FakeCloudApi::replyJson(
                    r, 200,
                    R"({"data":[)" + templateJson("tres", "x") +
                        R"(,{"name":"roto","language":"es"}],"paging":{"cursors":{"after":"c3"},"next":"https://graph.facebook.com/n?after=c3"}})");
            else
                FakeCloudApi::replyJson(
                    r, 200,
                    R"({"data":[)" + templateJson("cuatro", "{{1}} {{2}}") + R"(],"paging":{"cursors":{"before":"c3"}}})");
        });
        CloudApiClient client(ConnectionPool::create());
        const TemplateListing listing = client.listTemplates(accountFor(api.baseUrl()), 2);
        CPPUNIT_ASSERT_EQUAL(3, listing.pages);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), listing.templates.size());
        CPPUNIT_ASSERT_EQUAL(std::string("uno"), listing.templates[0].name);
        CPPUNIT_ASSERT_EQUAL(std::string("cuatro"), listing.templates[3].name);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), listing.skipped.size());
        CPPUNIT_ASSERT(listing.skipped[0].find("roto") != std::string::npos);
        const auto reqs = api.requests();
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), reqs.size());
        CPPUNIT_ASSERT_EQUAL(std::string("/graph/v23.0/102290129340398/message_templates"), Poco::URI(reqs[0].uri).getPath());
        CPPUNIT_ASSERT_EQUAL(std::string("2"), queryParam(reqs[0].uri, "limit"));
        CPPUNIT_ASSERT(queryParam(reqs[0].uri, "fields").find("parameter_format") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("c3"), queryParam(reqs[2].uri, "after"));
        for (const auto& r : reqs) CPPUNIT_ASSERT_EQUAL(std::string("Bearer tok"), r.authorization);
    }

    void testTemplateErrorCarriesOutcome() {
        FakeCloudApi api;
        api.onRequest([](const RecordedRequest&, HTTPServerRequest&, HTTPServerResponse& r) {
            FakeCloudApi::replyJson(r, 401, R"({"error":{"message":"(#190) expired","code":190}})");
        });
        CloudApiClient client(ConnectionPool::create());
        try {
            client.listTemplates(accountFor(api.baseUrl()));
            CPPUNIT_FAIL("expected CloudApiError");
        } catch (const CloudApiError& e) {
            CPPUNIT_ASSERT(e.outcome().is<PauseSender>());
            CPPUNIT_ASSERT_EQUAL(190, *e.outcome().code());
            CPPUNIT_ASSERT_EQUAL(401, e.httpStatus());
            CPPUNIT_ASSERT_EQUAL(std::string("El token de acceso expiró; actualice la cuenta de origen"), std::string(e.what()));
        }
    }

    void testPagingThatDoesNotAdvanceStops() {
        FakeCloudApi api;
        api.onRequest([](const RecordedRequest&, HTTPServerRequest&, HTTPServerResponse& r) {
            FakeCloudApi::replyJson(r, 200,
                                    R"({"data":[],"paging":{"cursors":{"after":"same"},"next":"https://x/?after=same"}})");
        });
        CloudApiClient client(ConnectionPool::create());
        CPPUNIT_ASSERT_THROW(client.listTemplates(accountFor(api.baseUrl())), CloudApiError);
        CPPUNIT_ASSERT_EQUAL(2, api.requestCount());
    }

    void testUploadMedia() {
        FakeCloudApi api;
        api.onRequest([](const RecordedRequest& req, HTTPServerRequest&, HTTPServerResponse& r) {
            const bool ok =
                req.contentType.rfind("multipart/form-data; boundary=", 0) == 0 &&
                req.body.find("name=\"messaging_product\"\r\n\r\nwhatsapp\r\n") != std::string::npos &&
                req.body.find("filename=\"promo.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n") != std::string::npos;
            if (ok)
                FakeCloudApi::replyJson(r, 200, R"({"id":"1037543291543636"})");
            else
                FakeCloudApi::replyJson(r, 400, R"({"error":{"code":100,"message":"bad multipart"}})");
        });
        CloudApiClient client(ConnectionPool::create());
        const std::string png("\x89PNG\r\n\x1a\n\0\0", 10);
        CPPUNIT_ASSERT_EQUAL(std::string("1037543291543636"),
                             client.uploadMedia(accountFor(api.baseUrl()), png, "image/png", "promo.png"));
        CPPUNIT_ASSERT_EQUAL(std::string("/graph/v23.0/106540352242922/media"), api.requests()[0].uri);
    }

    void testPhoneNumberInfo() {
        FakeCloudApi api;
        api.onRequest([](const RecordedRequest&, HTTPServerRequest&, HTTPServerResponse& r) {
            FakeCloudApi::replyJson(r, 200, R"({"display_phone_number":"+1 555-078-3881","verified_name":"Lucky Shrub",
                "quality_rating":"GREEN","throughput":{"level":"STANDARD"},
                "whatsapp_business_manager_messaging_limit":"TIER_2K","id":"106540352242922"})");
        });
        CloudApiClient client(ConnectionPool::create());
        const PhoneNumberInfo info = client.phoneNumberInfo(accountFor(api.baseUrl()));
        CPPUNIT_ASSERT_EQUAL(std::string("+1 555-078-3881"), info.displayPhoneNumber);
        CPPUNIT_ASSERT_EQUAL(std::string("Lucky Shrub"), info.verifiedName);
        CPPUNIT_ASSERT_EQUAL(std::string("GREEN"), info.qualityRating);
        CPPUNIT_ASSERT_EQUAL(std::string("STANDARD"), info.throughputLevel);
        CPPUNIT_ASSERT_EQUAL(std::string("TIER_2K"), info.messagingLimit);
        const std::string uri = api.requests()[0].uri;
        CPPUNIT_ASSERT_EQUAL(std::string("/graph/v23.0/106540352242922"), Poco::URI(uri).getPath());
        CPPUNIT_ASSERT(queryParam(uri, "fields").find("whatsapp_business_manager_messaging_limit") != std::string::npos);
    }

    void testUnreachableServerIsRetryableError() {
        CloudApiClient client(ConnectionPool::create());
        try {
            client.phoneNumberInfo(accountFor("http://127.0.0.1:" + std::to_string(closedPort())));
            CPPUNIT_FAIL("expected CloudApiError");
        } catch (const CloudApiError& e) {
            CPPUNIT_ASSERT(e.outcome().is<Retryable>());
            CPPUNIT_ASSERT_EQUAL(0, e.httpStatus());
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CloudApiManagementTest);
