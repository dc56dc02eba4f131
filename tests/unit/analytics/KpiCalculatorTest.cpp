#include "analytics/KpiCalculator.h"

#include <cppunit/extensions/HelperMacros.h>

#include <map>

using namespace campaigns::analytics;

namespace {

// One message of a campaign as the sending engine and webhooks leave it; counters are built from
// a list of these exactly as CampaignState.h defines them, so each test states messages, not sums.
struct Message {
    enum Outcome { Accepted, FailedSend, Unknown, Queued } outcome = Accepted;
    int progress = 0; // 0 none .. 5 addressed
    bool readSeen = false;
    bool failedAfterAccept = false;
};

EventCounters countersOf(const std::vector<Message>& messages) {
    EventCounters c;
    for (const auto& m : messages) {
        if (m.outcome == Message::FailedSend) ++c.failedSend;
        if (m.outcome != Message::Accepted) continue;
        ++c.accepted;
        if (m.progress >= 1) ++c.sent;
        if (m.progress >= 2) ++c.delivered;
        if (m.readSeen) ++c.read;
        if (m.progress >= 4) ++c.replied;
        if (m.progress >= 4 && !m.readSeen) ++c.repliedUnread;
        if (m.progress == 5) ++c.addressed;
        if (m.failedAfterAccept) ++c.failedAfterAccept;
    }
    return c;
}

std::map<std::string, Kpi> byKey(const EventCounters& c) {
    std::map<std::string, Kpi> out;
    for (auto& k : computeKpis(c)) out[k.key] = k;
    return out;
}

void assertRate(double expected, const Kpi& k) {
    CPPUNIT_ASSERT_MESSAGE(k.key + " has a rate", k.rate.has_value());
    CPPUNIT_ASSERT_DOUBLES_EQUAL(expected, *k.rate, 1e-9);
}

} // namespace

class KpiCalculatorTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(KpiCalculatorTest);
    CPPUNIT_TEST(everyFormulaOnAMixedCampaign);
    CPPUNIT_TEST(duplicatesCountEachMessage);
    CPPUNIT_TEST(readReceiptsOffStillCountRepliesAsRead);
    CPPUNIT_TEST(bothKindsOfFailureMakeTheBounce);
    CPPUNIT_TEST(unknownAndPendingAreNotSentNorFailed);
    CPPUNIT_TEST(zeroDenominatorsGiveNoRate);
    CPPUNIT_TEST(funnelFollowsTheKpis);
    CPPUNIT_TEST(sumOfDaysEqualsTheWhole);
    CPPUNIT_TEST_SUITE_END();

public:
    void everyFormulaOnAMixedCampaign() {
        // 10 sent: 8 accepted (6 delivered, of which 3 read receipts, 2 replies with receipt,
        // 1 reply without, 1 addressed), 1 failed after acceptance, 2 failed on send.
        std::vector<Message> m = {
            {Message::Accepted, 2},       {Message::Accepted, 2},
            {Message::Accepted, 3, true}, {Message::Accepted, 4, true},
            {Message::Accepted, 5, true}, {Message::Accepted, 4, false},
            {Message::Accepted, 1},       {Message::Accepted, 0, false, true},
            {Message::FailedSend},        {Message::FailedSend},
        };
        auto k = byKey(countersOf(m));
        CPPUNIT_ASSERT_EQUAL(10LL, k["sent"].count);
        CPPUNIT_ASSERT(!k["sent"].rate);
        CPPUNIT_ASSERT_EQUAL(6LL, k["delivered"].count);
        assertRate(6.0 / 10, k["delivered"]);
        CPPUNIT_ASSERT_EQUAL(3LL, k["bounce"].count);
        assertRate(3.0 / 10, k["bounce"]);
        CPPUNIT_ASSERT_EQUAL(4LL, k["read"].count); // 3 receipts + 1 reply never marked read
        assertRate(4.0 / 6, k["read"]);
        CPPUNIT_ASSERT_EQUAL(3LL, k["replied"].count);
        assertRate(3.0 / 6, k["replied"]);
        CPPUNIT_ASSERT_EQUAL(1LL, k["addressed"].count);
        assertRate(1.0 / 6, k["addressed"]);
        CPPUNIT_ASSERT_EQUAL(6LL, k["read"].denominator);
        CPPUNIT_ASSERT_EQUAL(10LL, k["bounce"].denominator);
    }

    void duplicatesCountEachMessage() {
        // The same number three times: three messages, each with its own fate.
        std::vector<Message> m = {{Message::Accepted, 3, true}, {Message::Accepted, 2}, {Message::FailedSend}};
        auto k = byKey(countersOf(m));
        CPPUNIT_ASSERT_EQUAL(3LL, k["sent"].count);
        CPPUNIT_ASSERT_EQUAL(2LL, k["delivered"].count);
        assertRate(2.0 / 3, k["delivered"]);
        assertRate(1.0 / 2, k["read"]);
        assertRate(1.0 / 3, k["bounce"]);
    }

    void readReceiptsOffStillCountRepliesAsRead() {
        // Recipients with read receipts off: replies arrive without any read status.
        std::vector<Message> m = {{Message::Accepted, 4}, {Message::Accepted, 4}, {Message::Accepted, 5}, {Message::Accepted, 2}};
        auto c = countersOf(m);
        CPPUNIT_ASSERT_EQUAL(0LL, c.read);
        auto k = byKey(c);
        CPPUNIT_ASSERT_EQUAL(3LL, k["read"].count);
        CPPUNIT_ASSERT_EQUAL(3LL, k["replied"].count);
        CPPUNIT_ASSERT(*k["read"].rate >= *k["replied"].rate);
        assertRate(3.0 / 4, k["read"]);
    }

    void bothKindsOfFailureMakeTheBounce() {
        std::vector<Message> m = {{Message::Accepted, 0, false, true},
                                  {Message::Accepted, 1, false, true},
                                  {Message::FailedSend},
                                  {Message::Accepted, 2}};
        auto k = byKey(countersOf(m));
        CPPUNIT_ASSERT_EQUAL(4LL, k["sent"].count);
        CPPUNIT_ASSERT_EQUAL(3LL, k["bounce"].count);
        assertRate(3.0 / 4, k["bounce"]);
        assertRate(1.0 / 4, k["delivered"]);
    }

    void unknownAndPendingAreNotSentNorFailed() {
        std::vector<Message> m = {{Message::Unknown}, {Message::Queued}, {Message::Accepted, 2}};
        auto k = byKey(countersOf(m));
        CPPUNIT_ASSERT_EQUAL(1LL, k["sent"].count);
        CPPUNIT_ASSERT_EQUAL(0LL, k["bounce"].count);
        assertRate(1.0, k["delivered"]);
    }

    void zeroDenominatorsGiveNoRate() {
        auto k = byKey(EventCounters{});
        for (auto& [key, kpi] : k) CPPUNIT_ASSERT_MESSAGE(key, !kpi.rate);
        // Sent but nothing delivered: delivery-based rates stay absent, not 0 %.
        std::vector<Message> m = {{Message::Accepted, 1}};
        auto k2 = byKey(countersOf(m));
        assertRate(0.0, k2["delivered"]);
        CPPUNIT_ASSERT(!k2["read"].rate);
        CPPUNIT_ASSERT(!k2["addressed"].rate);
    }

    void funnelFollowsTheKpis() {
        std::vector<Message> m = {{Message::Accepted, 5, true},
                                  {Message::Accepted, 4},
                                  {Message::Accepted, 3, true},
                                  {Message::Accepted, 2},
                                  {Message::FailedSend}};
        auto f = funnel(countersOf(m));
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), f.size());
        const char* keys[] = {"sent", "delivered", "read", "replied", "addressed"};
        const long long counts[] = {5, 4, 3, 2, 1};
        for (std::size_t i = 0; i < 5; ++i) {
            CPPUNIT_ASSERT_EQUAL(std::string(keys[i]), f[i].key);
            CPPUNIT_ASSERT_EQUAL(counts[i], f[i].count);
        }
    }

    void sumOfDaysEqualsTheWhole() {
        // A range that cuts a campaign sums only its days; all days together are the whole.
        std::vector<Message> day1 = {{Message::Accepted, 2}, {Message::FailedSend}};
        std::vector<Message> day2 = {{Message::Accepted, 4}};
        EventCounters whole = countersOf(day1);
        whole += countersOf(day2);
        auto all = day1;
        all.insert(all.end(), day2.begin(), day2.end());
        CPPUNIT_ASSERT(whole == countersOf(all));
        auto onlyDay2 = byKey(countersOf(day2));
        CPPUNIT_ASSERT_EQUAL(1LL, onlyDay2["sent"].count);
        CPPUNIT_ASSERT_EQUAL(0LL, onlyDay2["bounce"].count);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(KpiCalculatorTest);
