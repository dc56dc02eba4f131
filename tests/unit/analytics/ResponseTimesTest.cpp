// "Tiempo de respuesta": nearest-rank percentiles and the durations the KPI cards show.
#include "analytics/ResponseTimes.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>

using namespace campaigns::analytics;

class ResponseTimesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ResponseTimesTest);
    CPPUNIT_TEST(nearestRankOfTenValues);
    CPPUNIT_TEST(medianOfAnEvenCountIsTheLowerMiddle);
    CPPUNIT_TEST(oneValueIsEveryPercentile);
    CPPUNIT_TEST(emptyHasNoPercentile);
    CPPUNIT_TEST(percentOutsideOneToHundredIsRefused);
    CPPUNIT_TEST(matchesASortOnShuffledData);
    CPPUNIT_TEST(summaryCountsAnsweredAndWaiting);
    CPPUNIT_TEST(summaryWithoutAnswersHasNoTimes);
    CPPUNIT_TEST(negativeDurationsCountAsZero);
    CPPUNIT_TEST(humanDurations);
    CPPUNIT_TEST_SUITE_END();

public:
    void nearestRankOfTenValues() {
        std::vector<long long> v{100, 10, 90, 20, 80, 30, 70, 40, 60, 50};
        CPPUNIT_ASSERT_EQUAL(50LL, *nearestRankPercentile(v, 50));  // rank ceil(5)  = 5
        CPPUNIT_ASSERT_EQUAL(90LL, *nearestRankPercentile(v, 90));  // rank ceil(9)  = 9, not 91 interpolated
        CPPUNIT_ASSERT_EQUAL(100LL, *nearestRankPercentile(v, 91)); // rank ceil(9.1) = 10
        CPPUNIT_ASSERT_EQUAL(10LL, *nearestRankPercentile(v, 1));
        CPPUNIT_ASSERT_EQUAL(100LL, *nearestRankPercentile(v, 100));
    }

    void medianOfAnEvenCountIsTheLowerMiddle() {
        std::vector<long long> v{4, 1, 3, 2};
        CPPUNIT_ASSERT_EQUAL(2LL, *nearestRankPercentile(v, 50));
        std::vector<long long> odd{5, 1, 3};
        CPPUNIT_ASSERT_EQUAL(3LL, *nearestRankPercentile(odd, 50));
    }

    void oneValueIsEveryPercentile() {
        std::vector<long long> v{42};
        CPPUNIT_ASSERT_EQUAL(42LL, *nearestRankPercentile(v, 50));
        CPPUNIT_ASSERT_EQUAL(42LL, *nearestRankPercentile(v, 90));
    }

    void emptyHasNoPercentile() {
        std::vector<long long> v;
        CPPUNIT_ASSERT(!nearestRankPercentile(v, 50).has_value());
    }

    void percentOutsideOneToHundredIsRefused() {
        std::vector<long long> v{1, 2};
        CPPUNIT_ASSERT_THROW(nearestRankPercentile(v, 0), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(nearestRankPercentile(v, 101), std::invalid_argument);
    }

    void matchesASortOnShuffledData() {
        // 1,001 values 0..1000 in a fixed random order: rank ceil(p * 1001 / 100) of the sorted list.
        std::vector<long long> v(1001);
        std::iota(v.begin(), v.end(), 0);
        std::mt19937 rng(17);
        for (int p : {1, 25, 50, 75, 90, 99, 100}) {
            std::shuffle(v.begin(), v.end(), rng);
            const long long rank = (p * 1001LL + 99) / 100;
            CPPUNIT_ASSERT_EQUAL(rank - 1, *nearestRankPercentile(v, p));
        }
    }

    void summaryCountsAnsweredAndWaiting() {
        auto s = summarizeResponseTimes({240, 60, 4320, 120, 600}, 3);
        CPPUNIT_ASSERT_EQUAL(5LL, s.answered);
        CPPUNIT_ASSERT_EQUAL(3LL, s.waiting);
        CPPUNIT_ASSERT_EQUAL(240LL, *s.medianSeconds); // sorted 60 120 240 600 4320: rank 3
        CPPUNIT_ASSERT_EQUAL(4320LL, *s.p90Seconds);   // rank ceil(4.5) = 5
    }

    void summaryWithoutAnswersHasNoTimes() {
        auto s = summarizeResponseTimes({}, 7);
        CPPUNIT_ASSERT_EQUAL(0LL, s.answered);
        CPPUNIT_ASSERT_EQUAL(7LL, s.waiting);
        CPPUNIT_ASSERT(!s.medianSeconds);
        CPPUNIT_ASSERT(!s.p90Seconds);
        CPPUNIT_ASSERT_EQUAL(std::string("—"), humanDuration(s.medianSeconds));
    }

    void negativeDurationsCountAsZero() {
        auto s = summarizeResponseTimes({-5, -1}, 0);
        CPPUNIT_ASSERT_EQUAL(0LL, *s.medianSeconds);
        CPPUNIT_ASSERT_EQUAL(0LL, *s.p90Seconds);
    }

    void humanDurations() {
        CPPUNIT_ASSERT_EQUAL(std::string("—"), humanDuration(std::nullopt));
        CPPUNIT_ASSERT_EQUAL(std::string("0 s"), humanDuration(0));
        CPPUNIT_ASSERT_EQUAL(std::string("45 s"), humanDuration(45));
        CPPUNIT_ASSERT_EQUAL(std::string("1 min"), humanDuration(60));
        CPPUNIT_ASSERT_EQUAL(std::string("4 min"), humanDuration(4 * 60 + 59));
        CPPUNIT_ASSERT_EQUAL(std::string("59 min"), humanDuration(3599));
        CPPUNIT_ASSERT_EQUAL(std::string("1 h"), humanDuration(3600));
        CPPUNIT_ASSERT_EQUAL(std::string("1 h 12 min"), humanDuration(3600 + 12 * 60 + 30));
        CPPUNIT_ASSERT_EQUAL(std::string("23 h 59 min"), humanDuration(86399));
        CPPUNIT_ASSERT_EQUAL(std::string("1 d"), humanDuration(86400));
        CPPUNIT_ASSERT_EQUAL(std::string("2 d 3 h"), humanDuration(2 * 86400 + 3 * 3600 + 59 * 60));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ResponseTimesTest);
