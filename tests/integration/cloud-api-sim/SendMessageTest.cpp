#include "SimHarness.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace simtest;

class SendMessageTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SendMessageTest);
    CPPUNIT_TEST(testAcceptedReturnsWamid);
    CPPUNIT_TEST(testBadToken190);
    CPPUNIT_TEST(testUnknownPhoneNumberId);
    CPPUNIT_TEST(testUnknownTemplate132001);
    CPPUNIT_TEST(testWrongParamCount132000);
    CPPUNIT_TEST(testMissingHeaderImage132012);
    CPPUNIT_TEST(testThroughputLimit130429);
    CPPUNIT_TEST(testPairLimit131056);
    CPPUNIT_TEST(testSyncOptOutRule131050);
    CPPUNIT_TEST(testStatsCountPerRecipient);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { harness_ = std::make_unique<SimHarness>(); }
    void tearDown() override { harness_.reset(); }

    void testAcceptedReturnsWamid() {
        auto result = harness_->sendBienvenida("+55 (11) 98765-4321");
        CPPUNIT_ASSERT_EQUAL(200, result.status);
        auto json = result.json();
        CPPUNIT_ASSERT_EQUAL(std::string("whatsapp"), json->getValue<std::string>("messaging_product"));
        auto contact = json->getArray("contacts")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("+55 (11) 98765-4321"), contact->getValue<std::string>("input"));
        CPPUNIT_ASSERT_EQUAL(std::string("5511987654321"), contact->getValue<std::string>("wa_id"));
        auto message = json->getArray("messages")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("wamid."), message->getValue<std::string>("id").substr(0, 6));
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), message->getValue<std::string>("message_status"));
        auto second = harness_->sendBienvenida("5511987654322").json()->getArray("messages")->getObject(0);
        CPPUNIT_ASSERT(second->getValue<std::string>("id") != message->getValue<std::string>("id"));
    }

    void testBadToken190() {
        auto result = harness_->sendTemplate("5511987654321", "bienvenida", "es", bodyParams(2), "", "wrong-token");
        CPPUNIT_ASSERT_EQUAL(401, result.status);
        CPPUNIT_ASSERT_EQUAL(190, errorCode(result));
        CPPUNIT_ASSERT_EQUAL(401, harness_->sendTemplate("5511987654321", "bienvenida", "es", bodyParams(2), "", "").status);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), harness_->sim().ledger().totals().accepted);
    }

    void testUnknownPhoneNumberId() {
        auto result = harness_->request("POST", "/v23.0/999/messages", "{}");
        CPPUNIT_ASSERT_EQUAL(400, result.status);
        CPPUNIT_ASSERT_EQUAL(100, errorCode(result));
        CPPUNIT_ASSERT_EQUAL(33, result.json()->getObject("error")->getValue<int>("error_subcode"));
    }

    void testUnknownTemplate132001() {
        CPPUNIT_ASSERT_EQUAL(132001, errorCode(harness_->sendTemplate("5511987654321", "no_existe", "es", bodyParams(2))));
        CPPUNIT_ASSERT_EQUAL(132001, errorCode(harness_->sendTemplate("5511987654321", "pendiente", "es", bodyParams(1))));
    }

    void testWrongParamCount132000() {
        auto result = harness_->sendTemplate("5511987654321", "bienvenida", "es", bodyParams(1));
        CPPUNIT_ASSERT_EQUAL(400, result.status);
        CPPUNIT_ASSERT_EQUAL(132000, errorCode(result));
        CPPUNIT_ASSERT_EQUAL(std::string("body: localizable_params (1) does not match the expected number of params (2)"),
                             result.json()->getObject("error")->getObject("error_data")->getValue<std::string>("details"));
    }

    void testMissingHeaderImage132012() {
        CPPUNIT_ASSERT_EQUAL(132012, errorCode(harness_->sendTemplate("5511987654321", "promo_imagen", "es", bodyParams(2))));
        std::string header = R"({"type":"header","parameters":[{"type":"image","image":{"id":"1037543291543636"}}]},)";
        CPPUNIT_ASSERT_EQUAL(200, harness_->sendTemplate("5511987654321", "promo_imagen", "es", header + bodyParams(2)).status);
    }

    void testThroughputLimit130429() {
        CPPUNIT_ASSERT_EQUAL(200, harness_->control("POST", "/_sim/config", R"({"throughput_mps":5})").status);
        int accepted = 0, limited = 0;
        for (int i = 0; i < 12; ++i) {
            auto result = harness_->sendBienvenida("55119876540" + std::to_string(10 + i));
            if (result.status == 200)
                ++accepted;
            else if (errorCode(result) == 130429)
                ++limited;
        }
        CPPUNIT_ASSERT_EQUAL(12, accepted + limited);
        CPPUNIT_ASSERT(limited >= 1);
        CPPUNIT_ASSERT(accepted >= 5);
    }

    void testPairLimit131056() {
        harness_->control("POST", "/_sim/config", R"({"pair_limit_count":2,"pair_limit_window_ms":6000})");
        CPPUNIT_ASSERT_EQUAL(200, harness_->sendBienvenida("5511987654321").status);
        CPPUNIT_ASSERT_EQUAL(200, harness_->sendBienvenida("5511987654321").status);
        CPPUNIT_ASSERT_EQUAL(131056, errorCode(harness_->sendBienvenida("5511987654321")));
        CPPUNIT_ASSERT_EQUAL(200, harness_->sendBienvenida("5511987654329").status);
    }

    void testSyncOptOutRule131050() {
        harness_->control("POST", "/_sim/config", R"({"rules":"7=131050:sync"})");
        auto result = harness_->sendBienvenida("5511987654327");
        CPPUNIT_ASSERT_EQUAL(400, result.status);
        CPPUNIT_ASSERT_EQUAL(131050, errorCode(result));
        CPPUNIT_ASSERT_EQUAL(200, harness_->sendBienvenida("5511987654328").status);
    }

    void testStatsCountPerRecipient() {
        harness_->sendBienvenida("5511900000001");
        harness_->sendBienvenida("5511900000001");
        harness_->sendBienvenida("5511900000002");
        harness_->sendTemplate("5511900000003", "bienvenida", "es", bodyParams(1));
        auto stats = harness_->control("GET", "/_sim/stats").json();
        CPPUNIT_ASSERT_EQUAL(3, stats->getValue<int>("accepted"));
        CPPUNIT_ASSERT_EQUAL(1, stats->getValue<int>("rejected"));
        CPPUNIT_ASSERT_EQUAL(1, stats->getObject("rejected_by_code")->getValue<int>("132000"));
        CPPUNIT_ASSERT_EQUAL(2, stats->getObject("recipients")->getValue<int>("5511900000001"));
        CPPUNIT_ASSERT_EQUAL(1, stats->getObject("recipients")->getValue<int>("5511900000002"));
        CPPUNIT_ASSERT(!stats->getObject("recipients")->has("5511900000003"));
        CPPUNIT_ASSERT_EQUAL(1, stats->getValue<int>("recipients_with_duplicates"));
        auto messages = harness_->control("GET", "/_sim/messages?to=5511900000001").json()->getArray("data");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), messages->size());
        CPPUNIT_ASSERT_EQUAL(std::string("bienvenida"),
                             messages->getObject(0)->getObject("payload")->getObject("template")->getValue<std::string>("name"));
        harness_->control("POST", "/_sim/reset");
        CPPUNIT_ASSERT_EQUAL(0, harness_->control("GET", "/_sim/stats").json()->getValue<int>("accepted"));
    }

private:
    std::unique_ptr<SimHarness> harness_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(SendMessageTest);
