#include "cloudapi/PayloadJson.h"
#include "cloudapi/TemplateModel.h"
#include "cloudapi/Utf8Text.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::cloudapi;

namespace {
std::size_t lengthAtStart(std::string_view s) { return utf8SequenceLength(s, 0); }
std::string quoted(std::string_view s) {
    std::string out;
    appendJsonString(out, s);
    return out;
}
} // namespace

// The UTF-8 edge cases the payload writer and the template model's parameter check both rely on,
// answered by the one decoder they share (cloudapi/Utf8Text.h).
class Utf8TextTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(Utf8TextTest);
    CPPUNIT_TEST(validSequencesHaveTheirLength);
    CPPUNIT_TEST(emojiAreOneCodePointOfFourBytes);
    CPPUNIT_TEST(invalidSequencesHaveNoLength);
    CPPUNIT_TEST(cutSequencesAreInvalid);
    CPPUNIT_TEST(bothCallersAgree);
    CPPUNIT_TEST_SUITE_END();

public:
    void validSequencesHaveTheirLength() {
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lengthAtStart("a"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), lengthAtStart(std::string_view("\0", 1)));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), lengthAtStart("\xC3\xA9"));         // é
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), lengthAtStart("\xE2\x82\xAC"));     // €
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), lengthAtStart("\xED\x9F\xBF"));     // U+D7FF, just below the surrogates
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), lengthAtStart("\xEF\xBF\xBF"));     // U+FFFF
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), lengthAtStart("\xF4\x8F\xBF\xBF")); // U+10FFFF, the last code point
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), utf8SequenceLength("a\xC3\xA9", 1));
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), *utf8CodePoints("José Ñ"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), *utf8CodePoints(""));
    }

    void emojiAreOneCodePointOfFourBytes() {
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), lengthAtStart("🎉"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), *utf8CodePoints("🎉"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), *utf8CodePoints("Hola 😀"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), *utf8CodePoints("👍🏽")); // thumbs up + skin tone modifier
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), *utf8CodePoints("🇨🇱"));       // a flag: two regional indicators
    }

    void invalidSequencesHaveNoLength() {
        for (std::string_view bad : {
                 std::string_view("\x80"),                 // a continuation byte alone
                 std::string_view("\xE9"),                 // Windows-1252 é
                 std::string_view("\xC0\xAF"),             // overlong '/'
                 std::string_view("\xC1\xBF"),             // overlong
                 std::string_view("\xE0\x80\xAF"),         // overlong, 3 bytes
                 std::string_view("\xF0\x80\x80\xAF"),     // overlong, 4 bytes
                 std::string_view("\xED\xA0\x80"),         // U+D800, a surrogate
                 std::string_view("\xED\xBF\xBF"),         // U+DFFF, a surrogate
                 std::string_view("\xF4\x90\x80\x80"),     // past U+10FFFF
                 std::string_view("\xF5\x80\x80\x80"),     // lead byte past U+10FFFF
                 std::string_view("\xF8\x88\x80\x80\x80"), // 5-byte form
                 std::string_view("\xFF"),
                 std::string_view("\xE2\x28\xA1"),     // second byte is not a continuation
                 std::string_view("\xF0\x9F\x98\x41"), // fourth byte is not a continuation
             }) {
            CPPUNIT_ASSERT_EQUAL(std::size_t(0), lengthAtStart(bad));
            CPPUNIT_ASSERT(!utf8CodePoints(bad));
        }
        CPPUNIT_ASSERT(!utf8CodePoints("bien hasta aqu\xED"));
    }

    void cutSequencesAreInvalid() {
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), lengthAtStart("\xF0\x9F\x98")); // an emoji without its last byte
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), lengthAtStart("\xE2\x82"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), lengthAtStart("\xC3"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), utf8SequenceLength("ok\xF0\x9F", 2));
        CPPUNIT_ASSERT(!utf8CodePoints("Hola \xF0\x9F\x98"));
    }

    // The payload writer replaces each byte the decoder refuses and copies what it accepts; the
    // template model refuses a value the decoder refuses and counts emoji as one character.
    void bothCallersAgree() {
        CPPUNIT_ASSERT_EQUAL(std::string("\"🎉\""), quoted("🎉"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"("\ufffd\ufffd\ufffd")"), quoted("\xF0\x9F\x98"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"("\ufffd\ufffd\ufffd")"), quoted("\xED\xA0\x80"));
        CPPUNIT_ASSERT_EQUAL(std::string("\"\\ufffd🎉\""), quoted("\x80🎉"));
        CPPUNIT_ASSERT(!validateParameterValue("🎉"));
        CPPUNIT_ASSERT(validateParameterValue("\xF0\x9F\x98"));
        CPPUNIT_ASSERT(validateParameterValue("\xED\xA0\x80"));
        // 60 emoji are 60 characters (240 bytes): within a header value's cap of 60.
        std::string sixty;
        for (int i = 0; i < 60; ++i) sixty += "😀";
        CPPUNIT_ASSERT(!validateParameterValue(sixty, ParameterSlot::HeaderText));
        CPPUNIT_ASSERT(validateParameterValue(sixty + "😀", ParameterSlot::HeaderText));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(Utf8TextTest);
