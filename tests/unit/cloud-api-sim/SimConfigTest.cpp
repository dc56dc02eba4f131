#include "SimConfig.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Util/MapConfiguration.h>

#include <cppunit/extensions/HelperMacros.h>

class SimConfigTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SimConfigTest);
    CPPUNIT_TEST(testSetParsesTypes);
    CPPUNIT_TEST(testRejectsBadValues);
    CPPUNIT_TEST(testRules);
    CPPUNIT_TEST(testPropertiesAndJson);
    CPPUNIT_TEST(testStoreKeepsOldOnFailure);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSetParsesTypes() {
        cloudsim::SimConfig c;
        c.set("throughput_mps", "1000");
        c.set("out_of_order", "true");
        c.set("access_tokens", "a, b");
        CPPUNIT_ASSERT_EQUAL(1000.0, c.throughputMps);
        CPPUNIT_ASSERT(c.outOfOrder);
        CPPUNIT_ASSERT(c.tokenAccepted("b"));
        CPPUNIT_ASSERT(!c.tokenAccepted("c"));
        CPPUNIT_ASSERT(!c.tokenAccepted(""));
    }

    void testRejectsBadValues() {
        cloudsim::SimConfig c;
        CPPUNIT_ASSERT_THROW(c.set("p_read", "1.5"), Poco::SyntaxException);
        CPPUNIT_ASSERT_THROW(c.set("latency_ms", "soon"), Poco::SyntaxException);
        CPPUNIT_ASSERT_THROW(c.set("no_such_key", "1"), Poco::InvalidArgumentException);
        CPPUNIT_ASSERT_THROW(c.set("drop_mode", "sometimes"), Poco::SyntaxException);
        CPPUNIT_ASSERT_THROW(c.set("phone_number_ids", ""), Poco::SyntaxException);
    }

    void testRules() {
        cloudsim::SimConfig c;
        c.set("rules", "3=131026:async,7=131050:sync, 99=131049");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), c.rules.size());
        CPPUNIT_ASSERT(c.rules[1].mode == cloudsim::RuleMode::Sync);
        CPPUNIT_ASSERT_EQUAL(131050, c.rules[1].code);
        CPPUNIT_ASSERT(c.rules[2].mode == cloudsim::RuleMode::Async);
        CPPUNIT_ASSERT_EQUAL(std::string("3=131026:async,7=131050:sync,99=131049:async"),
                             c.toJson()->getValue<std::string>("rules"));
        CPPUNIT_ASSERT_THROW(c.set("rules", "x=1"), Poco::SyntaxException);
        CPPUNIT_ASSERT_THROW(c.set("rules", "3=131026:later"), Poco::SyntaxException);
    }

    void testPropertiesAndJson() {
        Poco::AutoPtr<Poco::Util::MapConfiguration> props = new Poco::Util::MapConfiguration;
        props->setString("sim.port", "8089");
        props->setString("sim.webhook_url", "http://127.0.0.1:1/hook");
        cloudsim::SimConfig c;
        c.applyProperties(*props, "sim.");
        CPPUNIT_ASSERT_EQUAL(8089, c.port);
        CPPUNIT_ASSERT_EQUAL(std::string("http://127.0.0.1:1/hook"), c.webhookUrl);

        Poco::JSON::Parser parser;
        auto patch = parser.parse(R"({"latency_ms":15,"p_read":0.25,"undeliverable_numbers":["5511","5522"]})")
                         .extract<Poco::JSON::Object::Ptr>();
        c.applyJson(*patch);
        CPPUNIT_ASSERT_EQUAL(15, c.latencyMs);
        CPPUNIT_ASSERT_EQUAL(0.25, c.pRead);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), c.undeliverableNumbers.size());
    }

    void testStoreKeepsOldOnFailure() {
        cloudsim::ConfigStore store{cloudsim::SimConfig{}};
        auto before = store.get();
        CPPUNIT_ASSERT_THROW(store.update([](cloudsim::SimConfig& c) {
            c.set("latency_ms", "5");
            c.set("p_sent", "2");
        }),
                             Poco::SyntaxException);
        CPPUNIT_ASSERT_EQUAL(0, store.get()->latencyMs);
        store.update([](cloudsim::SimConfig& c) { c.set("latency_ms", "5"); });
        CPPUNIT_ASSERT_EQUAL(5, store.get()->latencyMs);
        CPPUNIT_ASSERT_EQUAL(0, before->latencyMs);
        store.restoreInitial();
        CPPUNIT_ASSERT_EQUAL(0, store.get()->latencyMs);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SimConfigTest);
