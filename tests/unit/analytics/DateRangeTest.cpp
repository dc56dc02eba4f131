#include "analytics/DateRange.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using namespace campaigns::analytics;

namespace {
CivilDate d(const char* text) { return *CivilDate::parse(text); }
} // namespace

class DateRangeTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(DateRangeTest);
    CPPUNIT_TEST(civilDatesRoundTripAndRejectImpossibleDays);
    CPPUNIT_TEST(lastSevenAndThirtyDaysIncludeToday);
    CPPUNIT_TEST(previousMonthAcrossYearsAndLeapFebruary);
    CPPUNIT_TEST(customNeedsOrderedBoundsWithinTheLimit);
    CPPUNIT_TEST(allHasNoBoundsAndCodesRoundTrip);
    CPPUNIT_TEST_SUITE_END();

public:
    void civilDatesRoundTripAndRejectImpossibleDays() {
        CPPUNIT_ASSERT_EQUAL(0LL, d("1970-01-01").serial());
        CPPUNIT_ASSERT_EQUAL(std::string("2024-03-01"), d("2024-02-28").plusDays(2).iso());
        CPPUNIT_ASSERT_EQUAL(std::string("2023-03-01"), d("2023-02-28").plusDays(1).iso());
        for (long long s = -800; s < 40000; s += 37) CPPUNIT_ASSERT_EQUAL(s, CivilDate::fromSerial(s).serial());
        CPPUNIT_ASSERT(!CivilDate::parse("2026-02-29"));
        CPPUNIT_ASSERT(!CivilDate::parse("2026-13-01"));
        CPPUNIT_ASSERT(!CivilDate::parse("2026-1-01"));
        CPPUNIT_ASSERT(!CivilDate::parse("2026-01-0x"));
        CPPUNIT_ASSERT(CivilDate::parse("2024-02-29"));
    }
    void lastSevenAndThirtyDaysIncludeToday() {
        auto r7 = resolveRange(Preset::Last7, d("2026-03-03"), {}, {});
        CPPUNIT_ASSERT_EQUAL(std::string("2026-02-25"), r7.from->iso());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-03-03"), r7.to->iso());
        auto r30 = resolveRange(Preset::Last30, d("2026-03-03"), {}, {});
        CPPUNIT_ASSERT_EQUAL(std::string("2026-02-02"), r30.from->iso());
        CPPUNIT_ASSERT_EQUAL(29LL, r30.to->serial() - r30.from->serial());
    }
    void previousMonthAcrossYearsAndLeapFebruary() {
        auto jan = resolveRange(Preset::PrevMonth, d("2026-01-15"), {}, {});
        CPPUNIT_ASSERT_EQUAL(std::string("2025-12-01"), jan.from->iso());
        CPPUNIT_ASSERT_EQUAL(std::string("2025-12-31"), jan.to->iso());
        auto mar = resolveRange(Preset::PrevMonth, d("2024-03-31"), {}, {});
        CPPUNIT_ASSERT_EQUAL(std::string("2024-02-29"), mar.to->iso());
    }
    void customNeedsOrderedBoundsWithinTheLimit() {
        auto r = resolveRange(Preset::Custom, d("2026-03-03"), d("2026-01-10"), d("2026-01-12"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-01-10"), r.from->iso());
        CPPUNIT_ASSERT_THROW(resolveRange(Preset::Custom, d("2026-03-03"), d("2026-01-12"), d("2026-01-10")),
                             std::invalid_argument);
        CPPUNIT_ASSERT_THROW(resolveRange(Preset::Custom, d("2026-03-03"), {}, d("2026-01-10")), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(resolveRange(Preset::Custom, d("2026-03-03"), d("2020-01-01"), d("2026-01-10")),
                             std::invalid_argument);
    }
    void allHasNoBoundsAndCodesRoundTrip() {
        CPPUNIT_ASSERT(!resolveRange(Preset::All, d("2026-03-03"), {}, {}).bounded());
        for (auto p : {Preset::Last7, Preset::Last30, Preset::PrevMonth, Preset::Custom, Preset::All})
            CPPUNIT_ASSERT(presetFromCode(code(p)) == p);
        CPPUNIT_ASSERT(!presetFromCode("yesterday"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DateRangeTest);
