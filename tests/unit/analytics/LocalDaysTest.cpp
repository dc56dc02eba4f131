#include "analytics/LocalDays.h"

#include <Poco/DateTime.h>

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using namespace campaigns::analytics;

namespace {
Poco::Timestamp utc(int y, int mo, int d, int h, int mi = 0) { return Poco::DateTime(y, mo, d, h, mi).timestamp(); }
std::string utcText(Poco::Timestamp t) {
    Poco::DateTime dt(t);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", dt.year(), dt.month(), dt.day(), dt.hour(), dt.minute());
    return buf;
}
const std::string kSantiago = "America/Santiago";
} // namespace

class LocalDaysTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LocalDaysTest);
    CPPUNIT_TEST(eventsAfterUtcMidnightBelongToTheLocalEvening);
    CPPUNIT_TEST(localMidnightFollowsDaylightSaving);
    CPPUNIT_TEST(unknownZoneIsRefused);
    CPPUNIT_TEST(wallClockTextIsLocal);
    CPPUNIT_TEST_SUITE_END();

public:
    void eventsAfterUtcMidnightBelongToTheLocalEvening() {
        // Santiago in March is UTC-3: 02:30Z on the 1st is 23:30 on the 28th of February.
        CPPUNIT_ASSERT_EQUAL(std::string("2026-02-28"), dayKeyFor(utc(2026, 3, 1, 2, 30), kSantiago));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-03-01"), dayKeyFor(utc(2026, 3, 1, 3, 0), kSantiago));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-03-01"), dayKeyFor(utc(2026, 3, 1, 2, 30), "UTC"));
        // July: UTC-4.
        CPPUNIT_ASSERT_EQUAL(std::string("2026-07-14"), dayKeyFor(utc(2026, 7, 15, 3, 59), kSantiago));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-07-15"), dayKeyFor(utc(2026, 7, 15, 4, 0), kSantiago));
    }
    void wallClockTextIsLocal() {
        CPPUNIT_ASSERT_EQUAL(std::string("28/02/2026 23:30"), localDateTimeText(utc(2026, 3, 1, 2, 30), kSantiago));
        CPPUNIT_ASSERT_EQUAL(std::string("14/07/2026 23:59"), localDateTimeText(utc(2026, 7, 15, 3, 59), kSantiago));
        CPPUNIT_ASSERT_EQUAL(std::string("01/03/2026 02:30"), localDateTimeText(utc(2026, 3, 1, 2, 30), "UTC"));
    }
    void localMidnightFollowsDaylightSaving() {
        CPPUNIT_ASSERT_EQUAL(std::string("2026-03-01 03:00"), utcText(localDayStart({2026, 3, 1}, kSantiago)));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-07-15 04:00"), utcText(localDayStart({2026, 7, 15}, kSantiago)));
        // Santiago springs forward at local midnight on 2026-09-06: that day begins at 01:00 local.
        CPPUNIT_ASSERT_EQUAL(std::string("2026-09-06 04:00"), utcText(localDayStart({2026, 9, 6}, kSantiago)));
        const auto start = localDayStart({2026, 9, 6}, kSantiago);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-09-06"), dayKeyFor(start, kSantiago));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-09-05"), dayKeyFor(start - 1000, kSantiago));
    }
    void unknownZoneIsRefused() {
        CPPUNIT_ASSERT_THROW(requireKnownTimeZone("Mars/Olympus"), std::invalid_argument);
        CPPUNIT_ASSERT_NO_THROW(requireKnownTimeZone(kSantiago));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LocalDaysTest);
