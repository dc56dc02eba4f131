// Local date-times of the installation's time zone and the instants they name, around
// America/Santiago's DST changes: 2026-04-05 00:00 (-03) clocks go back to 04-04 23:00 (-04), so
// 23:00-23:59 on April 4 happens twice; 2026-09-06 00:00 (-04) jumps to 01:00 (-03), so 00:00-00:59
// on September 6 never happens.
#include "scheduling/LocalTime.h"

#include <Poco/DateTime.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::scheduling;

namespace {
Poco::Timestamp utc(int y, int mo, int d, int h, int mi = 0) { return Poco::DateTime(y, mo, d, h, mi).timestamp(); }
LocalDateTime local(const std::string& text) { return *LocalDateTime::parse(text); }
const std::string kSantiago = "America/Santiago";
} // namespace

class LocalTimeTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LocalTimeTest);
    CPPUNIT_TEST(parsesOnlyRealLocalTimes);
    CPPUNIT_TEST(ordinaryTimeHasOneInstant);
    CPPUNIT_TEST(timeSkippedBySpringForwardHasNone);
    CPPUNIT_TEST(timeRepeatedWhenClocksGoBackHasTwo);
    CPPUNIT_TEST(instantsReadBackOnTheWallClock);
    CPPUNIT_TEST(offsetsAndWeekdays);
    CPPUNIT_TEST_SUITE_END();

public:
    void parsesOnlyRealLocalTimes() {
        CPPUNIT_ASSERT(LocalDateTime::parse("2026-12-08T09:00").has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-08T09:05"), local("2026-12-08T09:05").iso());
        for (const char* bad : {"2026-02-30T09:00", "2026-12-08T24:00", "2026-12-08 09:00", "2026-12-08T9:00", "08/12/2026 09:00",
                                "2026-12-08T09:60", ""})
            CPPUNIT_ASSERT_MESSAGE(bad, !LocalDateTime::parse(bad).has_value());
    }
    void ordinaryTimeHasOneInstant() {
        auto found = instantsOf(local("2026-12-08T09:00"), kSantiago); // summer: UTC-3
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), found.size());
        CPPUNIT_ASSERT(found[0].at == utc(2026, 12, 8, 12));
        CPPUNIT_ASSERT_EQUAL(-180, found[0].offsetMinutes);
        found = instantsOf(local("2026-07-15T09:00"), kSantiago); // winter: UTC-4
        CPPUNIT_ASSERT(found.size() == 1 && found[0].at == utc(2026, 7, 15, 13));
    }
    void timeSkippedBySpringForwardHasNone() {
        CPPUNIT_ASSERT(instantsOf(local("2026-09-06T00:30"), kSantiago).empty());
        CPPUNIT_ASSERT(instantsOf(local("2026-09-06T00:00"), kSantiago).empty());
        // The first instant after the gap: 01:00 (-03), 04:00Z.
        CPPUNIT_ASSERT(firstInstantAtOrAfter(local("2026-09-06T00:30"), kSantiago) == utc(2026, 9, 6, 4));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), instantsOf(local("2026-09-06T01:00"), kSantiago).size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), instantsOf(local("2026-09-05T23:59"), kSantiago).size());
    }
    void timeRepeatedWhenClocksGoBackHasTwo() {
        auto found = instantsOf(local("2026-04-04T23:30"), kSantiago);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), found.size());
        CPPUNIT_ASSERT(found[0].at == utc(2026, 4, 5, 2, 30));
        CPPUNIT_ASSERT_EQUAL(-180, found[0].offsetMinutes);
        CPPUNIT_ASSERT(found[1].at == utc(2026, 4, 5, 3, 30));
        CPPUNIT_ASSERT_EQUAL(-240, found[1].offsetMinutes);
        CPPUNIT_ASSERT(firstInstantAtOrAfter(local("2026-04-04T23:30"), kSantiago) == found[0].at);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), instantsOf(local("2026-04-05T00:00"), kSantiago).size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), instantsOf(local("2026-04-04T22:59"), kSantiago).size());
    }
    void instantsReadBackOnTheWallClock() {
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-08T09:00"), localOf(utc(2026, 12, 8, 12), kSantiago).iso());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-04-04T23:30"), localOf(utc(2026, 4, 5, 2, 30), kSantiago).iso());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-04-04T23:30"), localOf(utc(2026, 4, 5, 3, 30), kSantiago).iso());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-09-06T01:00"), localOf(utc(2026, 9, 6, 4), kSantiago).iso());
        CPPUNIT_ASSERT_EQUAL(-240, offsetMinutesAt(utc(2026, 7, 1, 0), kSantiago));
        CPPUNIT_ASSERT_THROW(instantsOf(local("2026-12-08T09:00"), "Mars/Olympus"), std::invalid_argument);
    }
    void offsetsAndWeekdays() {
        CPPUNIT_ASSERT_EQUAL(std::string("-03:00"), offsetText(-180));
        CPPUNIT_ASSERT_EQUAL(std::string("+05:30"), offsetText(330));
        CPPUNIT_ASSERT_EQUAL(-240, *parseOffset("-04:00"));
        CPPUNIT_ASSERT_EQUAL(0, *parseOffset("Z"));
        CPPUNIT_ASSERT(!parseOffset("-4").has_value());
        CPPUNIT_ASSERT(!parseOffset("-04:60").has_value());
        CPPUNIT_ASSERT_EQUAL(1, isoWeekday(local("2026-12-07T00:00").date)); // a Monday
        CPPUNIT_ASSERT_EQUAL(7, isoWeekday(local("2026-12-13T00:00").date));
        CPPUNIT_ASSERT_EQUAL(4, isoWeekday(local("1970-01-01T00:00").date));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LocalTimeTest);
