#include "validation/SpreadsheetColumns.h"

#include <algorithm>
#include <stdexcept>

namespace campaigns::validation {

std::string columnLetter(std::size_t column) {
    if (column == 0) throw std::invalid_argument("columnLetter: columns are 1-based");
    std::string letters;
    // Bijective base 26: there is no zero digit, so subtract one before each step.
    while (column > 0) {
        --column;
        letters.push_back(static_cast<char>('A' + column % 26));
        column /= 26;
    }
    std::reverse(letters.begin(), letters.end());
    return letters;
}

} // namespace campaigns::validation
