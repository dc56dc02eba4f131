#include "SimHarness.h"

#include <Poco/JSON/Array.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/StringPartSource.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <cppunit/extensions/HelperMacros.h>

#include <set>

using namespace simtest;

class TemplatesAndMediaTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TemplatesAndMediaTest);
    CPPUNIT_TEST(testPaginationWalksAllPages);
    CPPUNIT_TEST(testStatusFilter);
    CPPUNIT_TEST(testTemplatesNeedToken);
    CPPUNIT_TEST(testMediaUploadJpeg);
    CPPUNIT_TEST(testMediaWrongTypeOrTooBig);
    CPPUNIT_TEST(testPhoneNumberInfo);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { harness_ = std::make_unique<SimHarness>(); }
    void tearDown() override { harness_.reset(); }

    HttpResult upload(const std::string& data, const std::string& mime) {
        Poco::Net::HTMLForm form(Poco::Net::HTMLForm::ENCODING_MULTIPART);
        form.set("messaging_product", "whatsapp");
        form.set("type", mime);
        form.addPart("file", new Poco::Net::StringPartSource(data, mime, "header.img"));
        Poco::Net::HTTPClientSession session("127.0.0.1", harness_->port());
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, std::string("/v23.0/") + kPhoneId + "/media",
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("Authorization", std::string("Bearer ") + kToken);
        form.prepareSubmit(request);
        form.write(session.sendRequest(request));
        Poco::Net::HTTPResponse response;
        HttpResult result;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), result.body);
        result.status = response.getStatus();
        return result;
    }

    void testPaginationWalksAllPages() {
        std::string path = std::string("/v23.0/") + kWabaId + "/message_templates?limit=25";
        std::set<std::string> seen;
        int pages = 0;
        while (!path.empty()) {
            auto page = harness_->request("GET", path);
            CPPUNIT_ASSERT_EQUAL(200, page.status);
            auto json = page.json();
            ++pages;
            auto data = json->getArray("data");
            for (std::size_t i = 0; i < data->size(); ++i)
                seen.insert(data->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
            auto paging = json->getObject("paging");
            path = paging && paging->has("next") ? Poco::URI(paging->getValue<std::string>("next")).getPathAndQuery() : "";
        }
        CPPUNIT_ASSERT_EQUAL(3, pages);
        CPPUNIT_ASSERT_EQUAL(harness_->sim().templates().list().size(), seen.size());
    }

    void testStatusFilter() {
        auto json = harness_->request("GET", std::string("/v23.0/") + kWabaId + "/message_templates?status=REJECTED").json();
        auto data = json->getArray("data");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), data->size());
        CPPUNIT_ASSERT_EQUAL(std::string("rechazada"), data->getObject(0)->getValue<std::string>("name"));
    }

    void testTemplatesNeedToken() {
        auto result = harness_->request("GET", std::string("/v23.0/") + kWabaId + "/message_templates", "", "bad");
        CPPUNIT_ASSERT_EQUAL(190, errorCode(result));
    }

    void testMediaUploadJpeg() {
        auto result = upload(std::string("\xFF\xD8\xFF\xE0", 4) + std::string(1000, 'x'), "image/jpeg");
        CPPUNIT_ASSERT_EQUAL(200, result.status);
        std::string id = result.json()->getValue<std::string>("id");
        CPPUNIT_ASSERT(!id.empty());
        CPPUNIT_ASSERT(id.find_first_not_of("0123456789") == std::string::npos);
    }

    void testMediaWrongTypeOrTooBig() {
        CPPUNIT_ASSERT_EQUAL(131053, errorCode(upload("GIF89a....", "image/gif")));
        CPPUNIT_ASSERT_EQUAL(131053, errorCode(upload("not a png", "image/png")));
        harness_->control("POST", "/_sim/config", R"({"media_max_bytes":1000})");
        CPPUNIT_ASSERT_EQUAL(131053,
                             errorCode(upload(std::string("\x89PNG\r\n\x1a\n", 8) + std::string(2000, 'x'), "image/png")));
    }

    void testPhoneNumberInfo() {
        auto json = harness_
                        ->request("GET", std::string("/v23.0/") + kPhoneId +
                                             "?fields=display_phone_number,verified_name,quality_rating,throughput,"
                                             "whatsapp_business_manager_messaging_limit")
                        .json();
        CPPUNIT_ASSERT_EQUAL(std::string(kPhoneId), json->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("GREEN"), json->getValue<std::string>("quality_rating"));
        CPPUNIT_ASSERT_EQUAL(std::string("STANDARD"), json->getObject("throughput")->getValue<std::string>("level"));
        CPPUNIT_ASSERT_EQUAL(std::string("TIER_10K"), json->getValue<std::string>("whatsapp_business_manager_messaging_limit"));
        CPPUNIT_ASSERT(!json->has("platform_type"));
        CPPUNIT_ASSERT_EQUAL(100, errorCode(harness_->request("GET", "/v23.0/424242")));
    }

private:
    std::unique_ptr<SimHarness> harness_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(TemplatesAndMediaTest);
