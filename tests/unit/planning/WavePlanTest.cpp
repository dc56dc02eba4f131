// The plan's arithmetic: how long a send takes at a rate, which rate counts, and how a campaign
// splits into waves under the WABA's moving-24-hour limit of unique users.
#include "planning/SendPlan.h"
#include "planning/WavePlan.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::planning;

namespace {
const Poco::Timespan kDay(24 * Poco::Timespan::HOURS);
} // namespace

class WavePlanTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(WavePlanTest);
    CPPUNIT_TEST(etaRoundsUpAndNeedsARate);
    CPPUNIT_TEST(rateIsTheLowerOfMetaAndTheAccount);
    CPPUNIT_TEST(oneWaveWhenTheLimitCoversTheCampaign);
    CPPUNIT_TEST(wavesTakeTheFreePartTodayThenTheWholeLimitEachDay);
    CPPUNIT_TEST(nothingFreeNowStartsTomorrow);
    CPPUNIT_TEST(unlimitedIsOneWave);
    CPPUNIT_TEST(rowsFillWavesByUniquePhoneInIdOrder);
    CPPUNIT_TEST(aRepeatedPhoneKeepsTheWaveOfItsFirstRow);
    CPPUNIT_TEST(rowsBeyondTheWavesGoToTheLastOne);
    CPPUNIT_TEST_SUITE_END();

public:
    void etaRoundsUpAndNeedsARate() {
        CPPUNIT_ASSERT_EQUAL(0LL, etaSeconds(0, 80));
        CPPUNIT_ASSERT_EQUAL(1LL, etaSeconds(80, 80));
        CPPUNIT_ASSERT_EQUAL(2LL, etaSeconds(81, 80));
        CPPUNIT_ASSERT_EQUAL(125LL, etaSeconds(10000, 80));
        CPPUNIT_ASSERT_EQUAL(0LL, etaSeconds(100, 0));
    }

    void rateIsTheLowerOfMetaAndTheAccount() {
        CPPUNIT_ASSERT_DOUBLES_EQUAL(20.0, effectiveRate(80, 20), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(80.0, effectiveRate(80, 500), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(500.0, effectiveRate(0, 500), 1e-9); // Meta's level unknown
        CPPUNIT_ASSERT_DOUBLES_EQUAL(80.0, throughputOfLevel("STANDARD"), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(1000.0, throughputOfLevel("HIGH"), 1e-9);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0, throughputOfLevel(""), 1e-9);
    }

    void oneWaveWhenTheLimitCoversTheCampaign() {
        const Poco::Timestamp now;
        const auto waves = proposeWaves(200, 250, 50, now, 80);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), waves.size());
        CPPUNIT_ASSERT_EQUAL(200LL, waves[0].recipients);
        CPPUNIT_ASSERT(waves[0].startsAt == now);
        CPPUNIT_ASSERT_EQUAL(3LL, waves[0].etaSeconds);
    }

    void wavesTakeTheFreePartTodayThenTheWholeLimitEachDay() {
        const Poco::Timestamp now;
        // 2,000 a day, 1,500 used: 500 today, 2,000 tomorrow, 2,000 the day after, 500 the last day.
        const auto waves = proposeWaves(5000, 2000, 1500, now, 100, 2.0);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), waves.size());
        CPPUNIT_ASSERT_EQUAL(500LL, waves[0].recipients);
        CPPUNIT_ASSERT_EQUAL(2000LL, waves[1].recipients);
        CPPUNIT_ASSERT_EQUAL(2000LL, waves[2].recipients);
        CPPUNIT_ASSERT_EQUAL(500LL, waves[3].recipients);
        CPPUNIT_ASSERT(waves[0].startsAt == now);
        CPPUNIT_ASSERT(waves[1].startsAt == now + kDay);
        CPPUNIT_ASSERT(waves[3].startsAt == now + kDay + kDay + kDay);
        CPPUNIT_ASSERT_EQUAL(4, waves[3].number);
        // Two rows per phone at 100 per second: 1,000 messages take 10 s.
        CPPUNIT_ASSERT_EQUAL(10LL, waves[0].etaSeconds);
        long long total = 0;
        for (const auto& w : waves) total += w.recipients;
        CPPUNIT_ASSERT_EQUAL(5000LL, total);
    }

    void nothingFreeNowStartsTomorrow() {
        const Poco::Timestamp now;
        const auto waves = proposeWaves(300, 250, 260, now, 80);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), waves.size());
        CPPUNIT_ASSERT(waves[0].startsAt == now + kDay);
        CPPUNIT_ASSERT_EQUAL(250LL, waves[0].recipients);
        CPPUNIT_ASSERT_EQUAL(50LL, waves[1].recipients);
    }

    void unlimitedIsOneWave() {
        const auto waves = proposeWaves(1000000, 0, 999999, Poco::Timestamp(), 1000);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), waves.size());
        CPPUNIT_ASSERT_EQUAL(1000000LL, waves[0].recipients);
        CPPUNIT_ASSERT_EQUAL(1000LL, waves[0].etaSeconds);
        CPPUNIT_ASSERT(proposeWaves(0, 250, 0, Poco::Timestamp(), 80).empty());
    }

    // "Programar en tandas": which wave each stored row belongs to.
    void rowsFillWavesByUniquePhoneInIdOrder() {
        const auto waves = proposeWaves(5, 2, 0, Poco::Timestamp(), 0);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), waves.size());
        const std::vector<int> expected{1, 1, 2, 2, 3};
        CPPUNIT_ASSERT(expected == wavesOfRows({"a", "b", "c", "d", "e"}, waves));
    }

    void aRepeatedPhoneKeepsTheWaveOfItsFirstRow() {
        const auto waves = proposeWaves(3, 2, 0, Poco::Timestamp(), 0); // 2 + 1
        // "a" again after wave 1 is full, "c" twice in wave 2: unique users per wave stay 2 and 1.
        const std::vector<int> expected{1, 1, 1, 2, 2, 1};
        CPPUNIT_ASSERT(expected == wavesOfRows({"a", "b", "a", "c", "c", "b"}, waves));
        CPPUNIT_ASSERT(wavesOfRows({}, waves).empty());
    }

    void rowsBeyondTheWavesGoToTheLastOne() {
        const auto waves = proposeWaves(3, 2, 0, Poco::Timestamp(), 0);
        const std::vector<int> expected{1, 1, 2, 2};
        CPPUNIT_ASSERT(expected == wavesOfRows({"a", "b", "c", "d"}, waves));
        const std::vector<int> none{1, 1};
        CPPUNIT_ASSERT(none == wavesOfRows({"a", "b"}, {}));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WavePlanTest);
