#include "validation/MatchKey.h"

namespace campaigns::validation {
namespace {

// Base letter of U+00C0..U+00FF (second byte of a C3 xx sequence minus 0x80), or 0 for the
// symbols in that range (×, ÷, ß, Æ, Ð, Þ) which have no plain-ASCII base.
char latin1Base(unsigned char second) {
    static constexpr char table[64 + 1] =
        "aaaaaa\0ceeeeiiii"    // À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï
        "\0nooooo\0ouuuuy\0\0" // Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß
        "aaaaaa\0ceeeeiiii"    // à á â ã ä å æ ç è é ê ë ì í î ï
        "\0nooooo\0ouuuuy\0y"; // ð ñ ò ó ô õ ö ÷ ø ù ú û ü ý þ ÿ
    unsigned index = second - 0x80u;
    if (index >= 64) return 0;
    return table[index];
}

} // namespace

std::string matchKey(std::string_view text) {
    std::string key;
    key.reserve(text.size());
    bool pendingSeparator = false;
    auto emit = [&](char c) {
        if (pendingSeparator && !key.empty()) key.push_back(' ');
        pendingSeparator = false;
        key.push_back(c);
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == ' ' || c == '_' || c == '-' || c == '\t' || c == '\r' || c == '\n') {
            pendingSeparator = true;
        } else if (c >= 'A' && c <= 'Z') {
            emit(static_cast<char>(c - 'A' + 'a'));
        } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
            pendingSeparator = true; // no-break space, common in pasted headers
            ++i;
        } else if (c == 0xC3 && i + 1 < text.size()) {
            char base = latin1Base(static_cast<unsigned char>(text[i + 1]));
            if (base != 0) {
                emit(base);
            } else {
                emit(text[i]);
                emit(text[i + 1]);
            }
            ++i;
        } else {
            emit(static_cast<char>(c));
        }
    }
    return key;
}

} // namespace campaigns::validation
