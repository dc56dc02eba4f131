#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace campaigns::validation {

// Judges one non-empty template parameter value (already trimmed). Returns nullopt when valid, or
// the Spanish reason completing "El parámetro «x» no es válido: <reason>." The templates
// capability plugs its own rules in (e.g. URL-button suffixes, currency); body parameters use the
// default below.
using ParameterRule = std::function<std::optional<std::string>(std::string_view value)>;

// WhatsApp's rules for a body parameter: no new lines or tabs, no more than four consecutive
// spaces, at most `maxCharacters` characters (Unicode code points).
inline constexpr std::size_t kBodyParameterMaxCharacters = 1024;
std::optional<std::string> checkBodyParameter(std::string_view value, std::size_t maxCharacters = kBodyParameterMaxCharacters);
ParameterRule bodyParameterRule(std::size_t maxCharacters = kBodyParameterMaxCharacters);

// Number of UTF-8 code points in `text` (continuation bytes not counted).
std::size_t utf8Length(std::string_view text);

// `text` without surrounding spaces, tabs, CR/LF and no-break spaces: spreadsheets keep the
// spaces people type after a value, and nobody means them.
std::string_view trimCell(std::string_view text);

} // namespace campaigns::validation
