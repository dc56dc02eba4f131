#pragma once
#include "analytics/CivilDate.h"

#include <optional>
#include <string>
#include <string_view>

namespace campaigns::analytics {

// The seed's date presets: "Últimos 7 días", "Últimos 30 días", "Mes anterior", "Personalizado";
// plus `all` (every day of the selected campaigns), which "Resultados" opens with so a campaign
// sent long ago is not cut by a default window.
enum class Preset { Last7, Last30, PrevMonth, Custom, All };

std::optional<Preset> presetFromCode(std::string_view code);
const char* code(Preset p);

// Inclusive local days. `all` has no bounds.
struct DayRange {
    Preset preset = Preset::Last30;
    std::optional<CivilDate> from;
    std::optional<CivilDate> to;
    bool bounded() const { return from.has_value(); }
};

// The longest custom range: keeps a series to one point per day for at most this many days.
constexpr int kMaxRangeDays = 731;

// Resolves a preset against `today` (the installation's local date). Custom needs both bounds,
// from <= to and at most kMaxRangeDays days; throws std::invalid_argument with a Spanish message.
DayRange resolveRange(Preset preset, const CivilDate& today, const std::optional<CivilDate>& from,
                      const std::optional<CivilDate>& to);

} // namespace campaigns::analytics
