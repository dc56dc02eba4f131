#include "Crypto.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace refhost::crypto;

class CryptoTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CryptoTest);
    CPPUNIT_TEST(testPasswordRoundTrip);
    CPPUNIT_TEST(testSaltMakesHashesDiffer);
    CPPUNIT_TEST(testHashIsSlowEnough);
    CPPUNIT_TEST(testTamperedOrWeakHashRefused);
    CPPUNIT_TEST(testRandomAndDigest);
    CPPUNIT_TEST(testConstantTimeEquals);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPasswordRoundTrip() {
        auto h = hashPassword("s3creta ñ");
        CPPUNIT_ASSERT(verifyPassword("s3creta ñ", h.hash, h.salt));
        CPPUNIT_ASSERT(!verifyPassword("s3creta n", h.hash, h.salt));
        CPPUNIT_ASSERT(!verifyPassword("", h.hash, h.salt));
    }

    void testSaltMakesHashesDiffer() {
        auto a = hashPassword("igual");
        auto b = hashPassword("igual");
        CPPUNIT_ASSERT(a.salt != b.salt);
        CPPUNIT_ASSERT(a.hash != b.hash);
        CPPUNIT_ASSERT(!verifyPassword("igual", a.hash, b.salt));
    }

    void testHashIsSlowEnough() {
        auto h = hashPassword("x");
        CPPUNIT_ASSERT_EQUAL(0, static_cast<int>(h.hash.rfind("pbkdf2-sha256$", 0)));
        const int iterations = std::stoi(h.hash.substr(14, h.hash.find('$', 14) - 14));
        CPPUNIT_ASSERT(iterations >= 100000);
        CPPUNIT_ASSERT_THROW(hashPassword("x", 1000), std::invalid_argument);
    }

    void testTamperedOrWeakHashRefused() {
        auto h = hashPassword("clave");
        std::string tampered = h.hash;
        tampered.back() = tampered.back() == '0' ? '1' : '0';
        CPPUNIT_ASSERT(!verifyPassword("clave", tampered, h.salt));
        // Rewriting the iteration count must not let a cheaper hash pass.
        std::string weak = "pbkdf2-sha256$1$" + h.hash.substr(h.hash.rfind('$') + 1);
        CPPUNIT_ASSERT(!verifyPassword("clave", weak, h.salt));
        CPPUNIT_ASSERT(!verifyPassword("clave", "plain", h.salt));
    }

    void testRandomAndDigest() {
        auto a = randomHex(32);
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), a.size());
        CPPUNIT_ASSERT(a != randomHex(32));
        CPPUNIT_ASSERT_EQUAL(std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), sha256Hex("abc"));
    }

    void testConstantTimeEquals() {
        CPPUNIT_ASSERT(constantTimeEquals("abc", "abc"));
        CPPUNIT_ASSERT(!constantTimeEquals("abc", "abd"));
        CPPUNIT_ASSERT(!constantTimeEquals("abc", "abcd"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CryptoTest);
