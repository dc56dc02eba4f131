#pragma once
// The one UTF-8 decoder of the Cloud API code: message payloads (PayloadJson, replacing what is not
// UTF-8) and the template model (a parameter value's length in characters, refusing what is not
// UTF-8) ask the same question, "is a valid sequence here, and how long is it". Poco::UTF8Encoding
// answers it (overlong forms, surrogates, values past U+10FFFF and cut sequences are not valid);
// these two functions only shape its answer for the two callers.

#include <cstddef>
#include <optional>
#include <string_view>

namespace campaigns::cloudapi {

// Bytes of the valid UTF-8 sequence starting at s[i] (1 for ASCII, 4 for an emoji), or 0 when the
// bytes there are not valid UTF-8. `i` must be below s.size().
std::size_t utf8SequenceLength(std::string_view s, std::size_t i);

// Length in code points (an emoji is one; a flag or a skin-toned emoji is two); nothing when the
// bytes are not valid UTF-8.
std::optional<std::size_t> utf8CodePoints(std::string_view s);

} // namespace campaigns::cloudapi
