// The xlsx reader against a third writer: parts written by hand the way LibreOffice and openpyxl
// lay them out, zipped with Poco::Zip::Compress. Covers what libxlsxwriter never produces: cells
// and rows without "r", numbers stored as doubles in scientific notation, prefixed namespaces,
// phonetic runs, a hidden first sheet, a sheet not named sheet1.xml and shared strings stored
// after the sheet in the zip.
#include "ReaderTestSupport.h"
#include "uploads/XlsxReader.h"

#include <Poco/DateTime.h>
#include <Poco/Path.h>
#include <Poco/Zip/Compress.h>
#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <sstream>

using namespace campaigns::uploads;
using namespace campaigns::uploads::test;

namespace {

const std::string kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const std::string kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const std::string kPkg = "http://schemas.openxmlformats.org/package/2006/relationships";

const std::string kWorkbook = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<workbook xmlns=\"" + kMain + "\" xmlns:r=\"" + kRel +
                              "\"><sheets><sheet name=\"Oculta\" sheetId=\"1\" state=\"hidden\" r:id=\"rId1\"/>"
                              "<sheet name=\"Datos\" sheetId=\"2\" r:id=\"rId3\"/></sheets></workbook>";

const std::string kWorkbookRels = "<?xml version=\"1.0\"?>\n<Relationships xmlns=\"" + kPkg +
                                  "\">"
                                  "<Relationship Id=\"rId1\" Type=\"" +
                                  kRel +
                                  "/worksheet\" Target=\"worksheets/oculta.xml\"/>"
                                  "<Relationship Id=\"rId2\" Type=\"" +
                                  kRel +
                                  "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                                  "<Relationship Id=\"rId3\" Type=\"" +
                                  kRel +
                                  "/worksheet\" Target=\"/xl/worksheets/datos_contactos.xml\"/>"
                                  "<Relationship Id=\"rId4\" Type=\"" +
                                  kRel +
                                  "/hyperlink\" Target=\"https://example.invalid\" TargetMode=\"External\"/>"
                                  "</Relationships>";

const std::string kSharedStrings =
    "<?xml version=\"1.0\"?>\n<x:sst xmlns:x=\"" + kMain +
    "\" count=\"5\" uniqueCount=\"5\">"
    "<x:si><x:t>telefono</x:t></x:si>"
    "<x:si><x:r><x:rPr><x:b/></x:rPr><x:t xml:space=\"preserve\">Hola </x:t></x:r><x:r><x:t>Mundo</x:t></x:r></x:si>"
    "<x:si><x:t>東京</x:t><x:rPh sb=\"0\" eb=\"2\"><x:t>トウキョウ</x:t></x:rPh></x:si>"
    "<x:si><x:t/></x:si>"
    "<x:si><x:t>a &amp; b &lt;c&gt; &#233;</x:t></x:si>"
    "</x:sst>";

const std::string kSheet =
    "<?xml version=\"1.0\"?>\n<x:worksheet xmlns:x=\"" + kMain +
    "\"><x:sheetViews/><x:sheetData>"
    "<x:row><x:c t=\"s\"><x:v>0</x:v></x:c><x:c t=\"inlineStr\"><x:is><x:t>nombre</x:t></x:is></x:c></x:row>"
    "<x:row><x:c><x:v>5.6912345678E+10</x:v></x:c><x:c t=\"s\"><x:v>1</x:v></x:c><x:c t=\"s\"><x:v>2</x:v></x:c></x:row>"
    "<x:row r=\"4\"><x:c r=\"B4\" t=\"b\"><x:v>1</x:v></x:c><x:c t=\"e\"><x:v>#N/A</x:v></x:c>"
    "<x:c r=\"E4\" t=\"str\"><x:f>A1&amp;\"x\"</x:f><x:v>telefonox</x:v></x:c></x:row>"
    "<x:row><x:c t=\"s\"><x:v>3</x:v></x:c><x:c r=\"C5\"><x:v>0.1</x:v></x:c><x:c t=\"inlineStr\"><x:is>"
    "<x:r><x:t xml:space=\"preserve\">rico </x:t></x:r><x:r><x:rPr><x:i/></x:rPr><x:t>inline</x:t></x:r></x:is></x:c></x:row>"
    "<x:row r=\"6\"><x:c r=\"A6\" t=\"s\"><x:v>4</x:v></x:c><x:c r=\"B6\"><x:f>1/3</x:f><x:v>0.33333333333333331</x:v></x:c>"
    "<x:c r=\"C6\"><x:v>56912345678.0</x:v></x:c><x:c r=\"D6\"><x:v>-1.5E-3</x:v></x:c></x:row>"
    "<x:row r=\"8\" spans=\"1:3\"><x:c r=\"A8\" s=\"2\"/></x:row><x:row r=\"9\"/>"
    "</x:sheetData><x:mergeCells count=\"1\"><x:mergeCell ref=\"A1:B1\"/></x:mergeCells></x:worksheet>";

const std::string kHiddenSheet = "<?xml version=\"1.0\"?>\n<worksheet xmlns=\"" + kMain +
                                 "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\">"
                                 "<is><t>no debe leerse</t></is></c></row></sheetData></worksheet>";

void addPart(Poco::Zip::Compress& zip, const std::string& name, const std::string& content) {
    std::istringstream in(content);
    zip.addFile(in, Poco::DateTime(), Poco::Path(name, Poco::Path::PATH_UNIX));
}

void writeHandBuilt(const std::string& path) {
    std::ofstream out(path, std::ios::binary);
    Poco::Zip::Compress zip(out, true);
    addPart(zip, "[Content_Types].xml",
            "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
    addPart(zip, "_rels/.rels",
            "<?xml version=\"1.0\"?><Relationships xmlns=\"" + kPkg + "\"><Relationship Id=\"rId1\" Type=\"" + kRel +
                "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    addPart(zip, "xl/workbook.xml", kWorkbook);
    addPart(zip, "xl/_rels/workbook.xml.rels", kWorkbookRels);
    addPart(zip, "xl/worksheets/oculta.xml", kHiddenSheet);
    addPart(zip, "xl/worksheets/datos_contactos.xml", kSheet);
    addPart(zip, "xl/sharedStrings.xml", kSharedStrings);
    zip.close();
}

using Cells = std::vector<std::string>;

} // namespace

class XlsxHandBuiltTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(XlsxHandBuiltTest);
    CPPUNIT_TEST(testReadsFirstVisibleSheetWithAllCellKinds);
    CPPUNIT_TEST(testSharedStringAfterSheetIsFound);
    CPPUNIT_TEST(testWithoutRootRelationshipsFallsBackToDefaultWorkbook);
    CPPUNIT_TEST(testStoredEntriesWithoutCompression);
    CPPUNIT_TEST(testZip64ExtraFieldsInCentralDirectory);
    CPPUNIT_TEST_SUITE_END();

public:
    void testReadsFirstVisibleSheetWithAllCellKinds() {
        TempDir dir;
        writeHandBuilt(dir.file("libre.xlsx"));
        XlsxReader reader(dir.file("libre.xlsx"));
        CPPUNIT_ASSERT_EQUAL(std::string("Datos"), reader.sheetName());
        const auto rows = readAll(reader);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows[0].number);
        CPPUNIT_ASSERT((Cells{"telefono", "nombre"}) == rows[0].cells);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), rows[1].number);
        CPPUNIT_ASSERT((Cells{"56912345678", "Hola Mundo", "東京"}) == rows[1].cells);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), rows[2].number);
        CPPUNIT_ASSERT((Cells{"", "1", "#N/A", "", "telefonox"}) == rows[2].cells);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), rows[3].number);
        CPPUNIT_ASSERT((Cells{"", "", "0.1", "rico inline"}) == rows[3].cells);
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), rows[4].number);
        CPPUNIT_ASSERT((Cells{"a & b <c> é", "0.3333333333333333", "56912345678", "-0.0015"}) == rows[4].cells);
    }

    void testSharedStringAfterSheetIsFound() {
        TempDir dir;
        writeHandBuilt(dir.file("libre.xlsx"));
        // The order in the zip is what makes this case: check the fixture really has it.
        const std::string bytes = readFile(dir.file("libre.xlsx"));
        CPPUNIT_ASSERT(bytes.find("datos_contactos.xml") < bytes.find("xl/sharedStrings.xml"));
        XlsxReader reader(dir.file("libre.xlsx"));
        Row row;
        CPPUNIT_ASSERT(reader.next(row));
        CPPUNIT_ASSERT_EQUAL(std::string("telefono"), row.cells.at(0));
    }

    void testWithoutRootRelationshipsFallsBackToDefaultWorkbook() {
        TempDir dir;
        auto parts = minimalXlsx(sheetXml("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>ok</t></is></c></row>"));
        parts.erase(parts.begin() + 1); // _rels/.rels
        writeFile(dir.file("sinrels.xlsx"), buildZip(parts));
        XlsxReader reader(dir.file("sinrels.xlsx"));
        const auto rows = readAll(reader);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::string("ok"), rows[0].cells.at(0));
    }

    void testZip64ExtraFieldsInCentralDirectory() {
        TempDir dir;
        auto parts = minimalXlsx(sheetXml("<row><c><v>5.6912345678E+10</v></c></row>"));
        for (auto& part : parts) part.zip64 = true;
        writeFile(dir.file("zip64.xlsx"), buildZip(parts));
        XlsxReader reader(dir.file("zip64.xlsx"));
        const auto rows = readAll(reader);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::string("56912345678"), rows[0].cells.at(0));
    }

    void testStoredEntriesWithoutCompression() {
        TempDir dir;
        auto parts = minimalXlsx(sheetXml("<row><c><v>42</v></c></row>"));
        for (auto& part : parts) part.deflate = false;
        writeFile(dir.file("stored.xlsx"), buildZip(parts));
        XlsxReader reader(dir.file("stored.xlsx"));
        const auto rows = readAll(reader);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::string("42"), rows[0].cells.at(0));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(XlsxHandBuiltTest);
