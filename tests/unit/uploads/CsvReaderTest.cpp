// The CSV reader: each delimiter, each encoding a spreadsheet program writes, RFC 4180 quoting.
#include "ReaderTestSupport.h"
#include "uploads/CsvReader.h"

#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

using namespace campaigns::uploads;
using namespace campaigns::uploads::test;

namespace {

using Cells = std::vector<std::string>;

std::vector<Row> readCsv(const std::string& bytes, CsvReader** inspect = nullptr) {
    static std::istringstream in;
    in.clear();
    in.str(bytes);
    static std::unique_ptr<CsvReader> reader;
    reader = std::make_unique<CsvReader>(in);
    if (inspect) *inspect = reader.get();
    return readAll(*reader);
}

std::string utf16(const std::string& utf8, bool little, bool bom) {
    std::string out;
    auto put = [&](std::uint16_t unit) {
        const char hi = static_cast<char>(unit >> 8), lo = static_cast<char>(unit & 0xFF);
        out += little ? std::string{lo, hi} : std::string{hi, lo};
    };
    if (bom) put(0xFEFF);
    for (std::size_t i = 0; i < utf8.size();) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        std::uint32_t cp;
        int extra;
        if (b < 0x80)
            cp = b, extra = 0;
        else if (b < 0xE0)
            cp = b & 0x1F, extra = 1;
        else if (b < 0xF0)
            cp = b & 0x0F, extra = 2;
        else
            cp = b & 0x07, extra = 3;
        for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        i += extra + 1;
        if (cp >= 0x10000) {
            put(static_cast<std::uint16_t>(0xD800 + ((cp - 0x10000) >> 10)));
            put(static_cast<std::uint16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
        } else {
            put(static_cast<std::uint16_t>(cp));
        }
    }
    return out;
}

const std::string kSample = "telefono;nombre;ciudad\r\n+56 9 1234 5678;José Núñez;Viña del Mar\r\n56987654321;Zoë 😀;Ñuñoa\r\n";
const std::vector<Cells> kSampleRows = {
    {"telefono", "nombre", "ciudad"}, {"+56 9 1234 5678", "José Núñez", "Viña del Mar"}, {"56987654321", "Zoë 😀", "Ñuñoa"}};

void assertSample(const std::vector<Row>& rows) {
    CPPUNIT_ASSERT_EQUAL(kSampleRows.size(), rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CPPUNIT_ASSERT_EQUAL(i + 1, rows[i].number);
        CPPUNIT_ASSERT(kSampleRows[i] == rows[i].cells);
    }
}

std::string refusalCode(const std::string& bytes, const ReaderLimits& limits = {}) {
    std::istringstream in(bytes);
    try {
        CsvReader reader(in, limits);
        readAll(reader);
    } catch (const FileRejected& rejected) {
        return rejected.code;
    }
    return "";
}

} // namespace

class CsvReaderTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CsvReaderTest);
    CPPUNIT_TEST(testSemicolon);
    CPPUNIT_TEST(testComma);
    CPPUNIT_TEST(testTab);
    CPPUNIT_TEST(testSingleColumn);
    CPPUNIT_TEST(testDelimiterCountedInHeaderOutsideQuotes);
    CPPUNIT_TEST(testUtf8WithoutBom);
    CPPUNIT_TEST(testUtf8Bom);
    CPPUNIT_TEST(testUtf16LittleEndianBom);
    CPPUNIT_TEST(testUtf16BigEndianBom);
    CPPUNIT_TEST(testUtf16WithoutBom);
    CPPUNIT_TEST(testWindows1252);
    CPPUNIT_TEST(testInvalidUtf8FallsBackToWindows1252EvenLateInFile);
    CPPUNIT_TEST(testInvalidUtf8AfterBomRefused);
    CPPUNIT_TEST(testUnpairedSurrogateRefused);
    CPPUNIT_TEST(testQuotingWithEmbeddedNewlinesAndDoubledQuotes);
    CPPUNIT_TEST(testRowNumbersCountRecordsAndSkipBlankLines);
    CPPUNIT_TEST(testLineEndings);
    CPPUNIT_TEST(testNoFinalNewline);
    CPPUNIT_TEST(testTrailingEmptyCellsTrimmed);
    CPPUNIT_TEST(testEmptyTrailingColumnsBeyondLimitAreIgnored);
    CPPUNIT_TEST(testLargeFileInEveryEncodingAcrossChunks);
    CPPUNIT_TEST(testUnterminatedQuote);
    CPPUNIT_TEST(testHugeField);
    CPPUNIT_TEST(testTooManyColumns);
    CPPUNIT_TEST(testTooManyRows);
    CPPUNIT_TEST(testBinaryRefused);
    CPPUNIT_TEST(testProgress);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSemicolon() {
        CsvReader* reader = nullptr;
        assertSample(readCsv(kSample, &reader));
        CPPUNIT_ASSERT_EQUAL(';', reader->delimiter());
    }
    void testComma() {
        CsvReader* reader = nullptr;
        const auto rows = readCsv("telefono,nombre\n569,\"Pérez, Ana\"\n", &reader);
        CPPUNIT_ASSERT_EQUAL(',', reader->delimiter());
        CPPUNIT_ASSERT((Cells{"569", "Pérez, Ana"}) == rows[1].cells);
    }
    void testTab() {
        CsvReader* reader = nullptr;
        const auto rows = readCsv("telefono\tnombre\tnota\n569\tAna; Luis\t1,5\n", &reader);
        CPPUNIT_ASSERT_EQUAL('\t', reader->delimiter());
        CPPUNIT_ASSERT((Cells{"569", "Ana; Luis", "1,5"}) == rows[1].cells);
    }
    void testSingleColumn() {
        const auto rows = readCsv("telefono\n56912345678\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), rows.size());
        CPPUNIT_ASSERT((Cells{"56912345678"}) == rows[1].cells);
    }
    void testDelimiterCountedInHeaderOutsideQuotes() {
        CsvReader* reader = nullptr;
        const auto rows = readCsv("\"a,b,c\";d\n1;2\n", &reader);
        CPPUNIT_ASSERT_EQUAL(';', reader->delimiter());
        CPPUNIT_ASSERT((Cells{"a,b,c", "d"}) == rows[0].cells);
    }
    void testUtf8WithoutBom() {
        CsvReader* reader = nullptr;
        assertSample(readCsv(kSample, &reader));
        CPPUNIT_ASSERT(reader->encoding() == TextEncoding::Utf8);
    }
    void testUtf8Bom() {
        CsvReader* reader = nullptr;
        assertSample(readCsv("\xEF\xBB\xBF" + kSample, &reader));
        CPPUNIT_ASSERT(reader->encoding() == TextEncoding::Utf8WithBom);
    }
    void testUtf16LittleEndianBom() {
        CsvReader* reader = nullptr;
        assertSample(readCsv(utf16(kSample, true, true), &reader));
        CPPUNIT_ASSERT(reader->encoding() == TextEncoding::Utf16LE);
    }
    void testUtf16BigEndianBom() {
        CsvReader* reader = nullptr;
        assertSample(readCsv(utf16(kSample, false, true), &reader));
        CPPUNIT_ASSERT(reader->encoding() == TextEncoding::Utf16BE);
    }
    void testUtf16WithoutBom() {
        CsvReader* reader = nullptr;
        const std::string ascii = "telefono;nombre\n56912345678;Ana\n";
        const auto rows = readCsv(utf16(ascii, true, false), &reader);
        CPPUNIT_ASSERT(reader->encoding() == TextEncoding::Utf16LE);
        CPPUNIT_ASSERT((Cells{"56912345678", "Ana"}) == rows[1].cells);
    }
    void testWindows1252() {
        CsvReader* reader = nullptr;
        // "José Núñez;€ 5" as Excel on Spanish Windows saves it.
        const auto rows = readCsv(
            "nombre;monto\nJos\xE9 N\xFA\xF1"
            "ez;\x80 5\n",
            &reader);
        CPPUNIT_ASSERT(reader->encoding() == TextEncoding::Windows1252);
        CPPUNIT_ASSERT((Cells{"José Núñez", "€ 5"}) == rows[1].cells);
    }
    void testInvalidUtf8FallsBackToWindows1252EvenLateInFile() {
        std::string csv = "nombre\n";
        for (int i = 0; i < 20000; ++i) csv += "Ana María\n"; // valid UTF-8 for ~200 KB
        csv += "Jos\xE9\n";
        CsvReader* reader = nullptr;
        const auto rows = readCsv(csv, &reader);
        CPPUNIT_ASSERT(reader->encoding() == TextEncoding::Windows1252);
        // Decided up front, so early rows are decoded the same way: "í" bytes read as 1252.
        CPPUNIT_ASSERT_EQUAL(std::string("Ana MarÃ\u00ADa"), rows[1].cells.at(0));
        CPPUNIT_ASSERT_EQUAL(std::string("José"), rows.back().cells.at(0));
    }
    void testInvalidUtf8AfterBomRefused() {
        CPPUNIT_ASSERT_EQUAL(std::string("invalid_encoding"), refusalCode("\xEF\xBB\xBFnombre\nJos\xE9\n"));
    }
    void testUnpairedSurrogateRefused() {
        std::string bytes = utf16("nombre\n", true, true);
        bytes += std::string("\x00\xD8", 2) + std::string("a\0\n\0", 4); // lone high surrogate
        CPPUNIT_ASSERT_EQUAL(std::string("invalid_encoding"), refusalCode(bytes));
    }
    void testQuotingWithEmbeddedNewlinesAndDoubledQuotes() {
        const auto rows = readCsv("a;b;c\n\"línea 1\nlínea 2\";\"dice \"\"hola\"\"\";\"\"\n569;\"x;y\";z\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), rows.size());
        CPPUNIT_ASSERT((Cells{"línea 1\nlínea 2", "dice \"hola\""}) == rows[1].cells);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), rows[1].number);
        CPPUNIT_ASSERT((Cells{"569", "x;y", "z"}) == rows[2].cells);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), rows[2].number);
    }
    void testRowNumbersCountRecordsAndSkipBlankLines() {
        const auto rows = readCsv("a;b\n\"1\n2\";x\n\n;;\n3;y\n\n\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows[0].number);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), rows[1].number);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), rows[2].number); // records 3 and 4 are blank
    }
    void testLineEndings() {
        const auto crlf = readCsv("a;b\r\n1;2\r\n3;4\r\n");
        const auto cr = readCsv("a;b\r1;2\r3;4\r");
        const auto lf = readCsv("a;b\n1;2\n3;4\n");
        for (const auto* rows : {&crlf, &cr, &lf}) {
            CPPUNIT_ASSERT_EQUAL(std::size_t(3), rows->size());
            CPPUNIT_ASSERT((Cells{"3", "4"}) == rows->back().cells);
            CPPUNIT_ASSERT_EQUAL(std::size_t(3), rows->back().number);
        }
    }
    void testNoFinalNewline() {
        const auto rows = readCsv("a;b\n1;\"2\"");
        CPPUNIT_ASSERT((Cells{"1", "2"}) == rows.at(1).cells);
    }
    void testTrailingEmptyCellsTrimmed() {
        const auto rows = readCsv("a;b;c;\n1;;;\n");
        CPPUNIT_ASSERT((Cells{"a", "b", "c"}) == rows[0].cells);
        CPPUNIT_ASSERT((Cells{"1"}) == rows[1].cells);
    }
    void testEmptyTrailingColumnsBeyondLimitAreIgnored() {
        // Excel exports a painted area as rows of bare delimiters.
        const auto rows = readCsv("a;b" + std::string(500, ';') + "\n1;2" + std::string(500, ';') + "\n");
        CPPUNIT_ASSERT((Cells{"1", "2"}) == rows[1].cells);
    }
    void testLargeFileInEveryEncodingAcrossChunks() {
        std::string utf8 = "telefono;nombre\n";
        for (int i = 0; i < 20000; ++i) utf8 += std::to_string(56900000000LL + i) + ";Ñandú \"" + std::to_string(i) + "\" €\n";
        std::string latin; // the same text in Windows-1252
        for (std::size_t i = 0; i < utf8.size(); ++i) {
            if (utf8.compare(i, 2, "Ñ") == 0)
                latin += '\xD1', ++i;
            else if (utf8.compare(i, 2, "ú") == 0)
                latin += '\xFA', ++i;
            else if (utf8.compare(i, 3, "€") == 0)
                latin += '\x80', i += 2;
            else
                latin += utf8[i];
        }
        for (const std::string& bytes : {utf8, "\xEF\xBB\xBF" + utf8, utf16(utf8, true, true), utf16(utf8, false, true), latin}) {
            const auto rows = readCsv(bytes);
            CPPUNIT_ASSERT_EQUAL(std::size_t(20001), rows.size());
            for (int i = 0; i < 20000; i += 997) {
                CPPUNIT_ASSERT_EQUAL(std::to_string(56900000000LL + i), rows[i + 1].cells.at(0));
                CPPUNIT_ASSERT_EQUAL("Ñandú \"" + std::to_string(i) + "\" €", rows[i + 1].cells.at(1));
            }
        }
    }
    void testUnterminatedQuote() {
        std::istringstream in("a;b\n1;\"abierta\n2;x\n");
        CsvReader reader(in);
        try {
            readAll(reader);
            CPPUNIT_FAIL("debió rechazarse");
        } catch (const FileRejected& rejected) {
            CPPUNIT_ASSERT_EQUAL(std::string("csv_unterminated_quote"), rejected.code);
            CPPUNIT_ASSERT(std::string(rejected.what()).find("fila 2") != std::string::npos);
        }
    }
    void testHugeField() {
        const Refusal refusal = measureRefusal([] {
            std::istringstream in("a;b\n1;" + std::string(10 << 20, 'x') + "\n");
            CsvReader reader(in);
            readAll(reader);
        });
        CPPUNIT_ASSERT_EQUAL(std::string("cell_too_large"), refusal.code);
        CPPUNIT_ASSERT(refusal.message.find("B2") != std::string::npos);
        CPPUNIT_ASSERT(refusal.seconds < 1.0);
    }
    void testTooManyColumns() {
        std::string row;
        for (int i = 0; i < 20000; ++i) row += "x;";
        const Refusal refusal = measureRefusal([&] {
            std::istringstream in(row + "\n");
            CsvReader reader(in);
            readAll(reader);
        });
        CPPUNIT_ASSERT_EQUAL(std::string("too_many_columns"), refusal.code);
        CPPUNIT_ASSERT(refusal.message.find("columna GS") != std::string::npos);
        CPPUNIT_ASSERT(refusal.seconds < 1.0);
    }
    void testTooManyRows() {
        ReaderLimits limits;
        limits.maxRows = 3;
        CPPUNIT_ASSERT_EQUAL(std::string(""), refusalCode("a\n1\n2\n\n\n", limits));
        CPPUNIT_ASSERT_EQUAL(std::string("too_many_rows"), refusalCode("a\n1\n2\n3\n", limits));
    }
    void testBinaryRefused() {
        CPPUNIT_ASSERT_EQUAL(std::string("not_text"),
                             refusalCode(std::string("ab\0\0\0\x01\x02zz\0", 10) + std::string(100, '\x03')));
    }
    void testProgress() {
        std::istringstream in("a;b\n1;2\n");
        CsvReader reader(in);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(8), reader.bytesTotal());
        readAll(reader);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(8), reader.bytesRead());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CsvReaderTest);
