// The event processor takes pending statuses and replies in arrival order, at most `limit` a
// batch, although it reads the two kinds through separate index ranges.
#include "TestDatabase.h"
#include "storage/MigrationRunner.h"
#include "tracking/EventProcessor.h"
#include "webhooks/WebhookEventStore.h"

#include <Poco/Logger.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace Poco::Data::Keywords;
using campaigns::webhooks::WebhookEvent;

class EventOrderTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(EventOrderTest);
    CPPUNIT_TEST(batchesFollowArrivalOrderAcrossKinds);
    CPPUNIT_TEST_SUITE_END();

public:
    void batchesFollowArrivalOrderAcrossKinds() {
        testsupport::TestDatabase db;
        auto& log = Poco::Logger::get("test");
        campaigns::storage::MigrationRunner(db, CAMPAIGNS_SQL_DIR, log).run();
        std::vector<WebhookEvent> events;
        auto add = [&](WebhookEvent::Kind kind, const std::string& key, const std::string& payload) {
            WebhookEvent e;
            e.kind = kind;
            e.dedupeKey = key;
            e.wamid = "wamid." + key;
            e.status = kind == WebhookEvent::Kind::Status ? "delivered" : "text";
            e.payload = payload;
            events.push_back(e);
        };
        // Arrival: status, status, reply, status. Nobody knows these wamids: statuses wait (2),
        // the reply finds no entry and is done (1).
        add(WebhookEvent::Kind::Status, "s1", "{}");
        add(WebhookEvent::Kind::Status, "s2", "{}");
        add(WebhookEvent::Kind::Message, "m1",
            R"({"message":{"from":"56911112222","id":"m1","type":"text","text":{"body":"hola"}}})");
        add(WebhookEvent::Kind::Status, "s3", "{}");
        campaigns::webhooks::WebhookEventStore store(db);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), store.append(events));

        campaigns::tracking::EventProcessor processor(db, log);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("at most `limit` events a batch", std::size_t(3), processor.processBatch(3));
        auto s = db.session();
        std::vector<std::string> keys;
        std::vector<int> processed;
        s << "SELECT dedupe_key, processed FROM campaigns_webhook_events ORDER BY id", into(keys), into(processed), now;
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), keys.size());
        CPPUNIT_ASSERT_EQUAL(2, processed[0]);
        CPPUNIT_ASSERT_EQUAL(2, processed[1]);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("the reply, third to arrive, is in the first batch", 1, processed[2]);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("the fourth waits for the next batch", 0, processed[3]);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EventOrderTest);
