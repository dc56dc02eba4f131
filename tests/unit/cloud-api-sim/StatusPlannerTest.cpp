#include "StatusPlanner.h"

#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

namespace {

Poco::JSON::Object::Ptr parse(const std::string& text) {
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

cloudsim::AcceptedMessage message(const std::string& waId) {
    cloudsim::AcceptedMessage m;
    m.wamid = "wamid.X";
    m.waId = waId;
    m.phoneNumberId = "100";
    m.bizOpaque = "entry=42;attempt=1";
    m.category = "marketing";
    m.quickReplies = {{"Me interesa", "YES:c1"}};
    return m;
}

cloudsim::SimConfig certain() {
    cloudsim::SimConfig c;
    c.pSent = c.pDelivered = c.pRead = 1.0;
    c.pFailed = 0;
    return c;
}

} // namespace

class StatusPlannerTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(StatusPlannerTest);
    CPPUNIT_TEST(testHappyPathInOrder);
    CPPUNIT_TEST(testAsyncRuleFails);
    CPPUNIT_TEST(testUndeliverableList);
    CPPUNIT_TEST(testDuplicates);
    CPPUNIT_TEST(testButtonReply);
    CPPUNIT_TEST(testSyncRuleLookup);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHappyPathInOrder() {
        auto c = certain();
        auto events = cloudsim::planWebhooks(c, message("5511999990001"), 1000, 1700000000, rng_, wamids_);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), events.size());
        const char* expected[] = {"sent", "delivered", "read"};
        for (std::size_t i = 0; i < 3; ++i) {
            auto s = parse(events[i].fragment);
            CPPUNIT_ASSERT_EQUAL(std::string(expected[i]), s->getValue<std::string>("status"));
            CPPUNIT_ASSERT_EQUAL(std::string("entry=42;attempt=1"), s->getValue<std::string>("biz_opaque_callback_data"));
            CPPUNIT_ASSERT_EQUAL(std::string("5511999990001"), s->getValue<std::string>("recipient_id"));
            CPPUNIT_ASSERT(s->get("timestamp").isString());
            if (i > 0) CPPUNIT_ASSERT(events[i].dueMs >= events[i - 1].dueMs);
        }
    }

    void testAsyncRuleFails() {
        auto c = certain();
        c.set("rules", "3=131026:async");
        auto events = cloudsim::planWebhooks(c, message("5511999990003"), 0, 1700000000, rng_, wamids_);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
        auto s = parse(events[0].fragment);
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), s->getValue<std::string>("status"));
        CPPUNIT_ASSERT_EQUAL(131026, s->getArray("errors")->getObject(0)->getValue<int>("code"));
        CPPUNIT_ASSERT_EQUAL(std::string("entry=42;attempt=1"), s->getValue<std::string>("biz_opaque_callback_data"));
    }

    void testUndeliverableList() {
        auto c = certain();
        c.set("undeliverable_numbers", "5511999990008");
        CPPUNIT_ASSERT_EQUAL(131026, cloudsim::ruleCodeFor(c, "5511999990008", cloudsim::RuleMode::Async));
        CPPUNIT_ASSERT_EQUAL(0, cloudsim::ruleCodeFor(c, "5511999990009", cloudsim::RuleMode::Async));
    }

    void testDuplicates() {
        auto c = certain();
        c.duplicateRate = 1.0;
        auto events = cloudsim::planWebhooks(c, message("5511999990001"), 0, 1700000000, rng_, wamids_);
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), events.size());
    }

    void testButtonReply() {
        auto c = certain();
        c.replyProbability = 1.0;
        c.replyButtonShare = 1.0;
        auto events = cloudsim::planWebhooks(c, message("5511999990001"), 0, 1700000000, rng_, wamids_);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), events.size());
        const auto& reply = events.back();
        CPPUNIT_ASSERT(reply.kind == cloudsim::EventKind::Inbound);
        auto m = parse(reply.fragment);
        CPPUNIT_ASSERT_EQUAL(std::string("button"), m->getValue<std::string>("type"));
        CPPUNIT_ASSERT_EQUAL(std::string("YES:c1"), m->getObject("button")->getValue<std::string>("payload"));
        CPPUNIT_ASSERT_EQUAL(std::string("wamid.X"), m->getObject("context")->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("5511999990001"), parse(reply.contact)->getValue<std::string>("wa_id"));
    }

    void testSyncRuleLookup() {
        cloudsim::SimConfig c;
        c.set("rules", "7=131050:sync,3=131026:async");
        CPPUNIT_ASSERT_EQUAL(131050, cloudsim::ruleCodeFor(c, "5511999990007", cloudsim::RuleMode::Sync));
        CPPUNIT_ASSERT_EQUAL(0, cloudsim::ruleCodeFor(c, "5511999990007", cloudsim::RuleMode::Async));
        CPPUNIT_ASSERT_EQUAL(0, cloudsim::ruleCodeFor(c, "5511999990003", cloudsim::RuleMode::Sync));
    }

private:
    std::mt19937_64 rng_{42};
    cloudsim::WamidFactory wamids_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatusPlannerTest);
