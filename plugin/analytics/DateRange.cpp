#include "analytics/DateRange.h"

#include <stdexcept>

namespace campaigns::analytics {

std::optional<Preset> presetFromCode(std::string_view c) {
    if (c == "last7") return Preset::Last7;
    if (c == "last30") return Preset::Last30;
    if (c == "prev_month") return Preset::PrevMonth;
    if (c == "custom") return Preset::Custom;
    if (c == "all") return Preset::All;
    return std::nullopt;
}

const char* code(Preset p) {
    switch (p) {
        case Preset::Last7:
            return "last7";
        case Preset::Last30:
            return "last30";
        case Preset::PrevMonth:
            return "prev_month";
        case Preset::Custom:
            return "custom";
        case Preset::All:
            return "all";
    }
    return "last30";
}

DayRange resolveRange(Preset preset, const CivilDate& today, const std::optional<CivilDate>& from,
                      const std::optional<CivilDate>& to) {
    DayRange r;
    r.preset = preset;
    switch (preset) {
        case Preset::Last7:
            r.from = today.plusDays(-6);
            r.to = today;
            break;
        case Preset::Last30:
            r.from = today.plusDays(-29);
            r.to = today;
            break;
        case Preset::PrevMonth: {
            const int year = today.month == 1 ? today.year - 1 : today.year;
            const int month = today.month == 1 ? 12 : today.month - 1;
            r.from = CivilDate{year, month, 1};
            r.to = CivilDate{year, month, daysInMonth(year, month)};
            break;
        }
        case Preset::Custom:
            if (!from || !to) throw std::invalid_argument("Elige la fecha de inicio y la de término del rango personalizado.");
            if (*to < *from) throw std::invalid_argument("La fecha de inicio debe ser anterior o igual a la de término.");
            if (to->serial() - from->serial() + 1 > kMaxRangeDays)
                throw std::invalid_argument("El rango personalizado puede abarcar como máximo " + std::to_string(kMaxRangeDays) +
                                            " días.");
            r.from = from;
            r.to = to;
            break;
        case Preset::All:
            break;
    }
    return r;
}

} // namespace campaigns::analytics
