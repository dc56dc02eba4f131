#include "uploads/XlsxNumber.h"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace campaigns::uploads {
namespace {

bool isPlainInteger(std::string_view s) {
    if (!s.empty() && s.front() == '-') s.remove_prefix(1);
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

} // namespace

void normalizeXlsxNumber(std::string_view stored, std::string& out) {
    if (isPlainInteger(stored)) {
        out.assign(stored);
        return;
    }
    double value = 0;
    const auto parsed = std::from_chars(stored.data(), stored.data() + stored.size(), value);
    if (parsed.ec != std::errc() || parsed.ptr != stored.data() + stored.size() || !std::isfinite(value)) {
        out.assign(stored);
        return;
    }
    constexpr double kExactIntegerLimit = 9007199254740992.0; // 2^53
    char buffer[400];
    std::to_chars_result written;
    if (std::fabs(value) < kExactIntegerLimit && value == std::trunc(value)) {
        written = std::to_chars(buffer, buffer + sizeof buffer, static_cast<std::int64_t>(value));
    } else if (std::fabs(value) >= 1e-6 && std::fabs(value) < 1e21) {
        written = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
    } else {
        written = std::to_chars(buffer, buffer + sizeof buffer, value);
    }
    out.assign(buffer, written.ptr);
}

} // namespace campaigns::uploads
