#include "validation/MatchKey.h"

#include <cppunit/extensions/HelperMacros.h>

using campaigns::validation::matchKey;

class MatchKeyTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MatchKeyTest);
    CPPUNIT_TEST(testAccentsAndCase);
    CPPUNIT_TEST(testSeparatorsAreEquivalent);
    CPPUNIT_TEST(testDifferentWordsStayDifferent);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAccentsAndCase() {
        CPPUNIT_ASSERT_EQUAL(std::string("numero de caso"), matchKey("Número de caso"));
        CPPUNIT_ASSERT_EQUAL(std::string("numero de caso"), matchKey("NÚMERO DE CASO"));
        CPPUNIT_ASSERT_EQUAL(std::string("telefono"), matchKey("Teléfono"));
        CPPUNIT_ASSERT_EQUAL(std::string("ano nino"), matchKey("Año NIÑO"));
        CPPUNIT_ASSERT_EQUAL(std::string("aeiouu"), matchKey("ÁÉÍÓÚÜ"));
    }
    void testSeparatorsAreEquivalent() {
        CPPUNIT_ASSERT_EQUAL(std::string("cliente vip"), matchKey("CLIENTE_VIP"));
        CPPUNIT_ASSERT_EQUAL(std::string("cliente vip"), matchKey("  cliente-vip "));
        CPPUNIT_ASSERT_EQUAL(std::string("cliente vip"), matchKey("cliente \xC2\xA0 _ vip"));
    }
    void testDifferentWordsStayDifferent() {
        CPPUNIT_ASSERT(matchKey("clientevip") != matchKey("cliente vip"));
        CPPUNIT_ASSERT(matchKey("caso") != matchKey("casó 2"));
        // Characters outside Latin-1 are kept as they are.
        CPPUNIT_ASSERT_EQUAL(std::string("\xE2\x82\xAC"), matchKey("\xE2\x82\xAC"));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(MatchKeyTest);
