#include "TestDatabase.h"
#include "storage/MigrationRunner.h"
#include "storage/SqlDialect.h"
#include "storage/Transaction.h"
#include "webhooks/WebhookReceiver.h"
#include "webhooks/WebhookSignature.h"

#include <Poco/Logger.h>

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <future>
#include <optional>

using namespace campaigns::webhooks;

namespace {
std::string statusBody(const std::string& wamid, const std::string& status) {
    return R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{)"
           R"("metadata":{"phone_number_id":"106540352242922"},"statuses":[{"id":")" +
           wamid + R"(","status":")" + status + R"(","timestamp":"1750030073","recipient_id":"56911111111"}]}}]}]})";
}
// A status event as the receiver parses it, keyed by `key`.
WebhookEvent statusEvent(const std::string& key, const std::string& status) {
    WebhookEvent e;
    e.kind = WebhookEvent::Kind::Status;
    e.dedupeKey = key;
    e.wamid = "wamid." + key;
    e.status = status;
    e.payload = "{}";
    return e;
}
} // namespace

class WebhookReceiverTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(WebhookReceiverTest);
    CPPUNIT_TEST(wrongSignatureGets401AndStoresNothing);
    CPPUNIT_TEST(samePayloadTwiceIsStoredOncePerEvent);
    CPPUNIT_TEST(everyEventOfABatchIsStored);
    CPPUNIT_TEST(repeatsInAndAcrossBatchesAreStoredOnce);
    CPPUNIT_TEST(signedGarbageIsKeptRaw);
    CPPUNIT_TEST(eventsOfAnotherAccountAreDropped);
    CPPUNIT_TEST(verificationEchoesChallengeOnlyForKnownToken);
    CPPUNIT_TEST(repeatedEventHeldByAnotherTransactionIsStoredWithoutError);
    CPPUNIT_TEST(repeatOfAnEventBeingAppliedDoesNotWaitForIt);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<testsupport::TestDatabase> db;
    std::unique_ptr<WebhookEventStore> store;
    std::unique_ptr<CachedSecrets> secrets;
    std::unique_ptr<WebhookReceiver> receiver;
    std::atomic<int> wakeups{0};

public:
    void setUp() override {
        db = std::make_unique<testsupport::TestDatabase>();
        campaigns::storage::MigrationRunner(*db, CAMPAIGNS_SQL_DIR, Poco::Logger::get("test")).run();
        store = std::make_unique<WebhookEventStore>(*db);
        secrets = std::make_unique<CachedSecrets>(
            [] {
                return WebhookSecrets{{{"app-secret-1", "1", "1"}, {"app-secret-2", "106540352242922", "2"}},
                                      {"verify-me-please"}};
            },
            std::chrono::milliseconds(1000));
        wakeups = 0;
        receiver = std::make_unique<WebhookReceiver>(*store, *secrets, Poco::Logger::get("test"), [this] { ++wakeups; });
    }
    void tearDown() override {
        receiver.reset();
        store.reset();
        db.reset();
    }

    void wrongSignatureGets401AndStoresNothing() {
        auto body = statusBody("wamid.X", "sent");
        CPPUNIT_ASSERT_EQUAL(401, receiver->receive(body, signatureFor(body, "not-the-secret")).status);
        CPPUNIT_ASSERT_EQUAL(401, receiver->receive(body, "").status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), store->countAll());
        CPPUNIT_ASSERT_EQUAL(0, wakeups.load());
    }
    void samePayloadTwiceIsStoredOncePerEvent() {
        auto body = statusBody("wamid.X", "sent");
        auto first = receiver->receive(body, signatureFor(body, "app-secret-2"));
        auto second = receiver->receive(body, signatureFor(body, "app-secret-2"));
        CPPUNIT_ASSERT_EQUAL(200, first.status);
        CPPUNIT_ASSERT_EQUAL(200, second.status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), first.stored);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), second.stored);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), store->countAll());
        CPPUNIT_ASSERT_EQUAL(1, wakeups.load());
        auto pending = store->pending(10);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), pending.size());
        CPPUNIT_ASSERT_EQUAL(std::string("wamid.X"), pending[0].event.wamid);
    }
    void everyEventOfABatchIsStored() {
        std::string statuses;
        for (int i = 0; i < 500; ++i) {
            if (i) statuses += ",";
            statuses += R"({"id":"wamid.)" + std::to_string(i) + R"(","status":"delivered","timestamp":"1750030073"})";
        }
        std::string body =
            R"({"entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"1"},"statuses":[)" +
            statuses + "]}}]}]}";
        auto a = receiver->receive(body, signatureFor(body, "app-secret-1"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(500), a.stored);
        CPPUNIT_ASSERT_EQUAL(std::size_t(500), store->countAll());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), store->pendingForWamid("wamid.7").size());
    }
    // The events of a POST are stored by multi-row inserts of 100: a POST of 250 whose first 30
    // are stored already and that repeats one event inside itself stores and reports 219 new
    // ones, across the chunk borders.
    void repeatsInAndAcrossBatchesAreStoredOnce() {
        std::vector<WebhookEvent> first;
        for (int i = 0; i < 30; ++i) first.push_back(statusEvent("k" + std::to_string(i), "sent"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(30), store->append(first));
        std::vector<WebhookEvent> batch;
        for (int i = 0; i < 250; ++i) batch.push_back(statusEvent("k" + std::to_string(i), "sent"));
        batch[150] = statusEvent("k120", "sent"); // the same event twice in one POST
        CPPUNIT_ASSERT_EQUAL(std::size_t(219), store->append(batch));
        CPPUNIT_ASSERT_EQUAL(std::size_t(249), store->countAll());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), store->append(batch));
        const auto stored = store->pendingForWamid("wamid.k200");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), stored.size());
        CPPUNIT_ASSERT_EQUAL(std::string("k200"), stored[0].event.dedupeKey);
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), stored[0].event.status);
    }
    // Issue 15: a body signed with one account's app secret may speak only for that account's
    // number and WABA. Before, it was applied to every account's numbers.
    void eventsOfAnotherAccountAreDropped() {
        const std::string foreign = statusBody("wamid.F", "read"); // number 106540352242922: account 2's
        auto a = receiver->receive(foreign, signatureFor(foreign, "app-secret-1"));
        CPPUNIT_ASSERT_EQUAL(200, a.status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), a.stored);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), store->countAll());

        const auto quality = [](const std::string& waba) {
            return R"({"entry":[{"id":")" + waba +
                   R"(","time":1750030073,"changes":[{"field":"phone_number_quality_update","value":)"
                   R"({"display_phone_number":"15550001111","event":"FLAGGED"}}]}]})";
        };
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), receiver->receive(quality("2"), signatureFor(quality("2"), "app-secret-1")).stored);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), receiver->receive(quality("1"), signatureFor(quality("1"), "app-secret-1")).stored);

        // One body with both: only the signer's own event is kept.
        const std::string mixed =
            R"({"entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"1"},)"
            R"("statuses":[{"id":"wamid.own","status":"sent","timestamp":"1750030073"}]}},)"
            R"({"field":"messages","value":{"metadata":{"phone_number_id":"106540352242922"},)"
            R"("statuses":[{"id":"wamid.other","status":"sent","timestamp":"1750030073"}]}}]}]})";
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), receiver->receive(mixed, signatureFor(mixed, "app-secret-1")).stored);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), store->pendingForWamid("wamid.own").size());
        CPPUNIT_ASSERT(store->pendingForWamid("wamid.other").empty());
        // The account that owns the number may report it.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), receiver->receive(foreign, signatureFor(foreign, "app-secret-2")).stored);
    }

    void signedGarbageIsKeptRaw() {
        const std::string body = "this is not json";
        auto a = receiver->receive(body, signatureFor(body, "app-secret-1"));
        CPPUNIT_ASSERT_EQUAL(200, a.status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), store->countAll());
        CPPUNIT_ASSERT_EQUAL(body, store->pending(1)[0].event.payload);
    }
    // Two POSTs carry the same event (Meta retries and fans out): one has inserted it, not yet
    // committed, and waits for a row the other inserted, while the other waits on the shared
    // event. InnoDB ends it as a deadlock and rolls the lighter POST back; the store runs it
    // again instead of failing it with a 500 and leaving its events to Meta's retry, minutes later.
    void repeatedEventHeldByAnotherTransactionIsStoredWithoutError() {
        auto event = [](const std::string& key) { return statusEvent(key, "delivered"); };
        if (db->dialect() != helpdesk::Dialect::MySQL) {
            // One writer at a time: nothing to meet; the repeat is still a no-op.
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), store->append({event("held")}));
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), store->append({event("new"), event("held")}));
            return;
        }
        using namespace Poco::Data::Keywords;
        auto other = db->session();
        campaigns::storage::SqlTransaction tx(other, db->dialect());
        // Its own work first (so InnoDB picks the POST as the lighter victim), then the shared event.
        for (int i = 0; i < 50; ++i) {
            std::string key = "other-" + std::to_string(i);
            other << "INSERT INTO campaigns_webhook_events (dedupe_key, kind, payload) VALUES (?, 'other', '{}')", use(key), now;
        }
        other << "INSERT INTO campaigns_webhook_events (dedupe_key, kind, payload) VALUES ('held', 'status', '{}')", now;
        auto posted = std::async(std::launch::async, [&] { return store->append({event("new"), event("held")}); });
        posted.wait_for(std::chrono::milliseconds(500)); // the POST inserts "new", then waits for "held"
        std::string fresh = "new";
        std::vector<Poco::Int64> ids;
        other << "SELECT id FROM campaigns_webhook_events WHERE dedupe_key = ? FOR UPDATE", use(fresh), into(ids), now;
        tx.commit();
        CPPUNIT_ASSERT_EQUAL_MESSAGE("the POST's new event is stored once it is run again", std::size_t(1), posted.get());
        CPPUNIT_ASSERT_EQUAL(std::size_t(52), store->countAll());
    }

    // A repeat of a stored event that the processor holds (it is applying it) is recognised
    // without touching the row, so the POST neither waits for the processor nor deadlocks with it.
    void repeatOfAnEventBeingAppliedDoesNotWaitForIt() {
        auto event = [](const std::string& key) { return statusEvent(key, "read"); };
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), store->append({event("applying")}));
        using namespace Poco::Data::Keywords;
        auto processor = db->session();
        std::optional<campaigns::storage::SqlTransaction> tx;
        if (db->dialect() == helpdesk::Dialect::MySQL) {
            tx.emplace(processor, db->dialect());
            std::vector<Poco::Int64> ids;
            processor << "SELECT id FROM campaigns_webhook_events WHERE dedupe_key = 'applying' FOR UPDATE", into(ids), now;
        }
        auto posted = std::async(std::launch::async, [&] { return store->append({event("later"), event("applying")}); });
        const bool waited = posted.wait_for(std::chrono::seconds(3)) != std::future_status::ready;
        if (tx) tx->commit();
        CPPUNIT_ASSERT_MESSAGE("the POST waited for the processor's lock", !waited);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), posted.get());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), store->countAll());
    }

    void verificationEchoesChallengeOnlyForKnownToken() {
        auto ok = receiver->verify("subscribe", "verify-me-please", "1158201444");
        CPPUNIT_ASSERT_EQUAL(200, ok.status);
        CPPUNIT_ASSERT_EQUAL(std::string("1158201444"), ok.body);
        CPPUNIT_ASSERT_EQUAL(403, receiver->verify("subscribe", "wrong", "1").status);
        CPPUNIT_ASSERT_EQUAL(400, receiver->verify("unsubscribe", "verify-me-please", "1").status);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(WebhookReceiverTest);
