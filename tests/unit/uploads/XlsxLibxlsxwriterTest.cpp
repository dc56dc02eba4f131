// The xlsx reader against files written by libxlsxwriter, in its normal mode (shared strings)
// and its constant-memory mode (inline strings, rows streamed to disk).
#include "ReaderTestSupport.h"
#include "uploads/XlsxReader.h"

#include <cppunit/extensions/HelperMacros.h>
#include <xlsxwriter.h>

using namespace campaigns::uploads;
using namespace campaigns::uploads::test;

namespace {

lxw_workbook* openWorkbook(const std::string& path, bool constantMemory) {
    lxw_workbook_options options{};
    options.constant_memory = constantMemory ? LXW_TRUE : LXW_FALSE;
    return workbook_new_opt(path.c_str(), &options);
}

void check(lxw_error error) { CPPUNIT_ASSERT_EQUAL(std::string("No error."), std::string(lxw_strerror(error))); }

void writeSample(const std::string& path, bool constantMemory) {
    lxw_workbook* book = openWorkbook(path, constantMemory);
    lxw_worksheet* sheet = workbook_add_worksheet(book, "Contactos");
    lxw_worksheet* other = workbook_add_worksheet(book, "Otra");
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    lxw_format* filled = workbook_add_format(book);
    format_set_bg_color(filled, LXW_COLOR_YELLOW);

    check(worksheet_write_string(sheet, 0, 0, "telefono", nullptr));
    check(worksheet_write_string(sheet, 0, 1, "nombre", nullptr));
    check(worksheet_write_string(sheet, 0, 2, "ciudad", nullptr));
    check(worksheet_write_string(sheet, 0, 3, "nota", nullptr));

    check(worksheet_write_number(sheet, 1, 0, 56912345678.0, nullptr));
    check(worksheet_write_string(sheet, 1, 1, "José Núñez", nullptr));
    check(worksheet_write_string(sheet, 1, 2, "Viña del Mar", nullptr));
    lxw_rich_string_tuple plain{nullptr, const_cast<char*>("hola ")};
    lxw_rich_string_tuple strong{bold, const_cast<char*>("mundo")};
    lxw_rich_string_tuple* rich[] = {&plain, &strong, nullptr};
    check(worksheet_write_rich_string(sheet, 1, 3, rich, nullptr));

    // Sparse: B3 and C3 missing.
    check(worksheet_write_number(sheet, 2, 0, 123456789012345.0, nullptr));
    check(worksheet_write_string(sheet, 2, 3, "x", nullptr));

    // Row 4 left blank on purpose.
    check(worksheet_write_number(sheet, 4, 0, 3.25, nullptr));
    check(worksheet_write_boolean(sheet, 4, 1, 1, nullptr));
    check(worksheet_write_boolean(sheet, 4, 2, 0, nullptr));
    check(worksheet_write_formula_num(sheet, 4, 3, "=1+1", nullptr, 2));

    check(worksheet_write_formula_str(sheet, 5, 0, "=\"a\"&\"b\"", nullptr, "ab"));
    check(worksheet_write_string(sheet, 5, 1, "👍 <&> \"citas\"", nullptr));

    // Formatted but empty rows at the end, as left by a user who painted a whole area.
    for (lxw_row_t r = 6; r < 10; ++r) check(worksheet_write_blank(sheet, r, 0, filled));

    check(worksheet_write_string(other, 0, 0, "no debe leerse", nullptr));
    check(workbook_close(book));
}

void writeLarge(const std::string& path, bool constantMemory, int rows) {
    lxw_workbook* book = openWorkbook(path, constantMemory);
    lxw_worksheet* sheet = workbook_add_worksheet(book, nullptr);
    for (int r = 0; r < rows; ++r) {
        check(worksheet_write_number(sheet, static_cast<lxw_row_t>(r), 0, 56900000000.0 + r, nullptr));
        const std::string name = "Nombre ñandú " + std::to_string(r);
        check(worksheet_write_string(sheet, static_cast<lxw_row_t>(r), 1, name.c_str(), nullptr));
        check(worksheet_write_string(sheet, static_cast<lxw_row_t>(r), 2, std::string(r % 50, 'z').c_str(), nullptr));
    }
    check(workbook_close(book));
}

using Cells = std::vector<std::string>;

} // namespace

class XlsxLibxlsxwriterTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(XlsxLibxlsxwriterTest);
    CPPUNIT_TEST(testNormalModeSample);
    CPPUNIT_TEST(testConstantMemorySample);
    CPPUNIT_TEST(testNormalModeManyRowsAcrossChunks);
    CPPUNIT_TEST(testConstantMemoryManyRowsAcrossChunks);
    CPPUNIT_TEST(testProgressReachesTotal);
    CPPUNIT_TEST(testZip64Container);
    CPPUNIT_TEST_SUITE_END();

public:
    void testNormalModeSample() { checkSample(false); }
    void testConstantMemorySample() { checkSample(true); }
    void testNormalModeManyRowsAcrossChunks() { checkLarge(false); }
    void testConstantMemoryManyRowsAcrossChunks() { checkLarge(true); }

    void testProgressReachesTotal() {
        TempDir dir;
        writeLarge(dir.file("big.xlsx"), true, 30000); // several 64 KB compressed chunks
        XlsxReader reader(dir.file("big.xlsx"));
        CPPUNIT_ASSERT(reader.bytesTotal() > 0);
        Row row;
        CPPUNIT_ASSERT(reader.next(row));
        CPPUNIT_ASSERT(reader.bytesRead() < reader.bytesTotal());
        while (reader.next(row)) {}
        CPPUNIT_ASSERT_EQUAL(reader.bytesTotal(), reader.bytesRead());
    }

    void testZip64Container() {
        // A workbook saved with libxlsxwriter's zip64 option (small, so its directory needs no zip64
        // fields: the reader must not be thrown by the option itself).
        TempDir dir;
        const std::string path = dir.file("zip64.xlsx");
        lxw_workbook_options options{};
        options.use_zip64 = LXW_TRUE;
        lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
        lxw_worksheet* sheet = workbook_add_worksheet(book, nullptr);
        check(worksheet_write_number(sheet, 0, 0, 56912345678.0, nullptr));
        check(worksheet_write_string(sheet, 0, 1, "Ana", nullptr));
        check(workbook_close(book));
        XlsxReader reader(path);
        const auto rows = readAll(reader);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT((Cells{"56912345678", "Ana"}) == rows[0].cells);
    }

private:
    void checkSample(bool constantMemory) {
        TempDir dir;
        const std::string path = dir.file("muestra.xlsx");
        writeSample(path, constantMemory);
        XlsxReader reader(path);
        CPPUNIT_ASSERT_EQUAL(std::string("Contactos"), reader.sheetName());
        const auto rows = readAll(reader);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows[0].number);
        CPPUNIT_ASSERT((Cells{"telefono", "nombre", "ciudad", "nota"}) == rows[0].cells);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), rows[1].number);
        CPPUNIT_ASSERT((Cells{"56912345678", "José Núñez", "Viña del Mar", "hola mundo"}) == rows[1].cells);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), rows[2].number);
        CPPUNIT_ASSERT((Cells{"123456789012345", "", "", "x"}) == rows[2].cells);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), rows[3].number);
        CPPUNIT_ASSERT((Cells{"3.25", "1", "0", "2"}) == rows[3].cells);
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), rows[4].number);
        CPPUNIT_ASSERT((Cells{"ab", "👍 <&> \"citas\""}) == rows[4].cells);
    }

    void checkLarge(bool constantMemory) {
        TempDir dir;
        const int count = 6000; // well over one 64 KB inflation chunk
        writeLarge(dir.file("big.xlsx"), constantMemory, count);
        XlsxReader reader(dir.file("big.xlsx"));
        Row row;
        int seen = 0;
        while (reader.next(row)) {
            CPPUNIT_ASSERT_EQUAL(std::size_t(seen + 1), row.number);
            CPPUNIT_ASSERT_EQUAL(std::to_string(56900000000LL + seen), row.cells.at(0));
            CPPUNIT_ASSERT_EQUAL("Nombre ñandú " + std::to_string(seen), row.cells.at(1));
            const std::size_t expectedCells = seen % 50 == 0 ? 2 : 3;
            CPPUNIT_ASSERT_EQUAL(expectedCells, row.cells.size());
            ++seen;
        }
        CPPUNIT_ASSERT_EQUAL(count, seen);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(XlsxLibxlsxwriterTest);
