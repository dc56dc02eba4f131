// Send windows on the wall clock: inside or outside, the next start (next weekday, across DST
// changes in America/Santiago), windows that cross midnight, and the windows refused (start and
// end equal, no day).
#include "scheduling/SendWindow.h"

#include <Poco/DateTime.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::scheduling;

namespace {
Poco::Timestamp utc(int y, int mo, int d, int h, int mi = 0) { return Poco::DateTime(y, mo, d, h, mi).timestamp(); }
const std::string kSantiago = "America/Santiago";
constexpr int kWeekdays = 0x1F; // Monday .. Friday
SendWindow officeHours() { return SendWindow{9 * 60, 20 * 60, kWeekdays}; }
} // namespace

class SendWindowTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SendWindowTest);
    CPPUNIT_TEST(refusesEmptyWindows);
    CPPUNIT_TEST(insideAndOutsideOnTheLocalClock);
    CPPUNIT_TEST(nextStartSkipsDaysOff);
    CPPUNIT_TEST(nextStartFollowsDstChanges);
    CPPUNIT_TEST(windowAcrossMidnight);
    CPPUNIT_TEST(windowAcrossMidnightCountsItsStartDay);
    CPPUNIT_TEST(windowAcrossMidnightAndADstChange);
    CPPUNIT_TEST(clockTexts);
    CPPUNIT_TEST_SUITE_END();

public:
    void refusesEmptyWindows() {
        CPPUNIT_ASSERT(!officeHours().problem().has_value());
        CPPUNIT_ASSERT(SendWindow({9 * 60, 9 * 60, kWeekdays}).problem().has_value());
        CPPUNIT_ASSERT(!SendWindow({10 * 60, 9 * 60, kWeekdays}).problem().has_value()); // crosses midnight
        CPPUNIT_ASSERT(!SendWindow({22 * 60, 0, kWeekdays}).problem().has_value());
        CPPUNIT_ASSERT(!SendWindow({0, 24 * 60, kWeekdays}).problem().has_value());
        CPPUNIT_ASSERT(SendWindow({0, 0, kWeekdays}).problem().has_value());
        CPPUNIT_ASSERT(!SendWindow({9 * 60, 9 * 60 + 1, kWeekdays}).problem().has_value());
        auto noDay = SendWindow({9 * 60, 20 * 60, 0}).problem();
        CPPUNIT_ASSERT(noDay && noDay->find("día") != std::string::npos);
    }
    void insideAndOutsideOnTheLocalClock() {
        // Tuesday 2026-12-08, Santiago UTC-3: 09:00 local = 12:00Z, 20:00 local = 23:00Z.
        CPPUNIT_ASSERT(!officeHours().contains(utc(2026, 12, 8, 11, 59), kSantiago));
        CPPUNIT_ASSERT(officeHours().contains(utc(2026, 12, 8, 12, 0), kSantiago));
        CPPUNIT_ASSERT(officeHours().contains(utc(2026, 12, 8, 22, 59), kSantiago));
        CPPUNIT_ASSERT(!officeHours().contains(utc(2026, 12, 8, 23, 0), kSantiago));
        // Saturday 2026-12-12 at noon: not a chosen day.
        CPPUNIT_ASSERT(!officeHours().contains(utc(2026, 12, 12, 15, 0), kSantiago));
    }
    void nextStartSkipsDaysOff() {
        // Friday 2026-12-11 20:00 local -> Monday 2026-12-14 09:00 local (12:00Z).
        CPPUNIT_ASSERT(officeHours().nextStart(utc(2026, 12, 11, 23, 0), kSantiago) == utc(2026, 12, 14, 12));
        // Before Tuesday's start: that same morning.
        CPPUNIT_ASSERT(officeHours().nextStart(utc(2026, 12, 8, 10, 0), kSantiago) == utc(2026, 12, 8, 12));
        // Inside: the next day's.
        CPPUNIT_ASSERT(officeHours().nextStart(utc(2026, 12, 8, 12, 0), kSantiago) == utc(2026, 12, 9, 12));
    }
    void nextStartFollowsDstChanges() {
        const SendWindow everyDay{9 * 60, 20 * 60, SendWindow::kAllDays};
        // Saturday 2026-04-04 20:00 (-03) -> Sunday 09:00, now -04: 13:00Z, not 12:00Z.
        CPPUNIT_ASSERT(everyDay.nextStart(utc(2026, 4, 4, 23, 0), kSantiago) == utc(2026, 4, 5, 13));
        // Saturday 2026-09-05 20:00 (-04) -> Sunday 09:00, now -03: 12:00Z.
        CPPUNIT_ASSERT(everyDay.nextStart(utc(2026, 9, 6, 0, 0), kSantiago) == utc(2026, 9, 6, 12));
        // A window opening at 00:30, a time that does not exist on 2026-09-06: it opens at 01:00 (-03).
        const SendWindow night{30, 8 * 60, SendWindow::kAllDays};
        CPPUNIT_ASSERT(night.nextStart(utc(2026, 9, 5, 14, 0), kSantiago) == utc(2026, 9, 6, 4));
        CPPUNIT_ASSERT(night.contains(utc(2026, 9, 6, 4, 0), kSantiago));
        CPPUNIT_ASSERT(!night.contains(utc(2026, 9, 6, 3, 59), kSantiago));
    }
    void windowAcrossMidnight() {
        // 22:00-06:00 every day; Tuesday 2026-12-08, Santiago UTC-3: 22:00 local = 01:00Z the next day.
        const SendWindow night{22 * 60, 6 * 60, SendWindow::kAllDays};
        CPPUNIT_ASSERT(night.crossesMidnight());
        CPPUNIT_ASSERT(!night.contains(utc(2026, 12, 9, 0, 59), kSantiago)); // 21:59
        CPPUNIT_ASSERT(night.contains(utc(2026, 12, 9, 1, 0), kSantiago));   // 22:00
        CPPUNIT_ASSERT(night.contains(utc(2026, 12, 9, 3, 0), kSantiago));   // 00:00
        CPPUNIT_ASSERT(night.contains(utc(2026, 12, 9, 8, 59), kSantiago));  // 05:59
        CPPUNIT_ASSERT(!night.contains(utc(2026, 12, 9, 9, 0), kSantiago));  // 06:00
        CPPUNIT_ASSERT(!night.contains(utc(2026, 12, 9, 15, 0), kSantiago)); // noon
        // Closed at 06:00: it opens again at 22:00 that same day.
        CPPUNIT_ASSERT(night.nextStart(utc(2026, 12, 9, 9, 0), kSantiago) == utc(2026, 12, 10, 1));
    }
    void windowAcrossMidnightCountsItsStartDay() {
        // Friday 22:00 to Saturday 06:00, Friday only (2026-12-11 is a Friday).
        const SendWindow friday{22 * 60, 6 * 60, 1 << 4};
        CPPUNIT_ASSERT(!friday.problem().has_value());
        CPPUNIT_ASSERT(!friday.contains(utc(2026, 12, 12, 0, 59), kSantiago)); // Friday 21:59
        CPPUNIT_ASSERT(friday.contains(utc(2026, 12, 12, 1, 0), kSantiago));   // Friday 22:00
        CPPUNIT_ASSERT(friday.contains(utc(2026, 12, 12, 8, 59), kSantiago));  // Saturday 05:59
        CPPUNIT_ASSERT(!friday.contains(utc(2026, 12, 12, 9, 0), kSantiago));  // Saturday 06:00
        CPPUNIT_ASSERT(!friday.contains(utc(2026, 12, 13, 1, 0), kSantiago));  // Saturday 22:00: not a Friday
        CPPUNIT_ASSERT(!friday.contains(utc(2026, 12, 11, 8, 59), kSantiago)); // Friday 05:59: Thursday's window
        // From Saturday 06:00 the next start is the next Friday 22:00.
        CPPUNIT_ASSERT(friday.nextStart(utc(2026, 12, 12, 9, 0), kSantiago) == utc(2026, 12, 19, 1));
    }
    void windowAcrossMidnightAndADstChange() {
        // Saturday 2026-09-05 22:00 (-04) = 02:00Z; the clocks jump from 00:00 to 01:00 (-03) that
        // night, so Sunday 06:00 is 09:00Z: the window lasts seven hours, not eight.
        const SendWindow night{22 * 60, 6 * 60, SendWindow::kAllDays};
        CPPUNIT_ASSERT(!night.contains(utc(2026, 9, 6, 1, 59), kSantiago));
        CPPUNIT_ASSERT(night.contains(utc(2026, 9, 6, 2, 0), kSantiago));
        CPPUNIT_ASSERT(night.contains(utc(2026, 9, 6, 8, 59), kSantiago));
        CPPUNIT_ASSERT(!night.contains(utc(2026, 9, 6, 9, 0), kSantiago));
    }
    void clockTexts() {
        CPPUNIT_ASSERT_EQUAL(9 * 60, *parseClock("09:00", false));
        CPPUNIT_ASSERT_EQUAL(24 * 60, *parseClock("24:00", true));
        CPPUNIT_ASSERT(!parseClock("24:00", false).has_value());
        CPPUNIT_ASSERT(!parseClock("9:00", true).has_value());
        CPPUNIT_ASSERT(!parseClock("09:61", true).has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("20:30"), clockText(20 * 60 + 30));
        CPPUNIT_ASSERT(std::vector<int>({1, 2, 3, 4, 5}) == officeHours().weekdays());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SendWindowTest);
