#include "Signature.h"

#include <cppunit/extensions/HelperMacros.h>

class SignatureTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SignatureTest);
    CPPUNIT_TEST(testRfc4231Vector);
    CPPUNIT_TEST(testHeaderFormat);
    CPPUNIT_TEST(testLongKeyIsHashedFirst);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRfc4231Vector() {
        // RFC 4231 test case 2.
        CPPUNIT_ASSERT_EQUAL(std::string("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
                             cloudsim::hmacSha256Hex("Jefe", "what do ya want for nothing?"));
    }

    void testHeaderFormat() {
        std::string header = cloudsim::signatureHeader("secret", "{}");
        CPPUNIT_ASSERT_EQUAL(std::string("sha256="), header.substr(0, 7));
        CPPUNIT_ASSERT_EQUAL(std::size_t(7 + 64), header.size());
        CPPUNIT_ASSERT(header != cloudsim::signatureHeader("other", "{}"));
    }

    void testLongKeyIsHashedFirst() {
        // RFC 4231 test case 6: a 131-byte key longer than the block size.
        std::string key(131, '\xaa');
        CPPUNIT_ASSERT_EQUAL(std::string("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
                             cloudsim::hmacSha256Hex(key, "Test Using Larger Than Block-Size Key - Hash Key First"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SignatureTest);
