#include "suppressions/OptOutKeywords.h"

#include <Poco/UTF8Encoding.h>

#include <algorithm>

namespace campaigns::suppressions {

namespace {

// Latin letters with diacritics (Latin-1 Supplement and Latin Extended-A) to their base letter;
// 0 for anything else. Enough for Spanish, Portuguese and the languages customers answer in.
char baseLetter(int cp) {
    if (cp < 0xC0 || cp > 0x17F) return 0;
    static const char* latin1 = // U+00C0 .. U+00FF
        "AAAAAAACEEEEIIII"      // C0-CF (Æ -> A)
        "DNOOOOO\0OUUUUYTS"     // D0-DF (× and ß: not letters we fold)
        "AAAAAAACEEEEIIII"      // E0-EF
        "DNOOOOO\0OUUUUYTY";    // F0-FF
    if (cp <= 0xFF) {
        char c = latin1[cp - 0xC0];
        if (cp == 0xDF) return 0;
        return c;
    }
    static const char* extA = // U+0100 .. U+017F, two per letter (upper, lower)
        "AAAAAACCCCCCCCDDDDEEEEEEEEEEGGGGGGGGHHHHIIIIIIIIIIJJJJKKKLLLLLLLLLLNNNNNNNNNOOOOOOOORRRRRRSSSSSSSSTTTTTTUUUUUUUUUUUUWWYY"
        "YZZZZZZS";
    return extA[cp - 0x100];
}

} // namespace

std::vector<std::string> OptOutKeywords::defaults() { return {"STOP", "BAJA", "DETENER", "NO MAS"}; }

std::vector<std::string> OptOutKeywords::parseSetting(const std::string& setting) {
    std::vector<std::string> out;
    std::string item;
    auto flush = [&] {
        if (!normalize(item).empty()) out.push_back(item);
        item.clear();
    };
    for (char c : setting) {
        if (c == ',')
            flush();
        else
            item += c;
    }
    flush();
    return out.empty() ? defaults() : out;
}

std::string OptOutKeywords::normalize(std::string_view utf8) {
    Poco::UTF8Encoding utf8Encoding;
    std::string out;
    bool gap = false;
    auto put = [&](char c) {
        if (gap && !out.empty()) out += ' ';
        gap = false;
        out += c;
    };
    const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
    const auto* end = p + utf8.size();
    while (p < end) {
        int length = utf8Encoding.sequenceLength(p, static_cast<int>(end - p));
        int cp = -1;
        if (length > 0 && length <= end - p) cp = utf8Encoding.queryConvert(p, length);
        if (length <= 0 || length > end - p) length = 1; // a broken byte: a separator, never a letter
        p += length;
        if (cp >= 'a' && cp <= 'z')
            put(static_cast<char>(cp - 'a' + 'A'));
        else if ((cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'))
            put(static_cast<char>(cp));
        else if (char base = baseLetter(cp))
            put(base);
        else if (cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x1F3FB && cp <= 0x1F3FF) || cp == 0x301 ||
                 cp == 0x308 || cp == 0x303)
            continue; // zero-width joiners, variation selectors, skin tones, combining accents: nothing
        else
            gap = true;
    }
    return out;
}

OptOutKeywords::OptOutKeywords(const std::vector<std::string>& keywords) {
    for (const auto& k : keywords) {
        auto n = normalize(k);
        if (!n.empty() && std::find(normalized_.begin(), normalized_.end(), n) == normalized_.end())
            normalized_.push_back(std::move(n));
    }
}

std::optional<std::string> OptOutKeywords::match(std::string_view text) const {
    // Long texts are never a keyword: skip normalising a customer's essay.
    if (text.size() > 200) return std::nullopt;
    const std::string n = normalize(text);
    if (n.empty()) return std::nullopt;
    for (const auto& k : normalized_)
        if (k == n) return k;
    return std::nullopt;
}

} // namespace campaigns::suppressions
