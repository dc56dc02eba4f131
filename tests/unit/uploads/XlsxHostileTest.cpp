// Hostile and broken xlsx files: each must be refused with its code and a Spanish message, within
// 1 s and 64 MB of extra peak memory, whatever its headers claim.
#include "ReaderTestSupport.h"
#include "uploads/XlsxReader.h"

#include <cppunit/extensions/HelperMacros.h>
#include <xlsxwriter.h>

using namespace campaigns::uploads;
using namespace campaigns::uploads::test;

namespace {

constexpr double kMaxSeconds = 1.0;
constexpr std::int64_t kMaxGrowthKb = 64 * 1024;

void assertRefusedQuickly(const std::string& expectedCode, const std::string& path,
                          const std::string& originalName = "planilla.xlsx", const ReaderLimits& limits = {}) {
    const Refusal refusal = measureRefusal([&] { readEverything(path, originalName, limits); });
    CPPUNIT_ASSERT_EQUAL_MESSAGE(refusal.message, expectedCode, refusal.code);
    CPPUNIT_ASSERT_MESSAGE("mensaje vacío", !refusal.message.empty());
    CPPUNIT_ASSERT_MESSAGE("tardó " + std::to_string(refusal.seconds) + " s", refusal.seconds < kMaxSeconds);
    CPPUNIT_ASSERT_MESSAGE("memoria +" + std::to_string(refusal.peakGrowthKb) + " KB", refusal.peakGrowthKb < kMaxGrowthKb);
}

const std::string kSheetHead =
    "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
const std::string kSheetTail = "</sheetData></worksheet>";

// A sheet whose body is `fillBytes` spaces, deflated to about a thousandth of that.
std::vector<ZipPart> bombParts(std::uint64_t fillBytes, std::optional<std::uint64_t> declared) {
    auto parts = minimalXlsx("");
    ZipPart& sheet = parts.back();
    sheet.precompressed = deflateBomb(kSheetHead, ' ', fillBytes, kSheetTail);
    sheet.declaredUncompressed = declared.value_or(kSheetHead.size() + fillBytes + kSheetTail.size());
    sheet.declaredCrc = 0; // never reached: the reader must stop long before the end
    return parts;
}

std::string validXlsxBytes(const TempDir& dir) {
    const std::string path = dir.file("valido.xlsx");
    lxw_workbook* book = workbook_new(path.c_str());
    lxw_worksheet* sheet = workbook_add_worksheet(book, nullptr);
    for (lxw_row_t r = 0; r < 2000; ++r) {
        worksheet_write_number(sheet, r, 0, 56912345678.0 + r, nullptr);
        worksheet_write_string(sheet, r, 1, ("fila " + std::to_string(r)).c_str(), nullptr);
    }
    workbook_close(book);
    return readFile(path);
}

// Text that deflate cannot shrink much, so the ratio check stays out of the way of what is tested.
std::string randomLetters(std::size_t length) {
    std::string text(length, 'a');
    std::uint32_t state = 12345;
    for (char& c : text) {
        state = state * 1103515245u + 12345u;
        c = static_cast<char>('a' + (state >> 16) % 26);
    }
    return text;
}

} // namespace

class XlsxHostileTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(XlsxHostileTest);
    CPPUNIT_TEST(testGigabyteBombDeclaringItsSize);
    CPPUNIT_TEST(testBombUnderTheSizeCapCaughtByRatio);
    CPPUNIT_TEST(testBombLyingAboutItsSize);
    CPPUNIT_TEST(testBombInflatedBeyondTheCapWhenRatioIsAllowed);
    CPPUNIT_TEST(testBillionLaughsInSheet);
    CPPUNIT_TEST(testExternalEntityInWorkbook);
    CPPUNIT_TEST(testDoctypeInSharedStrings);
    CPPUNIT_TEST(testCentralDirectoryClaimsDataPastTheFile);
    CPPUNIT_TEST(testCentralDirectoryPointsAtWrongOffset);
    CPPUNIT_TEST(testZip64SizesThatWrapPastTheDirectory);
    CPPUNIT_TEST(testEntrySmallerThanDeclared);
    CPPUNIT_TEST(testCrcMismatch);
    CPPUNIT_TEST(testTruncatedInHalf);
    CPPUNIT_TEST(testTruncatedAfterCentralDirectoryStart);
    CPPUNIT_TEST(testPngRenamedXlsx);
    CPPUNIT_TEST(testPngGivenToXlsxReaderDirectly);
    CPPUNIT_TEST(testOldXlsFormat);
    CPPUNIT_TEST(testTenMegabyteInlineCell);
    CPPUNIT_TEST(testTenMegabyteSharedString);
    CPPUNIT_TEST(testTenMegabyteAttribute);
    CPPUNIT_TEST(testTwentyThousandColumns);
    CPPUNIT_TEST(testRowBeyondExcelLimit);
    CPPUNIT_TEST(testSharedStringIndexOutOfRange);
    CPPUNIT_TEST(testZipWithoutWorkbook);
    CPPUNIT_TEST(testOpenDocumentSpreadsheet);
    CPPUNIT_TEST(testEncryptedEntry);
    CPPUNIT_TEST(testMalformedXml);
    CPPUNIT_TEST_SUITE_END();

public:
    void testGigabyteBombDeclaringItsSize() {
        TempDir dir;
        writeFile(dir.file("bomba.xlsx"), buildZip(bombParts(1ull << 30, std::nullopt)));
        assertRefusedQuickly("zip_bomb", dir.file("bomba.xlsx"));
    }

    void testBombUnderTheSizeCapCaughtByRatio() {
        TempDir dir;
        writeFile(dir.file("bomba.xlsx"), buildZip(bombParts(400ull << 20, std::nullopt)));
        assertRefusedQuickly("zip_bomb", dir.file("bomba.xlsx"));
    }

    void testBombLyingAboutItsSize() {
        // Declares 2 KB so no up-front check fires; inflation must stop at the lie.
        TempDir dir;
        writeFile(dir.file("bomba.xlsx"), buildZip(bombParts(1ull << 30, 2048)));
        assertRefusedQuickly("file_corrupt", dir.file("bomba.xlsx"));
    }

    void testBombInflatedBeyondTheCapWhenRatioIsAllowed() {
        // With the ratio check disabled the inflated-size cap still holds: 64 MB cap, 1 GB body.
        TempDir dir;
        writeFile(dir.file("bomba.xlsx"), buildZip(bombParts(1ull << 30, 0xFFFFFFF0u)));
        ReaderLimits limits;
        limits.maxCompressionRatio = 1'000'000;
        limits.maxSheetBytes = 16ull << 20;
        const Refusal refusal = measureRefusal([&] { readEverything(dir.file("bomba.xlsx"), "b.xlsx", limits); });
        CPPUNIT_ASSERT_EQUAL(std::string("file_too_large"), refusal.code);
        // And lying about the size does not get past it either.
        writeFile(dir.file("bomba2.xlsx"), buildZip(bombParts(1ull << 30, 1ull << 20)));
        const Refusal lying = measureRefusal([&] { readEverything(dir.file("bomba2.xlsx"), "b.xlsx", limits); });
        CPPUNIT_ASSERT_EQUAL(std::string("file_corrupt"), lying.code);
        CPPUNIT_ASSERT(lying.seconds < kMaxSeconds);
    }

    void testBillionLaughsInSheet() {
        std::string dtd = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">";
        for (int i = 1; i <= 9; ++i) {
            dtd += "<!ENTITY lol" + std::to_string(i) + " \"";
            for (int j = 0; j < 10; ++j) dtd += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
            dtd += "\">";
        }
        dtd += "]>";
        const std::string sheet =
            dtd + "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>";
        TempDir dir;
        writeFile(dir.file("risas.xlsx"), buildZip(minimalXlsx(sheet)));
        assertRefusedQuickly("xml_doctype", dir.file("risas.xlsx"));
    }

    void testExternalEntityInWorkbook() {
        auto parts = minimalXlsx(sheetXml(""));
        parts[2].content =
            "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
            "<workbook><sheets><sheet name=\"&xxe;\" r:id=\"rId1\" xmlns:r=\"r\"/></sheets></workbook>";
        TempDir dir;
        writeFile(dir.file("xxe.xlsx"), buildZip(parts));
        assertRefusedQuickly("xml_doctype", dir.file("xxe.xlsx"));
    }

    void testDoctypeInSharedStrings() {
        const std::string shared =
            "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\">]><sst><si><t>&a;</t></si></sst>";
        TempDir dir;
        writeFile(dir.file("sst.xlsx"), buildZip(minimalXlsx(sheetXml("<row><c t=\"s\"><v>0</v></c></row>"), shared)));
        assertRefusedQuickly("xml_doctype", dir.file("sst.xlsx"));
    }

    void testCentralDirectoryClaimsDataPastTheFile() {
        auto parts = minimalXlsx(sheetXml("<row><c><v>1</v></c></row>"));
        parts.back().declaredCompressed = 50'000'000;
        TempDir dir;
        writeFile(dir.file("miente.xlsx"), buildZip(parts));
        assertRefusedQuickly("file_corrupt", dir.file("miente.xlsx"));
    }

    void testCentralDirectoryPointsAtWrongOffset() {
        auto parts = minimalXlsx(sheetXml("<row><c><v>1</v></c></row>"));
        parts.back().declaredOffset = 7;
        TempDir dir;
        writeFile(dir.file("miente.xlsx"), buildZip(parts));
        assertRefusedQuickly("file_corrupt", dir.file("miente.xlsx"));
    }

    // Found by tests/fuzz (zip_reader): zip64 sizes and offsets are 64-bit, and "offset + header +
    // size" wrapped around, so a part claiming about 2^64 bytes (or sitting at offset 2^64 - 1)
    // passed the "data lies before the directory" check and the reader ran on into the directory,
    // refusing the file at best as "incompleto" instead of "dañado".
    void testZip64SizesThatWrapPastTheDirectory() {
        TempDir dir;
        auto hugeSize = minimalXlsx(sheetXml("<row><c><v>1</v></c></row>"));
        hugeSize.back().zip64 = true;
        hugeSize.back().declaredCompressed = ~std::uint64_t{0} - 15;
        writeFile(dir.file("enorme.xlsx"), buildZip(hugeSize));
        assertRefusedQuickly("file_corrupt", dir.file("enorme.xlsx"));

        auto hugeOffset = minimalXlsx(sheetXml("<row><c><v>1</v></c></row>"));
        hugeOffset.back().zip64 = true;
        hugeOffset.back().declaredOffset = ~std::uint64_t{0};
        hugeOffset.back().declaredCompressed = 0;
        writeFile(dir.file("lejos.xlsx"), buildZip(hugeOffset));
        assertRefusedQuickly("file_corrupt", dir.file("lejos.xlsx"));
    }

    void testEntrySmallerThanDeclared() {
        auto parts = minimalXlsx(sheetXml("<row><c><v>1</v></c></row>"));
        parts.back().declaredUncompressed = parts.back().content.size() + 10;
        TempDir dir;
        writeFile(dir.file("miente.xlsx"), buildZip(parts));
        assertRefusedQuickly("file_corrupt", dir.file("miente.xlsx"));
    }

    void testCrcMismatch() {
        auto parts = minimalXlsx(sheetXml("<row><c><v>1</v></c></row>"));
        parts[2].declaredCrc = 12345; // workbook.xml, read whole
        TempDir dir;
        writeFile(dir.file("crc.xlsx"), buildZip(parts));
        assertRefusedQuickly("file_corrupt", dir.file("crc.xlsx"));
    }

    void testTruncatedInHalf() {
        TempDir dir;
        const std::string bytes = validXlsxBytes(dir);
        writeFile(dir.file("mitad.xlsx"), bytes.substr(0, bytes.size() / 2));
        assertRefusedQuickly("file_truncated", dir.file("mitad.xlsx"));
    }

    void testTruncatedAfterCentralDirectoryStart() {
        TempDir dir;
        const std::string bytes = validXlsxBytes(dir);
        writeFile(dir.file("corto.xlsx"), bytes.substr(0, bytes.size() - 30));
        assertRefusedQuickly("file_truncated", dir.file("corto.xlsx"));
    }

    void testPngRenamedXlsx() {
        TempDir dir;
        writeFile(dir.file("foto.xlsx"), std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + std::string(5000, '\x7f'));
        const Refusal refusal = measureRefusal([&] { readEverything(dir.file("foto.xlsx"), "contactos.xlsx"); });
        CPPUNIT_ASSERT_EQUAL(std::string("not_spreadsheet"), refusal.code);
        CPPUNIT_ASSERT(refusal.message.find("contactos.xlsx") != std::string::npos);
        CPPUNIT_ASSERT(refusal.message.find("imagen PNG") != std::string::npos);
    }

    void testPngGivenToXlsxReaderDirectly() {
        TempDir dir;
        writeFile(dir.file("foto.xlsx"), std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, 'x'));
        const Refusal refusal = measureRefusal([&] { XlsxReader reader(dir.file("foto.xlsx")); });
        CPPUNIT_ASSERT_EQUAL(std::string("not_xlsx"), refusal.code);
        CPPUNIT_ASSERT(refusal.message.find("no es un Excel (.xlsx) válido") != std::string::npos);
    }

    void testOldXlsFormat() {
        TempDir dir;
        writeFile(dir.file("viejo.xls"), std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(4096, '\0'));
        const Refusal refusal = measureRefusal([&] { readEverything(dir.file("viejo.xls"), "viejo.xls"); });
        CPPUNIT_ASSERT_EQUAL(std::string("xls_not_supported"), refusal.code);
        CPPUNIT_ASSERT(refusal.message.find(".xlsx") != std::string::npos);
        CPPUNIT_ASSERT(refusal.message.find(".csv") != std::string::npos);
    }

    void testTenMegabyteInlineCell() {
        TempDir dir;
        const std::string sheet =
            sheetXml("<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>" + randomLetters(10 << 20) + "</t></is></c></row>");
        writeFile(dir.file("celda.xlsx"), buildZip(minimalXlsx(sheet)));
        assertRefusedQuickly("cell_too_large", dir.file("celda.xlsx"));
        const Refusal refusal = measureRefusal([&] { readEverything(dir.file("celda.xlsx"), "c.xlsx"); });
        CPPUNIT_ASSERT(refusal.message.find("B3") != std::string::npos);
    }

    void testTenMegabyteSharedString() {
        TempDir dir;
        const std::string shared = "<sst><si><t>" + randomLetters(10 << 20) + "</t></si></sst>";
        writeFile(dir.file("sst.xlsx"), buildZip(minimalXlsx(sheetXml("<row><c t=\"s\"><v>0</v></c></row>"), shared)));
        assertRefusedQuickly("cell_too_large", dir.file("sst.xlsx"));
    }

    void testTenMegabyteAttribute() {
        // No text event ever fires inside a tag: only the pending-bytes bound stops this one.
        TempDir dir;
        const std::string sheet = sheetXml("<row><c r=\"A1\" s=\"" + randomLetters(10 << 20) + "\"><v>1</v></c></row>");
        writeFile(dir.file("attr.xlsx"), buildZip(minimalXlsx(sheet)));
        assertRefusedQuickly("xml_token_too_large", dir.file("attr.xlsx"));
    }

    void testTwentyThousandColumns() {
        std::string row = "<row r=\"1\">";
        for (int c = 0; c < 20000; ++c) row += "<c t=\"inlineStr\"><is><t>x</t></is></c>";
        row += "</row>";
        TempDir dir;
        writeFile(dir.file("anchas.xlsx"), buildZip(minimalXlsx(sheetXml(row))));
        assertRefusedQuickly("too_many_columns", dir.file("anchas.xlsx"));
        const Refusal refusal = measureRefusal([&] { readEverything(dir.file("anchas.xlsx"), "a.xlsx"); });
        // Column 201 is the first one past the default limit of 200.
        CPPUNIT_ASSERT(refusal.message.find("columna GS") != std::string::npos);
    }

    void testRowBeyondExcelLimit() {
        TempDir dir;
        writeFile(dir.file("filas.xlsx"), buildZip(minimalXlsx(sheetXml("<row r=\"1048577\"><c><v>1</v></c></row>"))));
        assertRefusedQuickly("too_many_rows", dir.file("filas.xlsx"));
    }

    void testSharedStringIndexOutOfRange() {
        TempDir dir;
        writeFile(dir.file("indice.xlsx"),
                  buildZip(minimalXlsx(sheetXml("<row><c t=\"s\"><v>7</v></c></row>"), "<sst><si><t>a</t></si></sst>")));
        assertRefusedQuickly("file_corrupt", dir.file("indice.xlsx"));
    }

    void testZipWithoutWorkbook() {
        TempDir dir;
        writeFile(dir.file("otro.xlsx"), buildZip({ZipPart("word/document.xml", "<w/>")}));
        assertRefusedQuickly("not_xlsx", dir.file("otro.xlsx"));
    }

    void testOpenDocumentSpreadsheet() {
        TempDir dir;
        std::vector<ZipPart> parts{ZipPart("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                                   ZipPart("content.xml", "<office:document-content/>")};
        parts[0].deflate = false;
        writeFile(dir.file("libre.ods"), buildZip(parts));
        assertRefusedQuickly("ods_not_supported", dir.file("libre.ods"));
    }

    void testEncryptedEntry() {
        TempDir dir;
        std::string zip = buildZip(minimalXlsx(sheetXml("")));
        // Set the "encrypted" flag on every central directory record.
        for (std::size_t p = zip.find("PK\x01\x02"); p != std::string::npos; p = zip.find("PK\x01\x02", p + 4)) zip[p + 8] = 1;
        writeFile(dir.file("cifrado.xlsx"), zip);
        assertRefusedQuickly("xlsx_unsupported", dir.file("cifrado.xlsx"));
    }

    void testMalformedXml() {
        TempDir dir;
        writeFile(dir.file("roto.xlsx"), buildZip(minimalXlsx(sheetXml("<row><c><v>1</c></row>"))));
        assertRefusedQuickly("invalid_xml", dir.file("roto.xlsx"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(XlsxHostileTest);
