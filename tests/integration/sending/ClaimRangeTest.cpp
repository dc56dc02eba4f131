// What a claim reads: due entries only, in the order the outbox promises (deferred whose wait is
// over, queued retries and waves whose time has come, then fresh entries by id), and not one of
// the entries that wait for a later time. A campaign sent in waves keeps most of its rows waiting
// for a day; each claim used to walk all of them. Runs on SQLite and on the throwaway MariaDB,
// where the server's handler counters show how many index entries a claim read.
#include "SendingHarness.h"

#include "sending/OutboxStore.h"
#include "storage/SqlDialect.h"

#include <cppunit/extensions/HelperMacros.h>

#include <Poco/Timespan.h>

#include <vector>

using namespace Poco::Data::Keywords;
using campaigns::sending::OutboxStore;
using sendtest::SendingHarness;

namespace {

const char* const kDelayAllButFirst =
    "UPDATE campaigns_entries SET next_attempt_at = ? WHERE campaign_id = ? AND id > ? AND state = 'queued'";
const char* const kFirstIds = "SELECT id FROM campaigns_entries WHERE campaign_id = ? ORDER BY id LIMIT 8";
const char* const kSetEntry = "UPDATE campaigns_entries SET state = ?, next_attempt_at = ? WHERE id = ?";

} // namespace

class ClaimRangeTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ClaimRangeTest);
    CPPUNIT_TEST(aClaimTakesOnlyDueEntriesInTheOutboxOrder);
    CPPUNIT_TEST(entriesWaitingForALaterWaveAreNotReadByEachClaim);
    CPPUNIT_TEST_SUITE_END();

public:
    void aClaimTakesOnlyDueEntriesInTheOutboxOrder() {
        SendingHarness h;
        h.engine().stop(std::chrono::seconds(5)); // this test plays the sender itself
        const long long campaign = h.createCampaign(sendtest::plainCampaign(12, false, 0));
        std::vector<Poco::Int64> ids;
        {
            auto s = h.db().session();
            Poco::Int64 c = campaign;
            s << kFirstIds, use(c), into(ids), now;
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(8), ids.size());
        const std::string past = campaigns::storage::utcText(Poco::Timestamp() - Poco::Timespan(3600, 0));
        const std::string earlier = campaigns::storage::utcText(Poco::Timestamp() - Poco::Timespan(7200, 0));
        const std::string later = campaigns::storage::utcText(Poco::Timestamp() + Poco::Timespan(3600, 0));
        auto set = [&](Poco::Int64 id, const std::string& state, const std::string& at) {
            auto s = h.db().session();
            std::string st = state, when = at;
            s << kSetEntry, use(st), use(when), use(id), now;
        };
        // ids[0..1] fresh; ids[2] a retry due an hour ago, ids[3] one due two hours ago; ids[4] a
        // deferred entry whose day has passed; ids[5] deferred and ids[6] queued, both for later.
        set(ids[2], "queued", past);
        set(ids[3], "queued", earlier);
        set(ids[4], "deferred", past);
        set(ids[5], "deferred", later);
        set(ids[6], "queued", later);
        // The counters follow the states as the outbox would have kept them.
        {
            auto s = h.db().session();
            Poco::Int64 c = campaign;
            s << "UPDATE campaigns_campaigns SET n_queued = n_queued - 2, n_deferred = n_deferred + 2 WHERE id = ?", use(c), now;
        }

        OutboxStore outbox(h.db());
        const auto leaseUntil = Poco::Timestamp() + Poco::Timespan(60, 0);
        auto first = outbox.claim(campaign, "me", leaseUntil, 4);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), first.size());
        CPPUNIT_ASSERT_EQUAL_MESSAGE("a deferred entry whose wait is over goes first", static_cast<long long>(ids[4]),
                                     first[0].id);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("then queued retries, the longest due first", static_cast<long long>(ids[3]), first[1].id);
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(ids[2]), first[2].id);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("then fresh entries by id", static_cast<long long>(ids[0]), first[3].id);

        std::size_t total = first.size();
        for (int round = 0; round < 10; ++round) {
            auto more = outbox.claim(campaign, "me", leaseUntil, 4);
            for (const auto& e : more) {
                CPPUNIT_ASSERT_MESSAGE("an entry waiting for a later time is never claimed", e.id != ids[5] && e.id != ids[6]);
            }
            total += more.size();
        }
        CPPUNIT_ASSERT_EQUAL_MESSAGE("every due entry, none of the two waiting", std::size_t(10), total);
        const auto stored = campaigns::counters::storedCounters(h.db(), campaign);
        CPPUNIT_ASSERT_EQUAL(campaigns::counters::recountFromEntries(h.db(), campaign).describe(), stored.describe());
    }

    void entriesWaitingForALaterWaveAreNotReadByEachClaim() {
        SendingHarness h;
        h.engine().stop(std::chrono::seconds(5));
        constexpr int kRows = 20000;
        const long long campaign = h.createCampaign(sendtest::plainCampaign(kRows, false, 0));
        std::vector<Poco::Int64> ids;
        {
            auto s = h.db().session();
            Poco::Int64 c = campaign;
            s << kFirstIds, use(c), into(ids), now;
            // The first wave is three entries; the rest leave tomorrow.
            std::string tomorrow = campaigns::storage::utcText(Poco::Timestamp() + Poco::Timespan(1, 0, 0, 0, 0));
            Poco::Int64 lastOfWave = ids[2];
            s << kDelayAllButFirst, use(tomorrow), use(c), use(lastOfWave), now;
        }
        OutboxStore outbox(h.db());
        const auto leaseUntil = Poco::Timestamp() + Poco::Timespan(60, 0);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), outbox.claim(campaign, "me", leaseUntil, 100).size());
        if (h.db().dialect() != helpdesk::Dialect::MySQL) {
            // SQLite has no per-statement read counter to ask; the figure is in tests/bench/claim-waiting.
            CPPUNIT_ASSERT(outbox.claim(campaign, "me", leaseUntil, 100).empty());
            return;
        }
        const long long before = sendtest::handlerReads(h.db());
        constexpr int kClaims = 5;
        for (int i = 0; i < kClaims; ++i) CPPUNIT_ASSERT(outbox.claim(campaign, "me", leaseUntil, 100).empty());
        const long long read = sendtest::handlerReads(h.db()) - before;
        // Walking the waiting entries costs kRows reads per claim; three index seeks cost a handful.
        // The bound leaves room for other tests sharing the throwaway server.
        CPPUNIT_ASSERT_MESSAGE("5 empty claims read " + std::to_string(read) + " index entries", read < kRows);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ClaimRangeTest);
