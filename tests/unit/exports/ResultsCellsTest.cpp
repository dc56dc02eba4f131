#include "exports/ResultsExport.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using namespace campaigns::exports;

class ResultsCellsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ResultsCellsTest);
    CPPUNIT_TEST(entryStatesMapToSeedWordsAndHonestOthers);
    CPPUNIT_TEST(progressMapsToWhatsAppState);
    CPPUNIT_TEST(everyFormulaLeadingCharacterIsNeutralised);
    CPPUNIT_TEST(harmlessTextIsUnchanged);
    CPPUNIT_TEST(paramsParseStringsNumbersAndNull);
    CPPUNIT_TEST(paramsThatAreNotAnArrayThrow);
    CPPUNIT_TEST(cellsFollowHeaderAndPadParameters);
    CPPUNIT_TEST(extraParameterValuesAreKept);
    CPPUNIT_TEST(fileNameIsSafe);
    CPPUNIT_TEST_SUITE_END();

public:
    void entryStatesMapToSeedWordsAndHonestOthers() {
        CPPUNIT_ASSERT_EQUAL(std::string("received"), resultStatus("accepted"));
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), resultStatus("failed"));
        CPPUNIT_ASSERT_EQUAL(std::string("pending"), resultStatus("queued"));
        CPPUNIT_ASSERT_EQUAL(std::string("suppressed"), resultStatus("suppressed"));
        CPPUNIT_ASSERT_EQUAL(std::string("deferred"), resultStatus("deferred"));
        CPPUNIT_ASSERT_EQUAL(std::string("pending"), resultStatus("dispatching"));
        CPPUNIT_ASSERT_EQUAL(std::string("unknown"), resultStatus("unknown"));
        CPPUNIT_ASSERT_EQUAL(std::string("cancelled"), resultStatus("cancelled"));
    }
    void progressMapsToWhatsAppState() {
        CPPUNIT_ASSERT_EQUAL(std::string(""), whatsappState(0, false));
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), whatsappState(1, false));
        CPPUNIT_ASSERT_EQUAL(std::string("delivered"), whatsappState(2, false));
        CPPUNIT_ASSERT_EQUAL(std::string("read"), whatsappState(3, false));
        CPPUNIT_ASSERT_EQUAL(std::string("replied"), whatsappState(4, false));
        CPPUNIT_ASSERT_EQUAL(std::string("addressed"), whatsappState(5, false));
        // Undeliverable after acceptance wins over how far it got.
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), whatsappState(1, true));
    }
    void everyFormulaLeadingCharacterIsNeutralised() {
        for (std::string lead : {"=", "+", "-", "@", "\t", "\r"}) {
            const std::string cell = lead + "SUM(A1)";
            CPPUNIT_ASSERT_MESSAGE(lead, startsLikeFormula(cell));
            CPPUNIT_ASSERT_EQUAL("'" + cell, neutralised(cell));
        }
    }
    void harmlessTextIsUnchanged() {
        for (std::string cell : {"", "56912345678", "Juan", " =no", "'ya", "1-2"}) {
            CPPUNIT_ASSERT(!startsLikeFormula(cell));
            CPPUNIT_ASSERT_EQUAL(cell, neutralised(cell));
        }
    }
    void paramsParseStringsNumbersAndNull() {
        const auto v = parseParams(R"(["Ana \"la\" ñ", 42, null, "=1+1"])");
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), v.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Ana \"la\" ñ"), v[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("42"), v[1]);
        CPPUNIT_ASSERT_EQUAL(std::string(""), v[2]);
        CPPUNIT_ASSERT_EQUAL(std::string("=1+1"), v[3]);
        CPPUNIT_ASSERT(parseParams("[]").empty());
    }
    void paramsThatAreNotAnArrayThrow() {
        CPPUNIT_ASSERT_THROW(parseParams(R"({"a":1})"), std::runtime_error);
        CPPUNIT_ASSERT_THROW(parseParams("[\"cut"), std::runtime_error);
    }
    void cellsFollowHeaderAndPadParameters() {
        ResultEntry e;
        e.entryId = 7;
        e.rowNo = 2;
        e.phone = "56912345678";
        e.state = "accepted";
        e.progress = 3;
        e.ticketId = 99;
        e.created = "2026-01-02T03:04:05Z";
        e.updated = "2026-01-02T03:05:00Z";
        e.paramsJson = R"(["Ana"])";
        std::vector<ResultCell> cells;
        resultCells(12, e, 2, cells);
        const auto header = resultsHeader({"nombre", "caso"});
        CPPUNIT_ASSERT_EQUAL(header.size(), cells.size());
        CPPUNIT_ASSERT_EQUAL(std::string("recipient"), header[3]);
        CPPUNIT_ASSERT_EQUAL(std::string("12"), cells[0].text);
        CPPUNIT_ASSERT(cells[0].number && cells[1].number && cells[2].number);
        CPPUNIT_ASSERT_EQUAL(std::string("56912345678"), cells[3].text);
        CPPUNIT_ASSERT(!cells[3].number); // a phone is text, never a number
        CPPUNIT_ASSERT_EQUAL(std::string("received"), cells[4].text);
        CPPUNIT_ASSERT_EQUAL(std::string("read"), cells[5].text);
        CPPUNIT_ASSERT_EQUAL(std::string(""), cells[6].text); // no error code
        CPPUNIT_ASSERT_EQUAL(std::string("99"), cells[8].text);
        CPPUNIT_ASSERT(cells[8].number);
        CPPUNIT_ASSERT_EQUAL(std::string("0"), cells[11].text); // retry_attempt: the first send
        CPPUNIT_ASSERT_EQUAL(std::string("Ana"), cells[12].text);
        CPPUNIT_ASSERT_EQUAL(std::string(""), cells[13].text);
    }
    void extraParameterValuesAreKept() {
        ResultEntry e;
        e.state = "failed";
        e.errorCode = 131026;
        e.paramsJson = R"(["a","b","c"])";
        std::vector<ResultCell> cells;
        resultCells(1, e, 1, cells);
        CPPUNIT_ASSERT_EQUAL(std::size_t(12 + 3), cells.size());
        CPPUNIT_ASSERT_EQUAL(std::string("131026"), cells[6].text);
        CPPUNIT_ASSERT_EQUAL(std::string("c"), cells[14].text);
    }
    void fileNameIsSafe() {
        CPPUNIT_ASSERT_EQUAL(std::string("campana-15-resultados.csv"), resultsFileName(15, "csv"));
        CPPUNIT_ASSERT_EQUAL(std::string("parametro_2"), genericParameterColumns(2)[1]);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ResultsCellsTest);
