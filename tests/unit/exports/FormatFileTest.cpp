#include "exports/FormatFile.h"

#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

using namespace campaigns::exports;

namespace {

FormatTemplate sampleTemplate() {
    FormatTemplate t;
    t.name = "aviso_caso";
    t.language = "es";
    t.parameters = {{"nombre", "Cuerpo, variable {{1}}: nombre del cliente", "María José"},
                    {"numero_caso", "Cuerpo, variable {{2}}: número de caso", ""}};
    t.hasImageHeader = true;
    return t;
}

// Every part of an xlsx (a zip) as text, by name.
std::map<std::string, std::string> unzip(const std::string& bytes) {
    std::map<std::string, std::string> parts;
    std::istringstream in(bytes);
    Poco::Zip::ZipArchive archive(in);
    for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
        if (it->second.isDirectory()) continue;
        std::istringstream again(bytes);
        Poco::Zip::ZipInputStream zin(again, it->second);
        std::string content;
        Poco::StreamCopier::copyToString(zin, content);
        parts[it->first] = content;
    }
    return parts;
}

std::string xlsxBytes(const FormatTemplate& t) {
    std::ostringstream out;
    writeFormatXlsx(t, out);
    return out.str();
}

// The `s` (style) attribute of a cell such as "A2", or "" when it has none.
std::string cellStyle(const std::string& sheetXml, const std::string& ref) {
    std::smatch m;
    std::regex cell("<c r=\"" + ref + "\"([^>]*)>");
    if (!std::regex_search(sheetXml, m, cell)) return "?";
    std::smatch s;
    std::string attributes = m[1];
    if (!std::regex_search(attributes, s, std::regex("s=\"([0-9]+)\""))) return "";
    return s[1];
}

// numFmtId of the n-th <xf> in <cellXfs>.
std::string numFmtOfStyle(const std::string& stylesXml, std::size_t index) {
    auto start = stylesXml.find("<cellXfs");
    auto end = stylesXml.find("</cellXfs>");
    std::string xfs = stylesXml.substr(start, end - start);
    std::regex xf("<xf ([^>]*)");
    std::size_t i = 0;
    for (auto it = std::sregex_iterator(xfs.begin(), xfs.end(), xf); it != std::sregex_iterator(); ++it, ++i) {
        if (i != index) continue;
        std::string attributes = (*it)[1];
        std::smatch n;
        if (std::regex_search(attributes, n, std::regex("numFmtId=\"([0-9]+)\""))) return n[1];
        return "0";
    }
    return "?";
}

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

} // namespace

class FormatFileTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FormatFileTest);
    CPPUNIT_TEST(testXlsxSheetsAndHeader);
    CPPUNIT_TEST(testXlsxPhoneColumnIsText);
    CPPUNIT_TEST(testXlsxFrozenHeaderAndWidths);
    CPPUNIT_TEST(testXlsxInstructions);
    CPPUNIT_TEST(testXlsxWithoutImageHeaderOmitsNote);
    CPPUNIT_TEST(testXlsxToPath);
    CPPUNIT_TEST(testXlsxUnwritablePathThrows);
    CPPUNIT_TEST(testCsvBomHeaderAndExample);
    CPPUNIT_TEST(testCsvQuoting);
    CPPUNIT_TEST(testCsvNoParameters);
    CPPUNIT_TEST(testFileName);
    CPPUNIT_TEST_SUITE_END();

public:
    void testXlsxSheetsAndHeader() {
        auto parts = unzip(xlsxBytes(sampleTemplate()));
        const std::string& workbook = parts.at("xl/workbook.xml");
        auto contactos = workbook.find("name=\"Contactos\"");
        auto instrucciones = workbook.find("name=\"Instrucciones\"");
        CPPUNIT_ASSERT(contactos != std::string::npos);
        CPPUNIT_ASSERT(instrucciones != std::string::npos);
        CPPUNIT_ASSERT(contactos < instrucciones); // the validator reads the first sheet
        const std::string& strings = parts.at("xl/sharedStrings.xml");
        for (const char* s : {"telefono", "nombre", "numero_caso", "56912345678", "María José", "Ejemplo 2"}) {
            CPPUNIT_ASSERT_MESSAGE(s, contains(strings, std::string(">") + s + "<"));
        }
        // Header cells A1..C1 and example cells A2..C2 on the first sheet are shared strings.
        const std::string& sheet = parts.at("xl/worksheets/sheet1.xml");
        for (const char* ref : {"A1", "B1", "C1", "A2", "B2", "C2"}) {
            CPPUNIT_ASSERT_MESSAGE(ref, std::regex_search(sheet, std::regex(std::string("<c r=\"") + ref + "\"[^>]*t=\"s\"")));
        }
        CPPUNIT_ASSERT(!contains(sheet, "<c r=\"D1\""));
    }
    void testXlsxPhoneColumnIsText() {
        auto parts = unzip(xlsxBytes(sampleTemplate()));
        const std::string& sheet = parts.at("xl/worksheets/sheet1.xml");
        const std::string& styles = parts.at("xl/styles.xml");
        // 49 is Excel's built-in "@" (Text) number format.
        std::string a2 = cellStyle(sheet, "A2");
        CPPUNIT_ASSERT(!a2.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("49"), numFmtOfStyle(styles, std::stoul(a2)));
        // The whole column carries the text style, so rows the user adds are text too.
        std::smatch col;
        CPPUNIT_ASSERT(std::regex_search(sheet, col, std::regex("<col min=\"1\" max=\"1\"[^>]*style=\"([0-9]+)\"")));
        CPPUNIT_ASSERT_EQUAL(std::string("49"), numFmtOfStyle(styles, std::stoul(col[1])));
    }
    void testXlsxFrozenHeaderAndWidths() {
        auto parts = unzip(xlsxBytes(sampleTemplate()));
        const std::string& sheet = parts.at("xl/worksheets/sheet1.xml");
        CPPUNIT_ASSERT(std::regex_search(sheet, std::regex("<pane [^>]*ySplit=\"1\"[^>]*state=\"frozen\"")));
        CPPUNIT_ASSERT(std::regex_search(sheet, std::regex("<col min=\"1\" max=\"1\" width=\"18")));
        CPPUNIT_ASSERT(std::regex_search(sheet, std::regex("<col min=\"2\" max=\"2\"[^>]*customWidth=\"1\"")));
    }
    void testXlsxInstructions() {
        auto parts = unzip(xlsxBytes(sampleTemplate()));
        const std::string& strings = parts.at("xl/sharedStrings.xml");
        CPPUNIT_ASSERT(contains(strings, "Número completo con el código de país, sin el signo +"));
        CPPUNIT_ASSERT(contains(strings, "Parámetro 1 de la plantilla: Cuerpo, variable {{1}}: nombre del cliente"));
        CPPUNIT_ASSERT(contains(strings, "Parámetro 2 de la plantilla: Cuerpo, variable {{2}}: número de caso"));
        CPPUNIT_ASSERT(contains(strings, "columnas para cargar metadatos de ticket"));
        CPPUNIT_ASSERT(contains(strings, "Sí/No: escribe 1 para sí y 0 para no."));
        CPPUNIT_ASSERT(contains(strings, "La plantilla lleva una imagen como encabezado"));
        CPPUNIT_ASSERT(parts.count("xl/worksheets/sheet2.xml") == 1);
    }
    void testXlsxWithoutImageHeaderOmitsNote() {
        FormatTemplate t = sampleTemplate();
        t.hasImageHeader = false;
        auto parts = unzip(xlsxBytes(t));
        CPPUNIT_ASSERT(!contains(parts.at("xl/sharedStrings.xml"), "imagen como encabezado"));
    }
    void testXlsxToPath() {
        Poco::TemporaryFile file;
        writeFormatXlsx(sampleTemplate(), file.path());
        std::ifstream in(file.path(), std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        CPPUNIT_ASSERT(bytes.starts_with("PK"));
        CPPUNIT_ASSERT(unzip(bytes).count("xl/worksheets/sheet1.xml") == 1);
    }
    void testXlsxUnwritablePathThrows() {
        CPPUNIT_ASSERT_THROW(writeFormatXlsx(sampleTemplate(), std::string("/nonexistent-dir/formato.xlsx")), std::runtime_error);
    }
    void testCsvBomHeaderAndExample() {
        std::ostringstream out;
        writeFormatCsv(sampleTemplate(), out);
        CPPUNIT_ASSERT_EQUAL(std::string("\xEF\xBB\xBFtelefono,nombre,numero_caso\r\n56912345678,María José,Ejemplo 2\r\n"),
                             out.str());
    }
    void testCsvQuoting() {
        FormatTemplate t;
        t.name = "x";
        t.parameters = {{"monto, en pesos", "", "$1.000"}, {"cita", "", "dijo \"hola\""}, {"nota", "", "a\nb"}};
        std::ostringstream out;
        writeFormatCsv(t, out);
        CPPUNIT_ASSERT_EQUAL(std::string("\xEF\xBB\xBFtelefono,\"monto, en pesos\",cita,nota\r\n"
                                         "56912345678,$1.000,\"dijo \"\"hola\"\"\",\"a\nb\"\r\n"),
                             out.str());
    }
    void testCsvNoParameters() {
        FormatTemplate t;
        t.name = "solo_texto";
        std::ostringstream out;
        writeFormatCsv(t, out);
        CPPUNIT_ASSERT_EQUAL(std::string("\xEF\xBB\xBFtelefono\r\n56912345678\r\n"), out.str());
    }
    void testFileName() {
        FormatTemplate t = sampleTemplate();
        CPPUNIT_ASSERT_EQUAL(std::string("formato_aviso_caso.xlsx"), formatFileName(t, "xlsx"));
        t.name = "../promo ñ";
        CPPUNIT_ASSERT_EQUAL(std::string("formato____promo___.csv"), formatFileName(t, "csv"));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(FormatFileTest);
