#include "cloudapi/PayloadJson.h"

#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

using campaigns::cloudapi::appendJsonString;

namespace {
std::string quoted(std::string_view s) {
    std::string out;
    appendJsonString(out, s);
    return out;
}
std::string roundTrip(std::string_view s) {
    Poco::JSON::Parser parser;
    return parser.parse("[" + quoted(s) + "]").extract<Poco::JSON::Array::Ptr>()->getElement<std::string>(0);
}
} // namespace

class PayloadJsonTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PayloadJsonTest);
    CPPUNIT_TEST(testPlainText);
    CPPUNIT_TEST(testQuotesAndBackslashes);
    CPPUNIT_TEST(testControlCharacters);
    CPPUNIT_TEST(testNonAsciiCopiedAsIs);
    CPPUNIT_TEST(testInvalidUtf8Replaced);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPlainText() { CPPUNIT_ASSERT_EQUAL(std::string("\"Hola Ana\""), quoted("Hola Ana")); }

    void testQuotesAndBackslashes() {
        CPPUNIT_ASSERT_EQUAL(std::string(R"("di \"hola\" C:\\x")"), quoted(R"(di "hola" C:\x)"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"(di "hola" C:\x)"), roundTrip(R"(di "hola" C:\x)"));
    }

    void testControlCharacters() {
        CPPUNIT_ASSERT_EQUAL(std::string(R"("a\nb\tc\rd\u0001\u001f\b\f")"), quoted("a\nb\tc\rd\x01\x1f\b\f"));
        const std::string withNul("x\0y", 3);
        CPPUNIT_ASSERT_EQUAL(std::string(R"("x\u0000y")"), quoted(withNul));
        CPPUNIT_ASSERT_EQUAL(std::string("a\nb\x01"), roundTrip("a\nb\x01"));
    }

    void testNonAsciiCopiedAsIs() {
        const std::string s = "José Núñez — 25 % 🎉 日本";
        CPPUNIT_ASSERT_EQUAL("\"" + s + "\"", quoted(s));
        CPPUNIT_ASSERT_EQUAL(s, roundTrip(s));
    }

    void testInvalidUtf8Replaced() {
        CPPUNIT_ASSERT_EQUAL(std::string(R"("caf\ufffd")"), quoted("caf\xE9"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"("\ufffd\ufffd")"), quoted("\xC0\xAF"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"("a\ufffd\ufffd")"), quoted("a\xE2\x82"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PayloadJsonTest);
