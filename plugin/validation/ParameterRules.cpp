#include "validation/ParameterRules.h"

namespace campaigns::validation {

std::size_t utf8Length(std::string_view text) {
    std::size_t count = 0;
    for (char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
    }
    return count;
}

std::string_view trimCell(std::string_view s) {
    for (;;) {
        if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
            s.remove_prefix(1);
        } else if (s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0xC2 && static_cast<unsigned char>(s[1]) == 0xA0) {
            s.remove_prefix(2);
        } else {
            break;
        }
    }
    for (;;) {
        if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
            s.remove_suffix(1);
        } else if (s.size() >= 2 && static_cast<unsigned char>(s[s.size() - 2]) == 0xC2 &&
                   static_cast<unsigned char>(s.back()) == 0xA0) {
            s.remove_suffix(2);
        } else {
            return s;
        }
    }
}

std::optional<std::string> checkBodyParameter(std::string_view value, std::size_t maxCharacters) {
    std::size_t spaces = 0;
    for (char c : value) {
        if (c == '\n' || c == '\r') return std::string("no puede tener saltos de línea");
        if (c == '\t') return std::string("no puede tener tabulaciones");
        spaces = (c == ' ') ? spaces + 1 : 0;
        if (spaces > 4) return std::string("no puede tener más de 4 espacios seguidos");
    }
    std::size_t length = utf8Length(value);
    if (length > maxCharacters) {
        return "tiene " + std::to_string(length) + " caracteres y el máximo es " + std::to_string(maxCharacters);
    }
    return std::nullopt;
}

ParameterRule bodyParameterRule(std::size_t maxCharacters) {
    return [maxCharacters](std::string_view value) { return checkBodyParameter(value, maxCharacters); };
}

} // namespace campaigns::validation
