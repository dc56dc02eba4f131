#include "cloudapi/TemplateModel.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::cloudapi;

class ParameterValueTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ParameterValueTest);
    CPPUNIT_TEST(testOrdinaryValuesAccepted);
    CPPUNIT_TEST(testEmptyAndBlankRefused);
    CPPUNIT_TEST(testNewlineAndTabRefused);
    CPPUNIT_TEST(testFiveSpacesRefused);
    CPPUNIT_TEST(testLengthCountsCharactersNotBytes);
    CPPUNIT_TEST(testSlotCaps);
    CPPUNIT_TEST(testInvalidUtf8Refused);
    CPPUNIT_TEST_SUITE_END();

public:
    void testOrdinaryValuesAccepted() {
        CPPUNIT_ASSERT(!validateParameterValue("José Núñez"));
        CPPUNIT_ASSERT(!validateParameterValue("a    b")); // four spaces are allowed
        CPPUNIT_ASSERT(!validateParameterValue("25% \"off\" 🎉"));
    }

    void testEmptyAndBlankRefused() {
        CPPUNIT_ASSERT_EQUAL(std::string("El valor está vacío"), *validateParameterValue(""));
        CPPUNIT_ASSERT_EQUAL(std::string("El valor está vacío"), *validateParameterValue("   "));
    }

    void testNewlineAndTabRefused() {
        const std::string reason = "El valor no puede contener saltos de línea ni tabulaciones";
        CPPUNIT_ASSERT_EQUAL(reason, *validateParameterValue("a\nb"));
        CPPUNIT_ASSERT_EQUAL(reason, *validateParameterValue("a\tb"));
        CPPUNIT_ASSERT_EQUAL(reason, *validateParameterValue("a\r\nb"));
    }

    void testFiveSpacesRefused() {
        CPPUNIT_ASSERT_EQUAL(std::string("El valor no puede tener más de cuatro espacios seguidos"),
                             *validateParameterValue("a     b"));
    }

    void testLengthCountsCharactersNotBytes() {
        std::string accented;
        for (int i = 0; i < 1024; ++i) accented += "é"; // 2048 bytes, 1024 characters
        CPPUNIT_ASSERT(!validateParameterValue(accented));
        accented += "x";
        CPPUNIT_ASSERT_EQUAL(std::string("El valor supera el máximo de 1024 caracteres"), *validateParameterValue(accented));
    }

    void testSlotCaps() {
        CPPUNIT_ASSERT(validateParameterValue(std::string(61, 'a'), ParameterSlot::HeaderText));
        CPPUNIT_ASSERT(!validateParameterValue(std::string(60, 'a'), ParameterSlot::HeaderText));
        CPPUNIT_ASSERT(validateParameterValue("1234567890123456", ParameterSlot::CopyCode));
        CPPUNIT_ASSERT(!validateParameterValue("250FF", ParameterSlot::CopyCode));
        CPPUNIT_ASSERT_EQUAL(std::string("La parte variable de la URL no puede contener espacios"),
                             *validateParameterValue("a b", ParameterSlot::UrlButton));
    }

    void testInvalidUtf8Refused() {
        const std::string reason = "El valor contiene caracteres no válidos (no es texto UTF-8)";
        CPPUNIT_ASSERT_EQUAL(reason, *validateParameterValue("caf\xE9"));      // Windows-1252 é
        CPPUNIT_ASSERT_EQUAL(reason, *validateParameterValue("\xC0\xAF"));     // overlong
        CPPUNIT_ASSERT_EQUAL(reason, *validateParameterValue("\xED\xA0\x80")); // surrogate
        CPPUNIT_ASSERT_EQUAL(reason, *validateParameterValue("ab\xE2\x82"));   // truncated
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ParameterValueTest);
