#pragma once
#include <cstddef>
#include <string>

namespace campaigns::validation {

// Spreadsheet column name for a 1-based column number: 1 -> "A", 26 -> "Z", 27 -> "AA".
// Messages name columns the way the user's spreadsheet program shows them.
std::string columnLetter(std::size_t column);

} // namespace campaigns::validation
