#include "cloudapi/Utf8Text.h"

#include <Poco/UTF8Encoding.h>

#include <algorithm>

namespace campaigns::cloudapi {

std::size_t utf8SequenceLength(std::string_view s, std::size_t i) {
    static const Poco::UTF8Encoding kUtf8;
    const auto* bytes = reinterpret_cast<const unsigned char*>(s.data() + i);
    const auto available = static_cast<int>(std::min<std::size_t>(s.size() - i, Poco::TextEncoding::MAX_SEQUENCE_LENGTH));
    // The code point, -1 when not valid, or -n when the sequence needs n bytes and fewer are left.
    const int cp = kUtf8.queryConvert(bytes, available);
    if (cp < 0) return 0;
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

std::optional<std::size_t> utf8CodePoints(std::string_view s) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < s.size(); ++count) {
        const std::size_t length = utf8SequenceLength(s, i);
        if (length == 0) return std::nullopt;
        i += length;
    }
    return count;
}

} // namespace campaigns::cloudapi
