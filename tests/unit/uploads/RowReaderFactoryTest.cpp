// openRowReader decides by content, not by the name the user gave the file.
#include "ReaderTestSupport.h"

#include <cppunit/extensions/HelperMacros.h>
#include <xlsxwriter.h>

using namespace campaigns::uploads;
using namespace campaigns::uploads::test;

class RowReaderFactoryTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RowReaderFactoryTest);
    CPPUNIT_TEST(testXlsxNamedCsvIsReadAsXlsx);
    CPPUNIT_TEST(testCsvNamedXlsxIsReadAsCsv);
    CPPUNIT_TEST(testEmptyFileRefused);
    CPPUNIT_TEST(testImagesAndPdfRefused);
    CPPUNIT_TEST(testColumnNames);
    CPPUNIT_TEST_SUITE_END();

public:
    void testXlsxNamedCsvIsReadAsXlsx() {
        TempDir dir;
        const std::string path = dir.file("upload.bin");
        lxw_workbook* book = workbook_new(path.c_str());
        worksheet_write_number(workbook_add_worksheet(book, nullptr), 0, 0, 56912345678.0, nullptr);
        workbook_close(book);
        auto reader = openRowReader(path, "contactos.csv");
        const auto rows = readAll(*reader);
        CPPUNIT_ASSERT_EQUAL(std::string("56912345678"), rows.at(0).cells.at(0));
    }
    void testCsvNamedXlsxIsReadAsCsv() {
        TempDir dir;
        writeFile(dir.file("upload.bin"), "telefono;nombre\n569;Ana\n");
        auto reader = openRowReader(dir.file("upload.bin"), "contactos.xlsx");
        const auto rows = readAll(*reader);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Ana"), rows[1].cells.at(1));
    }
    void testEmptyFileRefused() {
        TempDir dir;
        writeFile(dir.file("vacio"), "");
        const Refusal refusal = measureRefusal([&] { openRowReader(dir.file("vacio"), "lista.csv"); });
        CPPUNIT_ASSERT_EQUAL(std::string("empty_file"), refusal.code);
        CPPUNIT_ASSERT(refusal.message.find("«lista.csv» está vacío") != std::string::npos);
    }
    void testImagesAndPdfRefused() {
        TempDir dir;
        const std::pair<std::string, std::string> cases[] = {
            {"\xFF\xD8\xFF\xE0", "imagen JPEG"}, {"GIF89a", "imagen GIF"}, {"%PDF-1.7", "PDF"}};
        for (const auto& [magic, words] : cases) {
            writeFile(dir.file("x"), magic + std::string(64, 'x'));
            const Refusal refusal = measureRefusal([&] { openRowReader(dir.file("x"), "a.xlsx"); });
            CPPUNIT_ASSERT_EQUAL(std::string("not_spreadsheet"), refusal.code);
            CPPUNIT_ASSERT(refusal.message.find(words) != std::string::npos);
        }
    }
    void testColumnNames() {
        CPPUNIT_ASSERT_EQUAL(std::string("A"), spreadsheetColumnName(0));
        CPPUNIT_ASSERT_EQUAL(std::string("Z"), spreadsheetColumnName(25));
        CPPUNIT_ASSERT_EQUAL(std::string("AA"), spreadsheetColumnName(26));
        CPPUNIT_ASSERT_EQUAL(std::string("GS"), spreadsheetColumnName(200));
        CPPUNIT_ASSERT_EQUAL(std::string("XFD"), spreadsheetColumnName(16383));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RowReaderFactoryTest);
