#pragma once
#include <string>
#include <string_view>

namespace campaigns::validation {

// Folds a header or a metadata name/key so that what a person considers "the same name" compares
// equal: case-insensitive, Spanish (and other Latin-1) accents removed, ñ -> n, and spaces,
// underscores and hyphens equivalent (runs collapse, ends trimmed). "Número de caso",
// "numero_de_caso" and " NUMERO-DE  CASO " all fold to "numero de caso".
std::string matchKey(std::string_view text);

} // namespace campaigns::validation
