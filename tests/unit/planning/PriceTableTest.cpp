// The price file: a good file becomes the table, each kind of bad line is reported in Spanish with
// its line number, and a bad file never replaces the table already loaded. Also the file the
// plugin ships, and the calling code of a phone.
#include "planning/CallingCodes.h"
#include "planning/PriceBook.h"
#include "planning/PriceTable.h"

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <sstream>

using namespace campaigns::planning;

namespace {

PriceTableParse parse(const std::string& text) {
    std::istringstream in(text);
    return parsePriceTable(in);
}

const char* const kGood =
    "# precios estimados\n"
    "fecha = 2026-07-01\n"
    "moneda = USD\n"
    "fuente = Meta\n"
    "\n"
    "56, CL, 0.0889, 0.0200, 0.0150\n"
    "1,US,0.025,0.0034,0.0135\r\n";

bool hasError(const PriceTableParse& p, const std::string& start) {
    for (const auto& e : p.errors)
        if (e.rfind(start, 0) == 0) return true;
    return false;
}

std::string joined(const PriceTableParse& p) {
    std::string all;
    for (const auto& e : p.errors) all += e + "\n";
    return all;
}

void write(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::trunc);
    out << text;
}

} // namespace

class PriceTableTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PriceTableTest);
    CPPUNIT_TEST(goodFileBecomesTheTable);
    CPPUNIT_TEST(eachBadLineIsNamedByItsNumber);
    CPPUNIT_TEST(missingDateAndCurrencyAreReported);
    CPPUNIT_TEST(badFileKeepsTheTableAlreadyLoaded);
    CPPUNIT_TEST(shippedFileParsesAndListsTheCountries);
    CPPUNIT_TEST(callingCodeOfAPhone);
    CPPUNIT_TEST_SUITE_END();

public:
    void goodFileBecomesTheTable() {
        const auto p = parse(kGood);
        CPPUNIT_ASSERT_MESSAGE(joined(p), p.table.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-07-01"), p.table->date);
        CPPUNIT_ASSERT_EQUAL(std::string("USD"), p.table->currency);
        CPPUNIT_ASSERT_EQUAL(std::string("Meta"), p.table->source);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), p.table->byCallingCode.size());
        const auto& cl = p.table->byCallingCode.at(56);
        CPPUNIT_ASSERT_EQUAL(std::string("CL"), cl.country);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0889, *cl.of("MARKETING"), 1e-12);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0200, *cl.of("UTILITY"), 1e-12);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0150, *cl.of("AUTHENTICATION"), 1e-12);
        CPPUNIT_ASSERT(!cl.of("SERVICE"));
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0135, *p.table->byCallingCode.at(1).of("AUTHENTICATION"), 1e-12);
    }

    void eachBadLineIsNamedByItsNumber() {
        const std::string text =
            "fecha = 2026-07-01\n"             // 1
            "moneda = USD\n"                   // 2
            "56, CL, 0.08, 0.02\n"             // 3: four fields
            "+54, AR, 0.06, 0.02, 0.02\n"      // 4: code with +
            "52, Mexico, 0.03, 0.008, 0.008\n" // 5: country not ISO
            "55, BR, 0,06, 0.006, 0.006\n"     // 6: decimal comma = six fields
            "57, CO, 0.01, -1, 0.001\n"        // 7: negative price
            "51, PE, 0.07, 0.02, abc\n"        // 8: not a number
            "56, CL, 0.08, 0.02, 0.02\n"       // 9: fine
            "56, CL, 0.09, 0.02, 0.02\n"       // 10: repeated code
            "precio = 3\n"                     // 11: unknown key
            "1000, XX, 1, 1, 1\n";             // 12: code too long
        const auto p = parse(text);
        CPPUNIT_ASSERT(!p.table);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(joined(p), std::size_t(9), p.errors.size());
        CPPUNIT_ASSERT_MESSAGE(joined(p), hasError(p, "Línea 3: se esperan 5 campos"));
        CPPUNIT_ASSERT_MESSAGE(joined(p), hasError(p, "Línea 4: el código de país «+54»"));
        CPPUNIT_ASSERT_MESSAGE(joined(p), hasError(p, "Línea 5: el país «Mexico»"));
        CPPUNIT_ASSERT_MESSAGE(joined(p), hasError(p, "Línea 6: se esperan 5 campos"));
        CPPUNIT_ASSERT_MESSAGE(joined(p), hasError(p, "Línea 7: el precio UTILITY «-1»"));
        CPPUNIT_ASSERT_MESSAGE(joined(p), hasError(p, "Línea 8: el precio AUTHENTICATION «abc»"));
        CPPUNIT_ASSERT_MESSAGE(joined(p), hasError(p, "Línea 10: el código de país 56 ya tiene precios en la línea 9"));
        CPPUNIT_ASSERT_MESSAGE(joined(p), hasError(p, "Línea 11: clave desconocida «precio»"));
        CPPUNIT_ASSERT_MESSAGE(joined(p), hasError(p, "Línea 12: el código de país «1000»"));
    }

    void missingDateAndCurrencyAreReported() {
        const auto p = parse("fecha = 1-7-2026\n56, CL, 0.08, 0.02, 0.02\n");
        CPPUNIT_ASSERT(!p.table);
        CPPUNIT_ASSERT_MESSAGE(joined(p), hasError(p, "Línea 1: la fecha «1-7-2026» no tiene la forma AAAA-MM-DD"));
        CPPUNIT_ASSERT_MESSAGE(joined(p), hasError(p, "Falta la línea «moneda"));
        CPPUNIT_ASSERT_MESSAGE(joined(p), hasError(p, "Falta la línea «fecha"));
        const auto empty = parse("fecha = 2026-07-01\nmoneda = CLP\n# nada\n");
        CPPUNIT_ASSERT(!empty.table);
        CPPUNIT_ASSERT_MESSAGE(joined(empty), hasError(empty, "El archivo no tiene ninguna línea de precios"));
    }

    void badFileKeepsTheTableAlreadyLoaded() {
        Poco::TemporaryFile file;
        write(file.path(), kGood);
        PriceBook book(file.path(), Poco::Logger::get("test"));
        CPPUNIT_ASSERT(book.table());
        CPPUNIT_ASSERT(book.lastErrors().empty());
        write(file.path(), "fecha = 2026-08-01\nmoneda = USD\n56, CL, caro, 0.02, 0.02\n");
        const auto errors = book.reload();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT(errors[0].rfind("Línea 3:", 0) == 0);
        // The old figures stay in use; the errors are kept for the plan to show.
        CPPUNIT_ASSERT(book.table());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-07-01"), book.table()->date);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(0.0889, book.table()->byCallingCode.at(56).marketing, 1e-12);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), book.lastErrors().size());
        // A good file replaces it and clears the errors.
        write(file.path(), "fecha = 2026-09-01\nmoneda = USD\n56, CL, 0.1, 0.02, 0.02\n");
        CPPUNIT_ASSERT(book.reload().empty());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-09-01"), book.table()->date);
        // A file that disappears keeps the table too.
        Poco::File(file.path()).remove();
        CPPUNIT_ASSERT(!book.reload().empty());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-09-01"), book.table()->date);
    }

    void shippedFileParsesAndListsTheCountries() {
        std::ifstream in(std::string(CAMPAIGNS_SOURCE_DIR) + "/prices/whatsapp-prices.txt");
        CPPUNIT_ASSERT(in.good());
        const auto p = parsePriceTable(in);
        CPPUNIT_ASSERT_MESSAGE(joined(p), p.table.has_value());
        for (int code : {56, 54, 52, 55, 57, 51, 34, 1})
            CPPUNIT_ASSERT_MESSAGE(std::to_string(code), p.table->byCallingCode.count(code) == 1);
        CPPUNIT_ASSERT_EQUAL(std::string("CL"), p.table->byCallingCode.at(56).country);
        CPPUNIT_ASSERT(!p.table->date.empty());
        CPPUNIT_ASSERT(!p.table->source.empty());
    }

    void callingCodeOfAPhone() {
        CPPUNIT_ASSERT_EQUAL(56, callingCodeOf("56912345678").code);
        CPPUNIT_ASSERT_EQUAL(std::string("CL"), callingCodeOf("56912345678").region);
        CPPUNIT_ASSERT_EQUAL(1, callingCodeOf("12025550123").code);
        CPPUNIT_ASSERT_EQUAL(54, callingCodeOf("5491123456789").code);
        CPPUNIT_ASSERT_EQUAL(34, callingCodeOf("346").code);
        CPPUNIT_ASSERT_EQUAL(0, callingCodeOf("0123").code);
        CPPUNIT_ASSERT_EQUAL(0, callingCodeOf("").code);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PriceTableTest);
