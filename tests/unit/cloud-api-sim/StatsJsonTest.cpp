// GET /_sim/stats lists every recipient's accepted count so a benchmark can prove nothing was sent
// twice. Built with an insertion-ordered Poco::JSON::Object each key was checked against every key
// before it: 200,000 recipients (two numbers' benchmark) took more than five minutes of the
// simulator's CPU and the caller gave up. The list must take time linear in its size.
#include "Simulator.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <string>

class StatsJsonTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(StatsJsonTest);
    CPPUNIT_TEST(testEveryRecipientListedQuickly);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryRecipientListedQuickly() {
        cloudsim::Simulator sim{cloudsim::SimConfig{}};
        constexpr int kRecipients = 100000;
        for (int i = 0; i < kRecipients; ++i) {
            const std::string to = "5697" + std::to_string(1000000 + i);
            sim.ledger().recordAccepted(to, "wamid." + std::to_string(i), "", 0);
        }
        sim.ledger().recordAccepted("56971000007", "wamid.again", "", 0); // one recipient twice

        const auto started = std::chrono::steady_clock::now();
        const std::string text = sim.statsJson(true, 10000000);
        const auto took = std::chrono::steady_clock::now() - started;

        auto stats = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::size_t{kRecipients}, stats->getObject("recipients")->size());
        CPPUNIT_ASSERT_EQUAL(2, stats->getObject("recipients")->getValue<int>("56971000007"));
        CPPUNIT_ASSERT_EQUAL(1, stats->getValue<int>("recipients_with_duplicates"));
        // Linear: well under a second even on a loaded machine; quadratic took minutes.
        CPPUNIT_ASSERT_MESSAGE(std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()) + " ms",
                               took < std::chrono::seconds(5));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatsJsonTest);
