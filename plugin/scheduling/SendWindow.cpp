#include "scheduling/SendWindow.h"

#include <cstdio>

namespace campaigns::scheduling {

namespace {
// When the window that opens on local day `d` opens and closes, as instants.
struct DayWindow {
    Poco::Timestamp open, close;
};
DayWindow windowOn(const analytics::CivilDate& d, const SendWindow& w, const std::string& tz) {
    DayWindow out;
    out.open = firstInstantAtOrAfter({d, w.fromMinute}, tz);
    if (w.crossesMidnight())
        out.close = firstInstantAtOrAfter({d.plusDays(1), w.toMinute}, tz);
    else if (w.toMinute >= 24 * 60)
        out.close = firstInstantAtOrAfter({d.plusDays(1), 0}, tz);
    else
        out.close = firstInstantAtOrAfter({d, w.toMinute}, tz);
    return out;
}
} // namespace

std::optional<std::string> SendWindow::problem() const {
    if (fromMinute < 0 || fromMinute >= 24 * 60 || toMinute < 0 || toMinute > 24 * 60 || toMinute == fromMinute)
        return "La ventana de envío (campo send_window) debe durar al menos un minuto: la hora de término debe ser distinta "
               "de la de inicio (una ventana que cruza la medianoche, como 22:00 a 06:00, termina al día siguiente).";
    if ((days & kAllDays) == 0) return "Elige al menos un día de la semana para la ventana de envío (campo send_window.days).";
    return std::nullopt;
}

std::vector<int> SendWindow::weekdays() const {
    std::vector<int> out;
    for (int d = 1; d <= 7; ++d)
        if (onDay(d)) out.push_back(d);
    return out;
}

bool SendWindow::contains(const Poco::Timestamp& at, const std::string& tz) const {
    const auto today = localOf(at, tz).date;
    // The window that opened on the local day of `at` or, crossing midnight, on the day before: after
    // its start or before its end, on the days counted by its start.
    for (const auto& d : {today.plusDays(-1), today}) {
        if (!onDay(isoWeekday(d))) continue;
        const auto w = windowOn(d, *this, tz);
        if (w.open <= at && at < w.close) return true;
    }
    return false;
}

Poco::Timestamp SendWindow::nextStart(const Poco::Timestamp& at, const std::string& tz) const {
    const auto today = localOf(at, tz).date;
    for (int i = 0; i <= 8; ++i) {
        const auto d = today.plusDays(i);
        if (!onDay(isoWeekday(d))) continue;
        const auto open = firstInstantAtOrAfter({d, fromMinute}, tz);
        if (open > at) return open;
    }
    return at; // no day selected: problem() refuses such a window before it is stored
}

std::optional<int> parseClock(const std::string& text, bool allowEndOfDay) {
    if (text.size() != 5 || text[2] != ':') return std::nullopt;
    for (std::size_t i : {0u, 1u, 3u, 4u})
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
    const int h = (text[0] - '0') * 10 + (text[1] - '0'), m = (text[3] - '0') * 10 + (text[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && (m != 0 || !allowEndOfDay))) return std::nullopt;
    return h * 60 + m;
}

std::string clockText(int minuteOfDay) {
    char text[24];
    std::snprintf(text, sizeof text, "%02d:%02d", minuteOfDay / 60, minuteOfDay % 60);
    return text;
}

} // namespace campaigns::scheduling
