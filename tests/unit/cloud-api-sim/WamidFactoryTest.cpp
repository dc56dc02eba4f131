#include "WamidFactory.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>

class WamidFactoryTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(WamidFactoryTest);
    CPPUNIT_TEST(testUniqueAndPrefixed);
    CPPUNIT_TEST(testRecipientReadBack);
    CPPUNIT_TEST(testTwoFactoriesDiffer);
    CPPUNIT_TEST_SUITE_END();

public:
    void testUniqueAndPrefixed() {
        cloudsim::WamidFactory factory;
        std::set<std::string> ids;
        for (int i = 0; i < 10000; ++i) {
            auto id = factory.next("5511987654321");
            CPPUNIT_ASSERT_EQUAL(std::string("wamid."), id.substr(0, 6));
            ids.insert(id);
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(10000), ids.size());
    }

    void testRecipientReadBack() {
        cloudsim::WamidFactory factory;
        CPPUNIT_ASSERT_EQUAL(std::string("5511987654321"), cloudsim::WamidFactory::recipientOf(factory.next("5511987654321")));
        CPPUNIT_ASSERT_EQUAL(std::string(), cloudsim::WamidFactory::recipientOf("wamid.!!!"));
        CPPUNIT_ASSERT_EQUAL(std::string(), cloudsim::WamidFactory::recipientOf("other"));
    }

    void testTwoFactoriesDiffer() {
        cloudsim::WamidFactory a, b;
        CPPUNIT_ASSERT(a.next("1") != b.next("1"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WamidFactoryTest);
