#pragma once
// Decoding of uploaded text files to UTF-8. Spreadsheet programs save CSV in whatever the
// machine's locale says: Excel on Spanish Windows writes Windows-1252 for "CSV (delimitado por
// comas)", UTF-8 with BOM for "CSV UTF-8" and UTF-16 LE for "Texto Unicode".
#include <cstdint>
#include <istream>
#include <string>

namespace campaigns::uploads {

enum class TextEncoding { Utf8, Utf8WithBom, Utf16LE, Utf16BE, Windows1252 };

// The name a user recognises, for reports ("UTF-8", "Windows-1252", ...).
const char* textEncodingName(TextEncoding encoding);

struct DetectedEncoding {
    TextEncoding encoding = TextEncoding::Utf8;
    std::size_t bomLength = 0;
};

// Decides up front, reading the whole stream once: a BOM wins; otherwise UTF-16 without BOM is
// recognised by its NUL bytes, then strict UTF-8 if every byte sequence is valid, else
// Windows-1252. Throws FileRejected for binary content or a BOM-declared UTF-8 file with invalid
// bytes. Leaves the stream at the first byte after the BOM.
DetectedEncoding detectTextEncoding(std::istream& in);

// Strict UTF-8 check that can be fed piece by piece (sequences may straddle pieces): rejects
// overlong forms, surrogates and code points above U+10FFFF.
class Utf8Validator {
public:
    bool feed(const unsigned char* data, std::size_t length);
    bool complete() const { return pending_ == 0; }

private:
    int pending_ = 0;                        // continuation bytes still expected
    unsigned char low_ = 0x80, high_ = 0xBF; // allowed range of the next continuation byte
};

// Converts pieces of raw bytes in one encoding to UTF-8, keeping partial sequences between pieces.
class TextDecoder {
public:
    explicit TextDecoder(TextEncoding encoding) : encoding_(encoding) {}
    // Appends the UTF-8 of `data` to `out`. Throws FileRejected for invalid UTF-16.
    void decode(const char* data, std::size_t length, std::string& out);
    // Throws FileRejected if the input stopped inside a character.
    void finish();

private:
    void appendUtf16Unit(std::uint16_t unit, std::string& out);

    TextEncoding encoding_;
    int pendingByte_ = -1; // first byte of a UTF-16 unit split between pieces
    std::uint16_t highSurrogate_ = 0;
};

// Appends a code point as UTF-8.
void appendUtf8(std::uint32_t codePoint, std::string& out);

} // namespace campaigns::uploads
