#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace campaigns::analytics {

// A calendar day with no time zone attached ("2026-03-14"): the unit the analytics filters,
// the per-day counters and the time series speak in.
struct CivilDate {
    int year = 1970;
    int month = 1;
    int day = 1;

    // Days since 1970-01-01 (negative before), so ranges are plain integer arithmetic.
    long long serial() const;
    static CivilDate fromSerial(long long days);
    CivilDate plusDays(long long n) const { return fromSerial(serial() + n); }
    std::string iso() const; // "YYYY-MM-DD"
    // Strict "YYYY-MM-DD" of a real day (no 2026-02-30); nullopt otherwise.
    static std::optional<CivilDate> parse(std::string_view text);

    friend bool operator==(const CivilDate&, const CivilDate&) = default;
    friend auto operator<=>(const CivilDate& a, const CivilDate& b) { return a.serial() <=> b.serial(); }
};

int daysInMonth(int year, int month);

} // namespace campaigns::analytics
