#pragma once
// Wall-clock times of the installation's time zone (host.timeZone()) and the instants they name.
// A person types "2026-12-08T09:00"; that local time may name one instant, none (skipped by a
// spring-forward DST change, e.g. America/Santiago's first Sunday of September) or two (repeated
// when clocks go back): the caller must refuse or ask, never guess silently. Built on ICU's zone
// offsets only (no calendar), so it is thread-safe and the same answer on every host.
#include "analytics/CivilDate.h"

#include <Poco/Timestamp.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace campaigns::scheduling {

struct LocalDateTime {
    analytics::CivilDate date;
    int minuteOfDay = 0; // 0 .. 1439
    // "YYYY-MM-DDTHH:MM".
    std::string iso() const;
    // Strict "YYYY-MM-DDTHH:MM" (a real day, 00:00..23:59); nullopt otherwise.
    static std::optional<LocalDateTime> parse(std::string_view text);
};

// Every instant that shows `local` on the zone's clock, earliest first, with its UTC offset in
// minutes (local - UTC): none in a gap, two in a repeated hour.
struct LocalInstant {
    Poco::Timestamp at;
    int offsetMinutes = 0;
};
std::vector<LocalInstant> instantsOf(const LocalDateTime& local, const std::string& tz);

// The wall clock of `at` in `tz`.
LocalDateTime localOf(const Poco::Timestamp& at, const std::string& tz);
// Offset of `tz` at `at`, in minutes (local - UTC).
int offsetMinutesAt(const Poco::Timestamp& at, const std::string& tz);
// Day of the week of a date: 1 = Monday ... 7 = Sunday (ISO 8601).
int isoWeekday(const analytics::CivilDate& d);

// The instant a local time begins: the only one, the first of two, or for a time skipped by a DST
// jump, the first instant after the gap (when that wall-clock time "would have" come).
Poco::Timestamp firstInstantAtOrAfter(const LocalDateTime& local, const std::string& tz);

// "-03:00" for -180; parse accepts "+HH:MM" / "-HH:MM" (and "Z" for 0).
std::string offsetText(int minutes);
std::optional<int> parseOffset(std::string_view text);

} // namespace campaigns::scheduling
