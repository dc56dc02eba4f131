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
    CPPUNIT_TEST(testOlderIterationCountsNeedARehash);
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

    void testOlderIterationCountsNeedARehash() {
        const auto old = hashPassword("clave", 120000);
        CPPUNIT_ASSERT(verifyPassword("clave", old.hash, old.salt));
        CPPUNIT_ASSERT_EQUAL(120000, hashIterations(old.hash));
        CPPUNIT_ASSERT(needsRehash(old.hash));
        const auto fresh = hashPassword("clave");
        CPPUNIT_ASSERT_EQUAL(600000, hashIterations(fresh.hash));
        CPPUNIT_ASSERT(!needsRehash(fresh.hash));
        // A corrupt count never makes a login spend minutes hashing.
        CPPUNIT_ASSERT_EQUAL(0, hashIterations("pbkdf2-sha256$2000000000$00"));
        CPPUNIT_ASSERT(!verifyPassword("clave", "pbkdf2-sha256$2000000000$00", old.salt));
        CPPUNIT_ASSERT_EQUAL(0, hashIterations("pbkdf2-sha256$-5$00"));
        CPPUNIT_ASSERT_EQUAL(0, hashIterations("plain"));
    }

    void testHashIsSlowEnough() {
        auto h = hashPassword("x");
        CPPUNIT_ASSERT_EQUAL(0, static_cast<int>(h.hash.rfind("pbkdf2-sha256$", 0)));
        const int iterations = std::stoi(h.hash.substr(14, h.hash.find('$', 14) - 14));
        CPPUNIT_ASSERT(iterations >= 600000); // OWASP's figure for PBKDF2-HMAC-SHA256
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
