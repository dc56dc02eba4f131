#include "uploads/XlsxNumber.h"

#include <cppunit/extensions/HelperMacros.h>

using campaigns::uploads::normalizeXlsxNumber;

namespace {
std::string normalized(const std::string& stored) {
    std::string out;
    normalizeXlsxNumber(stored, out);
    return out;
}
} // namespace

class XlsxNumberTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(XlsxNumberTest);
    CPPUNIT_TEST(testIntegersKeepEveryDigit);
    CPPUNIT_TEST(testScientificIntegralBecomesDigits);
    CPPUNIT_TEST(testFractionsUseShortestDecimal);
    CPPUNIT_TEST(testHugeAndTinyKeepScientific);
    CPPUNIT_TEST(testNonNumbersPassThrough);
    CPPUNIT_TEST_SUITE_END();

public:
    void testIntegersKeepEveryDigit() {
        CPPUNIT_ASSERT_EQUAL(std::string("56912345678"), normalized("56912345678"));
        // Beyond 2^53 a double would change digits; plain integer text is never converted.
        CPPUNIT_ASSERT_EQUAL(std::string("123456789012345678901"), normalized("123456789012345678901"));
        CPPUNIT_ASSERT_EQUAL(std::string("-7"), normalized("-7"));
    }
    void testScientificIntegralBecomesDigits() {
        CPPUNIT_ASSERT_EQUAL(std::string("56912345678"), normalized("5.6912345678E+10"));
        CPPUNIT_ASSERT_EQUAL(std::string("56912345678"), normalized("5.6912345678e10"));
        CPPUNIT_ASSERT_EQUAL(std::string("56912345678"), normalized("56912345678.0"));
        CPPUNIT_ASSERT_EQUAL(std::string("9007199254740991"), normalized("9.007199254740991E+15"));
    }
    void testFractionsUseShortestDecimal() {
        CPPUNIT_ASSERT_EQUAL(std::string("0.1"), normalized("0.10000000000000001"));
        CPPUNIT_ASSERT_EQUAL(std::string("3.25"), normalized("3.25"));
        CPPUNIT_ASSERT_EQUAL(std::string("-0.0015"), normalized("-1.5E-3"));
    }
    void testHugeAndTinyKeepScientific() {
        CPPUNIT_ASSERT_EQUAL(std::string("1e+300"), normalized("1E+300"));
        CPPUNIT_ASSERT_EQUAL(std::string("1e-09"), normalized("1E-9"));
    }
    void testNonNumbersPassThrough() {
        CPPUNIT_ASSERT_EQUAL(std::string("abc"), normalized("abc"));
        CPPUNIT_ASSERT_EQUAL(std::string("12abc"), normalized("12abc"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(XlsxNumberTest);
