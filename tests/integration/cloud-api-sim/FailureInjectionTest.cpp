#include "SimHarness.h"

#include <Poco/Exception.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace simtest;

class FailureInjectionTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FailureInjectionTest);
    CPPUNIT_TEST(testDropAfterAcceptCountsTheMessage);
    CPPUNIT_TEST(testDropBeforeAcceptCountsNothing);
    CPPUNIT_TEST(testServerError131000);
    CPPUNIT_TEST(testPlain503);
    CPPUNIT_TEST(testLatency);
    CPPUNIT_TEST(testControlIsValidated);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { harness_ = std::make_unique<SimHarness>(); }
    void tearDown() override { harness_.reset(); }

    void testDropAfterAcceptCountsTheMessage() {
        harness_->control("POST", "/_sim/config", R"({"drop_rate":1,"drop_mode":"drop_after_accept"})");
        CPPUNIT_ASSERT_THROW(harness_->sendBienvenida("5511900000001"), Poco::Exception);
        auto stats = harness_->control("GET", "/_sim/stats").json();
        CPPUNIT_ASSERT_EQUAL(1, stats->getValue<int>("accepted"));
        CPPUNIT_ASSERT_EQUAL(1, stats->getValue<int>("dropped_connections"));
        CPPUNIT_ASSERT_EQUAL(1, stats->getObject("recipients")->getValue<int>("5511900000001"));
    }

    void testDropBeforeAcceptCountsNothing() {
        harness_->control("POST", "/_sim/config", R"({"drop_rate":1,"drop_mode":"drop_before_accept"})");
        CPPUNIT_ASSERT_THROW(harness_->sendBienvenida("5511900000001"), Poco::Exception);
        auto stats = harness_->control("GET", "/_sim/stats").json();
        CPPUNIT_ASSERT_EQUAL(0, stats->getValue<int>("accepted"));
        CPPUNIT_ASSERT_EQUAL(1, stats->getValue<int>("dropped_connections"));
    }

    void testServerError131000() {
        harness_->control("POST", "/_sim/config", R"({"fail_5xx_rate":1})");
        auto result = harness_->sendBienvenida("5511900000001");
        CPPUNIT_ASSERT_EQUAL(500, result.status);
        CPPUNIT_ASSERT_EQUAL(131000, errorCode(result));
        CPPUNIT_ASSERT_EQUAL(0, harness_->control("GET", "/_sim/stats").json()->getValue<int>("accepted"));
    }

    void testPlain503() {
        harness_->control("POST", "/_sim/config", R"({"fail_5xx_rate":1,"fail_5xx_mode":"503"})");
        auto result = harness_->sendBienvenida("5511900000001");
        CPPUNIT_ASSERT_EQUAL(503, result.status);
        CPPUNIT_ASSERT(result.body.empty());
    }

    void testLatency() {
        harness_->control("POST", "/_sim/config", R"({"latency_ms":150})");
        auto start = std::chrono::steady_clock::now();
        CPPUNIT_ASSERT_EQUAL(200, harness_->sendBienvenida("5511900000001").status);
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(150));
    }

    void testControlIsValidated() {
        CPPUNIT_ASSERT_EQUAL(400, harness_->control("POST", "/_sim/config", R"({"p_read":7})").status);
        CPPUNIT_ASSERT_EQUAL(400, harness_->control("POST", "/_sim/config", R"({"nope":1})").status);
        CPPUNIT_ASSERT_EQUAL(404, harness_->control("GET", "/_sim/nothing").status);
        auto config = harness_->control("GET", "/_sim/config").json();
        CPPUNIT_ASSERT_EQUAL(1.0, config->getValue<double>("p_read"));
    }

private:
    std::unique_ptr<SimHarness> harness_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(FailureInjectionTest);
