#include "analytics/LocalDays.h"

#include <unicode/calendar.h>
#include <unicode/gregocal.h>
#include <unicode/timezone.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

namespace campaigns::analytics {

namespace {
std::unique_ptr<icu::TimeZone> zone(const std::string& tz) {
    std::unique_ptr<icu::TimeZone> z(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(tz)));
    // ICU answers an unknown id with the "Etc/Unknown" zone (GMT) instead of failing.
    if (!z || *z == icu::TimeZone::getUnknown()) throw std::invalid_argument("unknown time zone '" + tz + "'");
    return z;
}

std::unique_ptr<icu::Calendar> calendar(const std::string& tz) {
    UErrorCode status = U_ZERO_ERROR;
    auto cal = std::make_unique<icu::GregorianCalendar>(zone(tz).release(), status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU calendar: ") + u_errorName(status));
    // Pure Gregorian even for old dates, like CivilDate.
    cal->setGregorianChange(-1e300, status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU calendar: ") + u_errorName(status));
    return cal;
}

void check(UErrorCode status) {
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU calendar: ") + u_errorName(status));
}
} // namespace

void requireKnownTimeZone(const std::string& tz) { zone(tz); }

CivilDate localDay(Poco::Timestamp when, const std::string& tz) {
    auto cal = calendar(tz);
    UErrorCode status = U_ZERO_ERROR;
    cal->setTime(static_cast<UDate>(when.epochMicroseconds() / 1000), status);
    check(status);
    CivilDate d;
    d.year = cal->get(UCAL_EXTENDED_YEAR, status);
    d.month = cal->get(UCAL_MONTH, status) + 1;
    d.day = cal->get(UCAL_DATE, status);
    check(status);
    return d;
}

std::string dayKeyFor(Poco::Timestamp when, const std::string& tz) { return localDay(when, tz).iso(); }

std::string localDateTimeText(Poco::Timestamp when, const std::string& tz) {
    auto cal = calendar(tz);
    UErrorCode status = U_ZERO_ERROR;
    cal->setTime(static_cast<UDate>(when.epochMicroseconds() / 1000), status);
    check(status);
    char text[32];
    std::snprintf(text, sizeof text, "%02d/%02d/%04d %02d:%02d", cal->get(UCAL_DATE, status), cal->get(UCAL_MONTH, status) + 1,
                  cal->get(UCAL_EXTENDED_YEAR, status), cal->get(UCAL_HOUR_OF_DAY, status), cal->get(UCAL_MINUTE, status));
    check(status);
    return text;
}

Poco::Timestamp localDayStart(const CivilDate& day, const std::string& tz) {
    auto cal = calendar(tz);
    cal->clear();
    cal->set(day.year, day.month - 1, day.day, 0, 0, 0);
    // Midnight skipped by a DST jump (e.g. Santiago in September) resolves to the first valid
    // instant after the gap, which is when that day begins.
    cal->setRepeatedWallTimeOption(UCAL_WALLTIME_FIRST);
    cal->setSkippedWallTimeOption(UCAL_WALLTIME_NEXT_VALID);
    UErrorCode status = U_ZERO_ERROR;
    const UDate ms = cal->getTime(status);
    check(status);
    return Poco::Timestamp(static_cast<Poco::Timestamp::TimeVal>(ms) * 1000);
}

} // namespace campaigns::analytics
