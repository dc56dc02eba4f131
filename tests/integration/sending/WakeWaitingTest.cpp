// Recording Meta's answer wakes the status events that arrived first and wait for its wamid. On
// MariaDB it must do so without waiting for an event the webhook processor holds: the processor
// holds its events while it locks the entries of their wamids, so a recorder that waited for one
// of them while holding the entry made a deadlock, rolled back a whole batch of outcomes, and in
// CI left the sending test red. Runs on SQLite (single writer: only the wake-up) and on MariaDB.
#include "SendingHarness.h"

#include "sending/OutboxStore.h"
#include "storage/SqlDialect.h"
#include "storage/Transaction.h"
#include "webhooks/WebhookEventStore.h"

#include <cppunit/extensions/HelperMacros.h>

#include <future>

using namespace Poco::Data::Keywords;
using campaigns::sending::OutboxStore;
using sendtest::SendingHarness;

namespace {
Poco::Int64 addEvent(SendingHarness& h, const std::string& key, const std::string& wamid, int processed,
                     const std::string& status = "delivered", const std::string& callbackData = "") {
    auto s = h.db().session();
    std::string k = key, w = wamid, st = status, cb = callbackData;
    s << "INSERT INTO campaigns_webhook_events (dedupe_key, kind, wamid, status, callback_data, payload, processed)"
         " VALUES (?, 'status', ?, ?, ?, '{}', ?)",
        use(k), use(w), use(st), use(cb), use(processed), now;
    return campaigns::storage::lastInsertId(s, h.db().dialect());
}

std::string entryState(SendingHarness& h, long long entry) {
    auto s = h.db().session();
    Poco::Int64 id = entry;
    std::string state, wamid;
    s << "SELECT state, COALESCE(wamid, '') FROM campaigns_entries WHERE id = ?", use(id), into(state), into(wamid), now;
    return state + (wamid.empty() ? "" : " " + wamid);
}

int processedOf(SendingHarness& h, Poco::Int64 id) {
    auto s = h.db().session();
    int processed = -1;
    s << "SELECT processed FROM campaigns_webhook_events WHERE id = ?", use(id), into(processed), now;
    return processed;
}
} // namespace

class WakeWaitingTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(WakeWaitingTest);
    CPPUNIT_TEST(recordingAnAnswerWakesItsEventsWithoutWaitingForTheProcessor);
    CPPUNIT_TEST(webhooksThatBeatTheAnswerAdoptTheirEntriesOnce);
    CPPUNIT_TEST_SUITE_END();

public:
    void recordingAnAnswerWakesItsEventsWithoutWaitingForTheProcessor() {
        SendingHarness h;
        h.engine().stop(std::chrono::seconds(5)); // this test plays the sender and the processor
        h.stopPump();
        const long long campaign = h.createCampaign(sendtest::plainCampaign(1, false, 0));
        OutboxStore outbox(h.db());
        const Poco::Timestamp lease = Poco::Timestamp() + Poco::Timespan(60, 0);
        auto claimed = outbox.claim(campaign, "test-instance", lease, 1);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), claimed.size());
        CPPUNIT_ASSERT(outbox.markWritten({{claimed[0].id, claimed[0].attemptId}}, lease)[0]);

        const std::string wamid = "wamid.wake-1";
        const Poco::Int64 waiting = addEvent(h, "w1", wamid, 2);  // came before the answer, found nothing
        const Poco::Int64 arriving = addEvent(h, "w2", wamid, 0); // came just now

        const campaigns::sending::SendResult r{claimed[0].id,
                                               campaign,
                                               claimed[0].attemptId,
                                               claimed[0].attempts,
                                               campaigns::cloudapi::Accepted{wamid, "", "accepted"},
                                               Poco::Timestamp()};

        const bool mysql = h.db().dialect() == helpdesk::Dialect::MySQL;
        if (mysql) {
            // The processor's order: it holds the event it read, then locks the entry of its wamid.
            auto processor = h.db().session();
            campaigns::storage::SqlTransaction tx(processor, h.db().dialect());
            Poco::Int64 held = arriving;
            std::vector<Poco::Int64> got;
            processor << "SELECT id FROM campaigns_webhook_events WHERE id = ? FOR UPDATE", use(held), into(got), now;
            auto recorded = std::async(std::launch::async, [&] { return outbox.apply({r}, 5); });
            // Let the recorder store the wamid and reach the wake-up before the processor asks.
            recorded.wait_for(std::chrono::milliseconds(500));
            std::string w = wamid;
            std::vector<Poco::Int64> entries;
            processor << "SELECT id FROM campaigns_entries WHERE wamid = ? FOR UPDATE", use(w), into(entries), now;
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), entries.size());
            tx.commit();
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), recorded.get().accepted);
        } else {
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), outbox.apply({r}, 5).accepted);
        }
        CPPUNIT_ASSERT_EQUAL_MESSAGE("the waiting event is woken", 0, processedOf(h, waiting));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("the new one is left to the processor", 0, processedOf(h, arriving));
    }

    // A "sent" webhook that beats the send's answer adopts its entry through the callback data
    // (at 1,000 msg/s about one entry in six), as does one for an entry a crash left unknown. The
    // processor reads and writes a batch's adoptions together; the answer recorded afterwards
    // moves only the entry no webhook adopted, and every entry is counted once.
    void webhooksThatBeatTheAnswerAdoptTheirEntriesOnce() {
        SendingHarness h;
        h.engine().stop(std::chrono::seconds(5)); // this test plays the sender and the processor
        h.stopPump();
        const long long campaign = h.createCampaign(sendtest::plainCampaign(4, false, 0));
        OutboxStore outbox(h.db());
        const Poco::Timestamp lease = Poco::Timestamp() + Poco::Timespan(60, 0);
        auto claimed = outbox.claim(campaign, "test-instance", lease, 4);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), claimed.size());
        outbox.markWritten(
            {{claimed[0].id, claimed[0].attemptId}, {claimed[1].id, claimed[1].attemptId}, {claimed[2].id, claimed[2].attemptId}},
            lease);
        outbox.markWritten({{claimed[3].id, claimed[3].attemptId}}, Poco::Timestamp() - Poco::Timespan(1, 0));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), outbox.recoverExpired(Poco::Timestamp()).unknown); // the crash's
        for (std::size_t i : {0U, 1U, 3U})
            addEvent(h, "a" + std::to_string(i), "wamid.adopt-" + std::to_string(i), 0, "sent",
                     campaigns::sending::callbackDataFor(claimed[i].id, claimed[i].attemptId));
        // In the same batch, after its status: the unknown entry's customer answers without quoting.
        // The answer is matched against the entries accepted for the number, in the table: the
        // adoption just before it must be there (it was not when adoptions waited for the batch's end).
        campaigns::webhooks::WebhookEventStore store(h.db());
        CPPUNIT_ASSERT_EQUAL(
            std::size_t(1),
            store.append(campaigns::webhooks::parseWebhookBody(sendtest::unquotedReplyBody(claimed[3].phone, "wamid.answer-3"))));

        CPPUNIT_ASSERT_EQUAL(std::size_t(4), h.events().processBatch());
        CPPUNIT_ASSERT_EQUAL(std::string("accepted wamid.adopt-0"), entryState(h, claimed[0].id));
        CPPUNIT_ASSERT_EQUAL(std::string("accepted wamid.adopt-1"), entryState(h, claimed[1].id));
        CPPUNIT_ASSERT_EQUAL(std::string("dispatching"), entryState(h, claimed[2].id));
        CPPUNIT_ASSERT_EQUAL(std::string("accepted wamid.adopt-3"), entryState(h, claimed[3].id));
        {
            auto s = h.db().session();
            Poco::Int64 id = claimed[3].id;
            int progress = 0;
            s << "SELECT progress FROM campaigns_entries WHERE id = ?", use(id), into(progress), now;
            CPPUNIT_ASSERT_EQUAL_MESSAGE("the answer reached the entry adopted in its batch", 4, progress);
        }

        std::vector<campaigns::sending::SendResult> answers;
        for (std::size_t i = 0; i < 3; ++i)
            answers.push_back({claimed[i].id, campaign, claimed[i].attemptId, claimed[i].attempts,
                               campaigns::cloudapi::Accepted{"wamid.adopt-" + std::to_string(i), "", "accepted"},
                               Poco::Timestamp()});
        CPPUNIT_ASSERT_EQUAL_MESSAGE("only the entry no webhook adopted", std::size_t(1), outbox.apply(answers, 5).accepted);
        CPPUNIT_ASSERT_EQUAL(std::string("accepted wamid.adopt-2"), entryState(h, claimed[2].id));
        const auto stored = campaigns::counters::storedCounters(h.db(), campaign);
        CPPUNIT_ASSERT_EQUAL(campaigns::counters::recountFromEntries(h.db(), campaign).describe(), stored.describe());
        CPPUNIT_ASSERT_EQUAL(4LL, stored.accepted);
        CPPUNIT_ASSERT_EQUAL(0LL, stored.unknown);
        CPPUNIT_ASSERT_EQUAL(0LL, stored.queued);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WakeWaitingTest);
