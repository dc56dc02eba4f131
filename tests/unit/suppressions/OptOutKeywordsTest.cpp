// Opt-out keywords: what a customer's answer must be, once normalised, to stop their campaigns.
#include "suppressions/OptOutKeywords.h"

#include <cppunit/extensions/HelperMacros.h>

using campaigns::suppressions::OptOutKeywords;

class OptOutKeywordsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(OptOutKeywordsTest);
    CPPUNIT_TEST(normaliseFoldsCaseAccentsAndDecoration);
    CPPUNIT_TEST(defaultsMatchWholeAnswersOnly);
    CPPUNIT_TEST(settingReplacesTheDefaults);
    CPPUNIT_TEST(brokenUtf8IsNeverALetter);
    CPPUNIT_TEST_SUITE_END();

public:
    void normaliseFoldsCaseAccentsAndDecoration() {
        CPPUNIT_ASSERT_EQUAL(std::string("NO MAS"), OptOutKeywords::normalize("  no más  "));
        CPPUNIT_ASSERT_EQUAL(std::string("NO MAS"), OptOutKeywords::normalize("No\tMás!!"));
        CPPUNIT_ASSERT_EQUAL(std::string("BAJA"), OptOutKeywords::normalize("🙏 baja 🙏"));
        CPPUNIT_ASSERT_EQUAL(std::string("BAJA"), OptOutKeywords::normalize("Baja."));
        CPPUNIT_ASSERT_EQUAL(std::string("DETENER"), OptOutKeywords::normalize("DÉTENER"));
        CPPUNIT_ASSERT_EQUAL(std::string("ANO"), OptOutKeywords::normalize("año"));
        // A combining accent (e + U+0301) folds like the precomposed é.
        CPPUNIT_ASSERT_EQUAL(std::string("DETENER"), OptOutKeywords::normalize("de\xCC\x81tener"));
        // An emoji with a skin tone and a joiner leaves nothing behind.
        CPPUNIT_ASSERT_EQUAL(std::string("STOP"), OptOutKeywords::normalize("STOP \xF0\x9F\x91\x8B\xF0\x9F\x8F\xBD"));
        CPPUNIT_ASSERT_EQUAL(std::string(), OptOutKeywords::normalize(" \xE2\x9C\x8B "));
        CPPUNIT_ASSERT_EQUAL(std::string("NO MAS"), OptOutKeywords::normalize("no\xC2\xA0m\xC3\xA1s")); // no-break space
    }

    void defaultsMatchWholeAnswersOnly() {
        OptOutKeywords k;
        CPPUNIT_ASSERT_EQUAL(std::string("STOP"), k.match("stop").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("BAJA"), k.match("  BAJA 😡").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("NO MAS"), k.match("No más.").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("DETENER"), k.match("detener").value_or(""));
        CPPUNIT_ASSERT(!k.match("quiero la baja"));
        CPPUNIT_ASSERT(!k.match("no mas mensajes"));
        CPPUNIT_ASSERT(!k.match("stopp"));
        CPPUNIT_ASSERT(!k.match(""));
        CPPUNIT_ASSERT(!k.match("🙏"));
        CPPUNIT_ASSERT(!k.match(std::string(300, 'a')));
    }

    void settingReplacesTheDefaults() {
        auto words = OptOutKeywords::parseSetting(" Cancelar , SALIR,, ");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), words.size());
        OptOutKeywords k(words);
        CPPUNIT_ASSERT_EQUAL(std::string("SALIR"), k.match("salir").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("CANCELAR"), k.match("¡Cancelar!").value_or(""));
        CPPUNIT_ASSERT(!k.match("STOP"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), OptOutKeywords::parseSetting("").size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), OptOutKeywords::parseSetting(" , ").size());
    }

    void brokenUtf8IsNeverALetter() {
        CPPUNIT_ASSERT_EQUAL(std::string("BA JA"), OptOutKeywords::normalize("ba\xFFja"));
        CPPUNIT_ASSERT_EQUAL(std::string("BAJA"), OptOutKeywords::normalize("baja\xC3")); // truncated sequence
        OptOutKeywords k;
        CPPUNIT_ASSERT(!k.match("ba\xFFja"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OptOutKeywordsTest);
