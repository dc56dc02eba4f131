#include "validation/PhoneIndex.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using campaigns::validation::PhoneIndex;

class PhoneIndexTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PhoneIndexTest);
    CPPUNIT_TEST(testFirstRowIsRemembered);
    CPPUNIT_TEST(testGrowsPastManyKeys);
    CPPUNIT_TEST(testZeroKeyRejected);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFirstRowIsRemembered() {
        PhoneIndex index;
        CPPUNIT_ASSERT_EQUAL(0u, index.insertOrFind(56912345678ULL, 3));
        CPPUNIT_ASSERT_EQUAL(3u, index.insertOrFind(56912345678ULL, 12));
        CPPUNIT_ASSERT_EQUAL(3u, index.insertOrFind(56912345678ULL, 20));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), index.size());
    }
    void testGrowsPastManyKeys() {
        PhoneIndex index;
        for (std::uint32_t i = 1; i <= 200000; ++i) CPPUNIT_ASSERT_EQUAL(0u, index.insertOrFind(56900000000ULL + i, i + 1));
        for (std::uint32_t i = 1; i <= 200000; i += 997) CPPUNIT_ASSERT_EQUAL(i + 1, index.insertOrFind(56900000000ULL + i, 1));
        CPPUNIT_ASSERT_EQUAL(std::size_t(200000), index.size());
    }
    void testZeroKeyRejected() {
        PhoneIndex index;
        CPPUNIT_ASSERT_THROW(index.insertOrFind(0, 2), std::invalid_argument);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(PhoneIndexTest);
