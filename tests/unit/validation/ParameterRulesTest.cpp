#include "validation/ParameterRules.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::validation;

class ParameterRulesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ParameterRulesTest);
    CPPUNIT_TEST(testPlainTextIsValid);
    CPPUNIT_TEST(testNewlineAndTabRejected);
    CPPUNIT_TEST(testSpacesRun);
    CPPUNIT_TEST(testLengthCountsCharactersNotBytes);
    CPPUNIT_TEST(testTrimCell);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPlainTextIsValid() { CPPUNIT_ASSERT(!checkBodyParameter("María José, caso #123")); }
    void testNewlineAndTabRejected() {
        CPPUNIT_ASSERT_EQUAL(std::string("no puede tener saltos de línea"), *checkBodyParameter("Hola\nMaría"));
        CPPUNIT_ASSERT_EQUAL(std::string("no puede tener tabulaciones"), *checkBodyParameter("Hola\tMaría"));
    }
    void testSpacesRun() {
        CPPUNIT_ASSERT(!checkBodyParameter("a    b")); // four is allowed
        CPPUNIT_ASSERT_EQUAL(std::string("no puede tener más de 4 espacios seguidos"), *checkBodyParameter("a     b"));
    }
    void testLengthCountsCharactersNotBytes() {
        std::string accents;
        for (int i = 0; i < 1024; ++i) accents += "ñ"; // 2048 bytes, 1024 characters
        CPPUNIT_ASSERT(!checkBodyParameter(accents));
        CPPUNIT_ASSERT_EQUAL(std::string("tiene 1025 caracteres y el máximo es 1024"), *checkBodyParameter(accents + "a"));
        CPPUNIT_ASSERT_EQUAL(std::string("tiene 4 caracteres y el máximo es 3"), *bodyParameterRule(3)("abcd"));
    }
    void testTrimCell() {
        CPPUNIT_ASSERT_EQUAL(std::string("Ana"), std::string(trimCell(" \xC2\xA0"
                                                                      "Ana \r\n")));
        CPPUNIT_ASSERT_EQUAL(std::string(), std::string(trimCell("  \t ")));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ParameterRulesTest);
