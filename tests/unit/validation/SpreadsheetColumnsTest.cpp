#include "validation/SpreadsheetColumns.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using campaigns::validation::columnLetter;

class SpreadsheetColumnsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SpreadsheetColumnsTest);
    CPPUNIT_TEST(testLetters);
    CPPUNIT_TEST(testZeroIsRejected);
    CPPUNIT_TEST_SUITE_END();

public:
    void testLetters() {
        CPPUNIT_ASSERT_EQUAL(std::string("A"), columnLetter(1));
        CPPUNIT_ASSERT_EQUAL(std::string("Z"), columnLetter(26));
        CPPUNIT_ASSERT_EQUAL(std::string("AA"), columnLetter(27));
        CPPUNIT_ASSERT_EQUAL(std::string("AZ"), columnLetter(52));
        CPPUNIT_ASSERT_EQUAL(std::string("BA"), columnLetter(53));
        CPPUNIT_ASSERT_EQUAL(std::string("XFD"), columnLetter(16384)); // Excel's last column
    }
    void testZeroIsRejected() { CPPUNIT_ASSERT_THROW(columnLetter(0), std::invalid_argument); }
};
CPPUNIT_TEST_SUITE_REGISTRATION(SpreadsheetColumnsTest);
