#include "scheduling/LocalTime.h"

#include "analytics/LocalDays.h"

#include <unicode/timezone.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <stdexcept>

namespace campaigns::scheduling {

namespace {

constexpr long long kMsPerMinute = 60'000;
constexpr long long kMsPerDay = 86'400'000;

std::unique_ptr<icu::TimeZone> zone(const std::string& tz) {
    analytics::requireKnownTimeZone(tz);
    return std::unique_ptr<icu::TimeZone>(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(tz)));
}

long long offsetMs(const icu::TimeZone& z, long long utcMs) {
    int32_t raw = 0, dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    z.getOffset(static_cast<UDate>(utcMs), false, raw, dst, status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU time zone: ") + u_errorName(status));
    return static_cast<long long>(raw) + dst;
}

// The local time read as if it were UTC, in milliseconds since the epoch.
long long naiveMs(const LocalDateTime& local) { return local.date.serial() * kMsPerDay + local.minuteOfDay * kMsPerMinute; }

Poco::Timestamp fromMs(long long ms) { return Poco::Timestamp(static_cast<Poco::Timestamp::TimeVal>(ms) * 1000); }
long long toMs(const Poco::Timestamp& t) { return t.epochMicroseconds() / 1000; }

int twoDigits(std::string_view s, std::size_t at) {
    if (at + 2 > s.size() || s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9') return -1;
    return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

} // namespace

std::string LocalDateTime::iso() const {
    char text[24];
    std::snprintf(text, sizeof text, "%02d:%02d", minuteOfDay / 60, minuteOfDay % 60);
    return date.iso() + "T" + text;
}

std::optional<LocalDateTime> LocalDateTime::parse(std::string_view text) {
    if (text.size() != 16 || text[10] != 'T' || text[13] != ':') return std::nullopt;
    auto date = analytics::CivilDate::parse(text.substr(0, 10));
    const int h = twoDigits(text, 11), m = twoDigits(text, 14);
    if (!date || h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
    return LocalDateTime{*date, h * 60 + m};
}

std::vector<LocalInstant> instantsOf(const LocalDateTime& local, const std::string& tz) {
    const auto z = zone(tz);
    const long long naive = naiveMs(local);
    // Any offset that can apply to this wall time is in force within a day of it.
    std::vector<long long> offsets{offsetMs(*z, naive - kMsPerDay), offsetMs(*z, naive), offsetMs(*z, naive + kMsPerDay)};
    std::vector<LocalInstant> found;
    for (long long o : offsets) {
        const long long at = naive - o;
        if (offsetMs(*z, at) != o) continue;
        if (std::none_of(found.begin(), found.end(), [&](const LocalInstant& i) { return toMs(i.at) == at; }))
            found.push_back({fromMs(at), static_cast<int>(o / kMsPerMinute)});
    }
    std::sort(found.begin(), found.end(), [](const LocalInstant& a, const LocalInstant& b) { return a.at < b.at; });
    return found;
}

LocalDateTime localOf(const Poco::Timestamp& at, const std::string& tz) {
    const auto z = zone(tz);
    const long long ms = toMs(at);
    const long long local = ms + offsetMs(*z, ms);
    long long day = local / kMsPerDay;
    if (local % kMsPerDay < 0) --day;
    const long long rest = local - day * kMsPerDay;
    return LocalDateTime{analytics::CivilDate::fromSerial(day), static_cast<int>(rest / kMsPerMinute)};
}

int offsetMinutesAt(const Poco::Timestamp& at, const std::string& tz) {
    return static_cast<int>(offsetMs(*zone(tz), toMs(at)) / kMsPerMinute);
}

int isoWeekday(const analytics::CivilDate& d) {
    // 1970-01-01 was a Thursday (4).
    long long w = (d.serial() + 3) % 7;
    if (w < 0) w += 7;
    return static_cast<int>(w) + 1;
}

Poco::Timestamp firstInstantAtOrAfter(const LocalDateTime& local, const std::string& tz) {
    auto found = instantsOf(local, tz);
    if (!found.empty()) return found.front().at;
    // Skipped: the gap's end is the zone's transition, between naive - (offset after) and
    // naive - (offset before). Search it to the minute.
    const auto z = zone(tz);
    const long long naive = naiveMs(local);
    const long long before = offsetMs(*z, naive - kMsPerDay), after = offsetMs(*z, naive + kMsPerDay);
    long long lo = naive - after, hi = naive - before; // offset(lo) == before, offset(hi) == after
    if (lo > hi) std::swap(lo, hi);
    while (hi - lo > kMsPerMinute) {
        const long long mid = lo + (hi - lo) / 2 / kMsPerMinute * kMsPerMinute;
        if (mid <= lo) break;
        if (offsetMs(*z, mid) == after)
            hi = mid;
        else
            lo = mid;
    }
    return fromMs(hi);
}

std::string offsetText(int minutes) {
    const char sign = minutes < 0 ? '-' : '+';
    const int m = minutes < 0 ? -minutes : minutes;
    char text[24];
    std::snprintf(text, sizeof text, "%c%02d:%02d", sign, m / 60, m % 60);
    return text;
}

std::optional<int> parseOffset(std::string_view text) {
    if (text == "Z") return 0;
    if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return std::nullopt;
    const int h = twoDigits(text, 1), m = twoDigits(text, 4);
    if (h < 0 || h > 18 || m < 0 || m > 59) return std::nullopt;
    const int total = h * 60 + m;
    return text[0] == '-' ? -total : total;
}

} // namespace campaigns::scheduling
