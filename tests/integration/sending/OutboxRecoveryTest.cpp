// What a crash leaves behind, decided from the database alone: an entry whose claim expired before
// its request was marked as being written was never sent and goes back to the queue; one marked
// and never answered may have reached Meta and becomes unknown, never resent. Runs on SQLite and
// on the throwaway MariaDB.
#include "SendingHarness.h"

#include "cloudapi/CloudApiClient.h"
#include "cloudapi/OutcomeClassifier.h"
#include "sending/FailureClass.h"
#include "sending/OutboxStore.h"

#include <Poco/Net/ServerSocket.h>
#include <cppunit/extensions/HelperMacros.h>

#include <set>

using namespace Poco::Data::Keywords;
using campaigns::sending::OutboxStore;
using sendtest::SendingHarness;

namespace {
std::string stateOf(SendingHarness& h, long long entry, int* attempts = nullptr) {
    auto s = h.db().session();
    Poco::Int64 id = entry;
    std::string state;
    int n = 0;
    s << "SELECT state, attempts FROM campaigns_entries WHERE id = ?", use(id), into(state), into(n), now;
    if (attempts) *attempts = n;
    return state;
}

// A campaign of `entries` whose outbox the test drives itself (the harness's sender is stopped).
struct PlayedOutbox {
    explicit PlayedOutbox(int entries) : campaign(stopped(h).createCampaign(sendtest::plainCampaign(entries, false, 0))) {}
    static SendingHarness& stopped(SendingHarness& harness) {
        harness.engine().stop(std::chrono::seconds(5));
        return harness;
    }
    SendingHarness h;
    const long long campaign;
    OutboxStore outbox{h.db()};
    const Poco::Timestamp later = Poco::Timestamp() + Poco::Timespan(60, 0);
};
} // namespace

class OutboxRecoveryTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(OutboxRecoveryTest);
    CPPUNIT_TEST(expiredClaimsReturnToTheQueueAndWrittenOnesBecomeUnknown);
    CPPUNIT_TEST(aFailureAfterTheLastTryPromisesNoOtherTry);
    CPPUNIT_TEST(unknownOutcomesSayTheyAreNeverResentAutomatically);
    CPPUNIT_TEST(aLateAnswerForARecoveredEntryMovesOnlyTheOthers);
    CPPUNIT_TEST_SUITE_END();

public:
    void expiredClaimsReturnToTheQueueAndWrittenOnesBecomeUnknown() {
        SendingHarness h;
        h.engine().stop(std::chrono::seconds(5)); // this test plays the sender itself
        const long long campaign = h.createCampaign(sendtest::plainCampaign(10, false, 0));
        OutboxStore outbox(h.db());
        const Poco::Timestamp past = Poco::Timestamp() - Poco::Timespan(1, 0);

        auto claimed = outbox.claim(campaign, "dead-instance", past, 4);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), claimed.size());
        for (const auto& c : claimed) CPPUNIT_ASSERT_EQUAL(std::string("claimed"), stateOf(h, c.id));
        std::set<std::string> attemptIds;
        for (const auto& c : claimed) attemptIds.insert(c.attemptId);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("one attempt id per entry, claimed in one statement", claimed.size(), attemptIds.size());

        auto marked = outbox.markWritten(
            {{claimed[0].id, claimed[0].attemptId}, {claimed[1].id, claimed[1].attemptId}, {claimed[2].id, "another-attempt"}},
            past);
        CPPUNIT_ASSERT(marked[0] && marked[1]);
        CPPUNIT_ASSERT_MESSAGE("only the attempt that claimed an entry may mark it", !marked[2]);

        // The instance died here. Recovery, by any instance:
        const auto recovered = outbox.recoverExpired(Poco::Timestamp());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), recovered.requeued);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), recovered.unknown);
        CPPUNIT_ASSERT_EQUAL(std::string("unknown"), stateOf(h, claimed[0].id));
        CPPUNIT_ASSERT_EQUAL(std::string("unknown"), stateOf(h, claimed[1].id));
        int attempts = -1;
        CPPUNIT_ASSERT_EQUAL(std::string("queued"), stateOf(h, claimed[2].id, &attempts));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("a claim never written is not an attempt", 0, attempts);
        CPPUNIT_ASSERT_EQUAL(std::string("queued"), stateOf(h, claimed[3].id));

        // A late worker of the dead claim must not send what went back to the queue.
        CPPUNIT_ASSERT(!outbox.markWritten({{claimed[3].id, claimed[3].attemptId}}, Poco::Timestamp())[0]);

        const auto stored = campaigns::counters::storedCounters(h.db(), campaign);
        CPPUNIT_ASSERT_EQUAL(campaigns::counters::recountFromEntries(h.db(), campaign).describe(), stored.describe());
        CPPUNIT_ASSERT_EQUAL(8LL, stored.queued);
        CPPUNIT_ASSERT_EQUAL(2LL, stored.unknown);
    }

    // A 429 without Meta's error is retried; once the tries are used up the entry fails, and its
    // reason must say so instead of the retry's "se reintentará" (it read "... y se reintentará
    // (sin éxito tras 8 intentos)"). A transport failure (nothing listens: the request never left)
    // is not a try at all: the entry goes back to the queue with its tries untouched, whatever
    // their number, so an outage of the Cloud API burns no recipient (ApiOutageTest).
    void aFailureAfterTheLastTryPromisesNoOtherTry() {
        PlayedOutbox played(2);
        auto& [h, campaign, outbox, later] = played;
        auto claimed = outbox.claim(campaign, "this-instance", later, 2);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), claimed.size());
        outbox.markWritten({{claimed[0].id, claimed[0].attemptId}, {claimed[1].id, claimed[1].attemptId}}, later);

        Poco::UInt16 closedPort = 0;
        {
            Poco::Net::ServerSocket s(Poco::Net::SocketAddress("127.0.0.1", 0));
            closedPort = s.address().port();
        }
        campaigns::cloudapi::AccountEndpoint endpoint;
        endpoint.baseUrl = "http://127.0.0.1:" + std::to_string(closedPort);
        endpoint.apiVersion = "v23.0";
        endpoint.phoneNumberId = "106540352242922";
        campaigns::cloudapi::CloudApiClient client(campaigns::cloudapi::ConnectionPool::create());
        const auto notSent = client.sendMessage(endpoint, "{}");
        const auto throttled = campaigns::cloudapi::classifySendResponse(429, "");
        CPPUNIT_ASSERT(notSent.is<campaigns::cloudapi::Retryable>() && throttled.is<campaigns::cloudapi::Retryable>());

        constexpr int kMaxAttempts = 8;
        outbox.apply({{claimed[0].id, campaign, claimed[0].attemptId, kMaxAttempts, notSent, Poco::Timestamp()},
                      {claimed[1].id, campaign, claimed[1].attemptId, kMaxAttempts, throttled, Poco::Timestamp()}},
                     kMaxAttempts);
        int attempts = -1;
        CPPUNIT_ASSERT_EQUAL(std::string("queued"), stateOf(h, claimed[0].id, &attempts));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("a request that never left is not a try", 0, attempts);
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), stateOf(h, claimed[1].id));
        const std::string reason = h.entryText(claimed[1].id, "error_reason");
        CPPUNIT_ASSERT_MESSAGE(reason, reason.find("sin éxito tras 8 intentos") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(reason, reason.find("reintentará") == std::string::npos);
    }

    // An entry whose outcome is unknown (the request was written, no usable answer) and one left
    // unknown by a crash both tell the reader that nothing resends them by itself; the first read
    // only "... el mensaje pudo haberse enviado".
    void unknownOutcomesSayTheyAreNeverResentAutomatically() {
        PlayedOutbox played(2);
        auto& [h, campaign, outbox, later] = played;
        const Poco::Timestamp past = Poco::Timestamp() - Poco::Timespan(1, 0);
        auto answered = outbox.claim(campaign, "this-instance", later, 1);
        outbox.markWritten({{answered[0].id, answered[0].attemptId}}, later);
        outbox.apply({{answered[0].id, campaign, answered[0].attemptId, 1, campaigns::cloudapi::classifySendResponse(503, ""),
                       Poco::Timestamp()}},
                     8);
        auto crashed = outbox.claim(campaign, "dead-instance", past, 1);
        outbox.markWritten({{crashed[0].id, crashed[0].attemptId}}, past);
        outbox.recoverExpired(Poco::Timestamp());
        for (long long entry : {answered[0].id, crashed[0].id}) {
            CPPUNIT_ASSERT_EQUAL(std::string("unknown"), stateOf(h, entry));
            const std::string reason = h.entryText(entry, "error_reason");
            CPPUNIT_ASSERT_MESSAGE(reason, reason.find("no se reenvía automáticamente") != std::string::npos);
        }
        CPPUNIT_ASSERT_MESSAGE("the failure class's reason says it too",
                               campaigns::sending::failureReason(campaigns::sending::FailureClass::Unknown, 0)
                                       .find("no se reenvía automáticamente") != std::string::npos);
    }

    // Acceptances are written as one UPDATE per batch. An answer that arrives after recovery made
    // its entry unknown (its lease expired) is not that entry's to move: it stays unknown and
    // uncounted, while the other answers of the same batch are written with their own wamids.
    void aLateAnswerForARecoveredEntryMovesOnlyTheOthers() {
        PlayedOutbox played(3);
        auto& [h, campaign, outbox, later] = played;
        const Poco::Timestamp past = Poco::Timestamp() - Poco::Timespan(1, 0);
        auto claimed = outbox.claim(campaign, "this-instance", later, 3);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), claimed.size());
        outbox.markWritten({{claimed[0].id, claimed[0].attemptId}}, past); // its answer will come too late
        outbox.markWritten({{claimed[1].id, claimed[1].attemptId}, {claimed[2].id, claimed[2].attemptId}}, later);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), outbox.recoverExpired(Poco::Timestamp()).unknown);

        std::vector<campaigns::sending::SendResult> answers;
        for (std::size_t i = 0; i < claimed.size(); ++i)
            answers.push_back({claimed[i].id, campaign, claimed[i].attemptId, 1,
                               campaigns::cloudapi::Accepted{"wamid.late" + std::to_string(3 - i), "", "accepted"},
                               Poco::Timestamp()});
        const auto summary = outbox.apply(answers, 8);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), summary.accepted);
        CPPUNIT_ASSERT_EQUAL(std::string("unknown"), stateOf(h, claimed[0].id));
        {
            auto s = h.db().session();
            Poco::Int64 id = claimed[0].id;
            int withoutWamid = 0;
            s << "SELECT COUNT(*) FROM campaigns_entries WHERE id = ? AND wamid IS NULL", use(id), into(withoutWamid), now;
            CPPUNIT_ASSERT_EQUAL_MESSAGE("the late answer stored no wamid", 1, withoutWamid);
        }
        for (std::size_t i = 1; i < claimed.size(); ++i) {
            CPPUNIT_ASSERT_EQUAL(std::string("accepted"), stateOf(h, claimed[i].id));
            CPPUNIT_ASSERT_EQUAL("wamid.late" + std::to_string(3 - i), h.entryText(claimed[i].id, "wamid"));
        }
        const auto stored = campaigns::counters::storedCounters(h.db(), campaign);
        CPPUNIT_ASSERT_EQUAL(campaigns::counters::recountFromEntries(h.db(), campaign).describe(), stored.describe());
        CPPUNIT_ASSERT_EQUAL(2LL, stored.accepted);
        CPPUNIT_ASSERT_EQUAL(1LL, stored.unknown);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(OutboxRecoveryTest);
