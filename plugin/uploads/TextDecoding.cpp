#include "uploads/TextDecoding.h"

#include "uploads/RowReader.h"
#include "web/ErrorCodes.h"

#include <array>
#include <vector>

namespace campaigns::uploads {
namespace {

constexpr std::size_t kScanChunk = 256 * 1024;

// Windows-1252 differs from Latin-1 only in 0x80-0x9F; the five unassigned bytes map to the C1
// controls of the same value, as the WHATWG encoding standard does.
constexpr std::array<std::uint16_t, 32> kWindows1252High = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                                            0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                                            0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                                            0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

FileRejected notText() {
    return {web::codes::kNotText,
            "El archivo no es un Excel (.xlsx) ni un CSV de texto. Guárdelo como .xlsx o como "
            ".csv y vuelva a subirlo."};
}

FileRejected invalidUtf16() {
    return {web::codes::kInvalidEncoding,
            "El archivo está en UTF-16 pero contiene caracteres dañados. Vuelva a "
            "guardarlo como «CSV UTF-8» y súbalo de nuevo."};
}

} // namespace

const char* textEncodingName(TextEncoding encoding) {
    switch (encoding) {
        case TextEncoding::Utf8:
            return "UTF-8";
        case TextEncoding::Utf8WithBom:
            return "UTF-8 con BOM";
        case TextEncoding::Utf16LE:
            return "UTF-16 LE";
        case TextEncoding::Utf16BE:
            return "UTF-16 BE";
        case TextEncoding::Windows1252:
            return "Windows-1252";
    }
    return "?";
}

void appendUtf8(std::uint32_t cp, std::string& out) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

bool Utf8Validator::feed(const unsigned char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char b = p[i];
        if (pending_ > 0) {
            if (b < low_ || b > high_) return false;
            low_ = 0x80;
            high_ = 0xBF;
            --pending_;
            continue;
        }
        if (b < 0x80) continue;
        // Ranges from the Unicode standard, table 3-7 (well-formed UTF-8 byte sequences).
        if (b >= 0xC2 && b <= 0xDF) {
            pending_ = 1;
        } else if (b == 0xE0) {
            pending_ = 2, low_ = 0xA0;
        } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
            pending_ = 2;
        } else if (b == 0xED) {
            pending_ = 2, high_ = 0x9F;
        } else if (b == 0xF0) {
            pending_ = 3, low_ = 0x90;
        } else if (b >= 0xF1 && b <= 0xF3) {
            pending_ = 3;
        } else if (b == 0xF4) {
            pending_ = 3, high_ = 0x8F;
        } else {
            return false;
        }
    }
    return true;
}

// Long: BOM, UTF-16 and UTF-8 checks side by side, in the order that decides the encoding.
DetectedEncoding detectTextEncoding(std::istream& in) {
    std::vector<char> buffer(kScanChunk);
    in.clear();
    in.seekg(0);
    in.read(buffer.data(), 4096);
    const std::size_t headLength = static_cast<std::size_t>(in.gcount());
    const auto* head = reinterpret_cast<const unsigned char*>(buffer.data());

    DetectedEncoding result;
    if (headLength >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) {
        result = {TextEncoding::Utf8WithBom, 3};
    } else if (headLength >= 2 && head[0] == 0xFF && head[1] == 0xFE) {
        result = {TextEncoding::Utf16LE, 2};
    } else if (headLength >= 2 && head[0] == 0xFE && head[1] == 0xFF) {
        result = {TextEncoding::Utf16BE, 2};
    } else {
        // UTF-16 without a BOM shows as text with a NUL in every other byte.
        std::size_t zeroEven = 0, zeroOdd = 0;
        for (std::size_t i = 0; i < headLength; ++i)
            if (head[i] == 0) ++(i % 2 == 0 ? zeroEven : zeroOdd);
        const std::size_t half = headLength / 2;
        if (zeroEven + zeroOdd > 0) {
            if (zeroOdd * 10 > half * 4 && zeroEven * 20 < half) {
                result = {TextEncoding::Utf16LE, 0};
            } else if (zeroEven * 10 > half * 4 && zeroOdd * 20 < half) {
                result = {TextEncoding::Utf16BE, 0};
            } else {
                throw notText();
            }
        }
    }
    if (result.encoding == TextEncoding::Utf16LE || result.encoding == TextEncoding::Utf16BE) {
        in.clear();
        in.seekg(static_cast<std::streamoff>(result.bomLength));
        return result;
    }

    Utf8Validator validator;
    bool valid = true;
    in.clear();
    in.seekg(static_cast<std::streamoff>(result.bomLength));
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const std::size_t n = static_cast<std::size_t>(in.gcount());
        const auto* bytes = reinterpret_cast<const unsigned char*>(buffer.data());
        for (std::size_t i = 0; i < n; ++i)
            if (bytes[i] == 0) throw notText();
        if (valid && !validator.feed(bytes, n)) valid = false;
    }
    if (!validator.complete()) valid = false;
    if (!valid) {
        if (result.encoding == TextEncoding::Utf8WithBom) {
            throw FileRejected(web::codes::kInvalidEncoding,
                               "El archivo dice estar en UTF-8 pero contiene caracteres "
                               "inválidos. Vuelva a guardarlo como «CSV UTF-8» y súbalo de nuevo.");
        }
        result.encoding = TextEncoding::Windows1252;
    }
    in.clear();
    in.seekg(static_cast<std::streamoff>(result.bomLength));
    return result;
}

void TextDecoder::appendUtf16Unit(std::uint16_t unit, std::string& out) {
    if (highSurrogate_ != 0) {
        if (unit < 0xDC00 || unit > 0xDFFF) throw invalidUtf16();
        appendUtf8(0x10000 + ((static_cast<std::uint32_t>(highSurrogate_) - 0xD800) << 10) + (unit - 0xDC00u), out);
        highSurrogate_ = 0;
    } else if (unit >= 0xD800 && unit <= 0xDBFF) {
        highSurrogate_ = unit;
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
        throw invalidUtf16();
    } else {
        if (unit == 0) throw notText();
        appendUtf8(unit, out);
    }
}

void TextDecoder::decode(const char* data, std::size_t length, std::string& out) {
    const auto* p = reinterpret_cast<const unsigned char*>(data);
    switch (encoding_) {
        case TextEncoding::Utf8:
        case TextEncoding::Utf8WithBom:
            out.append(data, length); // validated while detecting
            return;
        case TextEncoding::Windows1252:
            for (std::size_t i = 0; i < length; ++i) {
                const unsigned char b = p[i];
                if (b < 0x80) {
                    out.push_back(static_cast<char>(b));
                } else {
                    appendUtf8(b < 0xA0 ? kWindows1252High[b - 0x80] : b, out);
                }
            }
            return;
        case TextEncoding::Utf16LE:
        case TextEncoding::Utf16BE: {
            const bool little = encoding_ == TextEncoding::Utf16LE;
            std::size_t i = 0;
            if (pendingByte_ >= 0 && length > 0) {
                const auto first = static_cast<unsigned char>(pendingByte_);
                appendUtf16Unit(
                    little ? static_cast<std::uint16_t>(first | (p[0] << 8)) : static_cast<std::uint16_t>((first << 8) | p[0]),
                    out);
                pendingByte_ = -1;
                i = 1;
            }
            for (; i + 1 < length; i += 2)
                appendUtf16Unit(little ? static_cast<std::uint16_t>(p[i] | (p[i + 1] << 8))
                                       : static_cast<std::uint16_t>((p[i] << 8) | p[i + 1]),
                                out);
            if (i < length) pendingByte_ = p[i];
            return;
        }
    }
}

void TextDecoder::finish() {
    if (pendingByte_ >= 0 || highSurrogate_ != 0) throw invalidUtf16();
}

} // namespace campaigns::uploads
