#include "SimHarness.h"
#include "WebhookReceiver.h"

#include <Poco/JSON/Array.h>

#include <cppunit/extensions/HelperMacros.h>

#include <map>

using namespace simtest;

class WebhookDeliveryTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(WebhookDeliveryTest);
    CPPUNIT_TEST(testSignedStatusesCarryOpaqueData);
    CPPUNIT_TEST(testAsyncUndeliverableRule);
    CPPUNIT_TEST(testStatusesAreBatched);
    CPPUNIT_TEST(testRetriesUntil200);
    CPPUNIT_TEST(testInboundReplyToWamid);
    CPPUNIT_TEST(testTemplateStatusChange);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override {
        receiver_ = std::make_unique<WebhookReceiver>("sim-app-secret");
        auto config = testConfig();
        config.webhookUrl = receiver_->url();
        harness_ = std::make_unique<SimHarness>(config);
    }

    void tearDown() override {
        harness_.reset();
        receiver_.reset();
    }

    void flush() {
        auto result = harness_->control("POST", "/_sim/flush", R"({"timeout_ms":10000})");
        CPPUNIT_ASSERT_EQUAL(200, result.status);
    }

    std::string wamidOf(const HttpResult& result) {
        return result.json()->getArray("messages")->getObject(0)->getValue<std::string>("id");
    }

    void testSignedStatusesCarryOpaqueData() {
        std::map<std::string, std::string> opaqueByWamid;
        for (int i = 0; i < 3; ++i) {
            std::string opaque = "entry=" + std::to_string(i) + ";attempt=1";
            opaqueByWamid[wamidOf(harness_->sendBienvenida("551190000000" + std::to_string(i), opaque))] = opaque;
        }
        flush();
        auto statuses = receiver_->statuses();
        CPPUNIT_ASSERT_EQUAL(std::size_t(9), statuses.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), receiver_->badSignatures());
        for (const auto& s : statuses) {
            auto wamid = s->getValue<std::string>("id");
            CPPUNIT_ASSERT(opaqueByWamid.count(wamid));
            CPPUNIT_ASSERT_EQUAL(opaqueByWamid[wamid], s->getValue<std::string>("biz_opaque_callback_data"));
            CPPUNIT_ASSERT(s->get("timestamp").isString());
        }
    }

    void testAsyncUndeliverableRule() {
        harness_->control("POST", "/_sim/config", R"({"rules":"3=131026:async"})");
        auto result = harness_->sendBienvenida("5511900000003", "entry=3");
        CPPUNIT_ASSERT_EQUAL(200, result.status);
        flush();
        auto statuses = receiver_->statuses();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), statuses.size());
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), statuses[0]->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(131026, statuses[0]->getArray("errors")->getObject(0)->getValue<int>("code"));
        CPPUNIT_ASSERT_EQUAL(std::string("entry=3"), statuses[0]->getValue<std::string>("biz_opaque_callback_data"));
    }

    void testStatusesAreBatched() {
        harness_->control("POST", "/_sim/config", R"({"webhook_batch_size":100,"webhook_flush_ms":200})");
        for (int i = 0; i < 10; ++i) harness_->sendBienvenida("55119000001" + std::to_string(10 + i));
        flush();
        CPPUNIT_ASSERT_EQUAL(std::size_t(30), receiver_->statuses().size());
        CPPUNIT_ASSERT(receiver_->posts() < 30);
    }

    void testRetriesUntil200() {
        receiver_->failNext(2);
        harness_->control("POST", "/_sim/config", R"({"p_delivered":0,"webhook_retry_base_ms":10})");
        harness_->sendBienvenida("5511900000001");
        flush();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), receiver_->statuses().size());
        auto webhooks = harness_->control("GET", "/_sim/stats").json()->getObject("webhooks");
        CPPUNIT_ASSERT(webhooks->getValue<int>("retries") >= 2);
        CPPUNIT_ASSERT_EQUAL(1, webhooks->getValue<int>("delivered"));
        CPPUNIT_ASSERT_EQUAL(0, webhooks->getValue<int>("pending"));
    }

    void testInboundReplyToWamid() {
        harness_->control("POST", "/_sim/config", R"({"p_sent":0,"p_delivered":0})");
        std::string wamid = wamidOf(harness_->sendBienvenida("5511900000001"));
        auto result = harness_->control("POST", "/_sim/inbound", R"({"wamid":")" + wamid + R"(","text":"Sí, gracias"})");
        CPPUNIT_ASSERT_EQUAL(200, result.status);
        flush();
        auto inbound = receiver_->inbound();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), inbound.size());
        CPPUNIT_ASSERT_EQUAL(wamid, inbound[0]->getObject("context")->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("5511900000001"), inbound[0]->getValue<std::string>("from"));
        CPPUNIT_ASSERT_EQUAL(std::string("Sí, gracias"), inbound[0]->getObject("text")->getValue<std::string>("body"));
    }

    void testTemplateStatusChange() {
        auto result = harness_->control("POST", "/_sim/templates/bienvenida/status", R"({"status":"PAUSED"})");
        CPPUNIT_ASSERT_EQUAL(200, result.status);
        flush();
        auto updates = receiver_->templateUpdates();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), updates.size());
        CPPUNIT_ASSERT_EQUAL(std::string("PAUSED"), updates[0]->getValue<std::string>("event"));
        CPPUNIT_ASSERT_EQUAL(std::string("bienvenida"), updates[0]->getValue<std::string>("message_template_name"));
        CPPUNIT_ASSERT(updates[0]->get("message_template_id").isInteger());
        CPPUNIT_ASSERT_EQUAL(132015, errorCode(harness_->sendBienvenida("5511900000001")));
        CPPUNIT_ASSERT_EQUAL(404, harness_->control("POST", "/_sim/templates/nada/status", R"({"status":"PAUSED"})").status);
    }

private:
    std::unique_ptr<WebhookReceiver> receiver_;
    std::unique_ptr<SimHarness> harness_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(WebhookDeliveryTest);
