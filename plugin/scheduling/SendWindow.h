#pragma once
// A campaign's send window: the local hours ("09:00"–"20:00") and weekdays it may send in. Outside
// it the scheduler holds the campaign (hold_until = next window start) and lets it go on at that
// start by itself. All arithmetic is on the installation's wall clock with the zone's DST rules
// (LocalTime.h): a window start skipped by a DST jump begins when the gap ends.
// A window may cross midnight ("22:00"–"06:00"): it opens on each chosen day at its start and closes
// on the next day at its end, so the days are those of its START (Friday 22:00–Saturday 06:00 is a
// Friday window even with Saturday not chosen).
#include "scheduling/LocalTime.h"

#include <Poco/Timestamp.h>

#include <optional>
#include <string>
#include <vector>

namespace campaigns::scheduling {

struct SendWindow {
    int fromMinute = 0; // local minute of day the window opens
    int toMinute = 0;   // local minute of day it closes (exclusive); earlier than fromMinute: the next day's
    int days = 0;       // bit (weekday - 1) set for each ISO weekday (1 = Monday ... 7 = Sunday)
    static constexpr int kAllDays = 0x7F;

    // Spanish reason the window cannot be used (start and end equal, no day), or nullopt.
    std::optional<std::string> problem() const;
    // Whether it closes on the day after it opens.
    bool crossesMidnight() const { return toMinute < fromMinute; }
    bool onDay(int isoWeekday) const { return (days & (1 << (isoWeekday - 1))) != 0; }
    std::vector<int> weekdays() const;
    // Whether `at` is inside the window.
    bool contains(const Poco::Timestamp& at, const std::string& tz) const;
    // The first window start strictly after `at` (within the next 8 days).
    Poco::Timestamp nextStart(const Poco::Timestamp& at, const std::string& tz) const;
};

// "HH:MM" -> minute of day (00:00 .. 24:00; "24:00" only as an end).
std::optional<int> parseClock(const std::string& text, bool allowEndOfDay);
std::string clockText(int minuteOfDay);

} // namespace campaigns::scheduling
