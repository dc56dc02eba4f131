#pragma once
// How a numeric cell's stored text becomes the text the validator sees.
#include <string>
#include <string_view>

namespace campaigns::uploads {

// Writes into `out` the exact text of an xlsx numeric value <v>:
// - plain integers are kept digit for digit ("56912345678");
// - any integral value below 2^53 becomes its integer digits, even when the writer stored it as a
//   double ("5.6912345678E+10" → "56912345678", "56912345678.0" → "56912345678"), because below
//   2^53 a double holds every integer exactly, so no digit is invented;
// - other numbers become the shortest decimal that reads back as the same double ("0.1", not
//   "0.10000000000000001"); values too large or small for plain decimals keep scientific form.
// Text that is not a number at all is passed through unchanged.
void normalizeXlsxNumber(std::string_view stored, std::string& out);

} // namespace campaigns::uploads
