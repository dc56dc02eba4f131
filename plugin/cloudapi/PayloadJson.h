#pragma once
// JSON string writing for the send hot path (about 1,000 payloads a second per account), without
// building a DOM per message.

#include <string>
#include <string_view>

namespace campaigns::cloudapi {

// Appends s as a quoted JSON string. Quotes, backslashes and control characters are escaped;
// valid UTF-8 is copied as is; each byte of an invalid UTF-8 sequence becomes U+FFFD (validity:
// cloudapi/Utf8Text.h, the same decoder the template model checks parameter values with), so the
// output is always valid JSON whatever the input.
void appendJsonString(std::string& out, std::string_view s);

} // namespace campaigns::cloudapi
