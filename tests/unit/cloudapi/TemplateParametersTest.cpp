#include "TemplateFixtures.h"
#include "cloudapi/TemplateModel.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::cloudapi;

class TemplateParametersTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TemplateParametersTest);
    CPPUNIT_TEST(testCouponExampleCountsHeaderAndBody);
    CPPUNIT_TEST(testImageHeaderUrlButtonAndCoupon);
    CPPUNIT_TEST(testNamedPlaceholdersInOrder);
    CPPUNIT_TEST(testPositionalSortedAndDistinct);
    CPPUNIT_TEST(testMalformedPlaceholdersIgnored);
    CPPUNIT_TEST(testTwoHeaderVariablesRefused);
    CPPUNIT_TEST(testNoParameters);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCouponExampleCountsHeaderAndBody() {
        const auto params = requiredParameters(parseTemplate(fixtures::kCouponReminder));
        // 1 header variable + 2 body variables; the URL button has no variable.
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), params.size());
        CPPUNIT_ASSERT(params[0].slot == ParameterSlot::HeaderText);
        CPPUNIT_ASSERT_EQUAL(std::string("encabezado"), params[0].column);
        CPPUNIT_ASSERT_EQUAL(std::string("1"), params[0].placeholder);
        CPPUNIT_ASSERT(params[1].slot == ParameterSlot::Body);
        CPPUNIT_ASSERT_EQUAL(std::string("parametro_1"), params[1].column);
        CPPUNIT_ASSERT_EQUAL(std::string("parametro_2"), params[2].column);
        CPPUNIT_ASSERT_EQUAL(std::string("2"), params[2].placeholder);
    }

    void testImageHeaderUrlButtonAndCoupon() {
        const auto params = requiredParameters(parseTemplate(fixtures::kSeasonalImage));
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), params.size());
        CPPUNIT_ASSERT(params[0].slot == ParameterSlot::HeaderMedia);
        CPPUNIT_ASSERT(!params[0].fromUploadFile());
        CPPUNIT_ASSERT_EQUAL(std::string("parametro_3"), params[3].column);
        CPPUNIT_ASSERT(params[4].slot == ParameterSlot::UrlButton);
        CPPUNIT_ASSERT_EQUAL(1, params[4].buttonIndex);
        CPPUNIT_ASSERT_EQUAL(std::string("boton_url_1"), params[4].column);
        CPPUNIT_ASSERT(params[5].slot == ParameterSlot::CopyCode);
        CPPUNIT_ASSERT_EQUAL(2, params[5].buttonIndex);
        CPPUNIT_ASSERT_EQUAL(std::string("codigo_cupon"), params[5].column);
    }

    void testNamedPlaceholdersInOrder() {
        const auto params = requiredParameters(parseTemplate(fixtures::kNamedOrder));
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), params.size());
        CPPUNIT_ASSERT_EQUAL(std::string("first_name"), params[0].placeholder);
        CPPUNIT_ASSERT_EQUAL(std::string("encabezado"), params[0].column);
        CPPUNIT_ASSERT_EQUAL(std::string("first_name"), params[1].column);
        CPPUNIT_ASSERT_EQUAL(std::string("order_number"), params[2].column);
        CPPUNIT_ASSERT_EQUAL(std::string("delivery_date"), params[3].column);
    }

    void testPositionalSortedAndDistinct() {
        const auto found = placeholdersIn("{{10}} {{2}} {{1}} {{2}}", ParameterFormat::Positional);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), found.size());
        CPPUNIT_ASSERT_EQUAL(std::string("1"), found[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("2"), found[1]);
        CPPUNIT_ASSERT_EQUAL(std::string("10"), found[2]);
    }

    void testMalformedPlaceholdersIgnored() {
        CPPUNIT_ASSERT(placeholdersIn("{{ 1 }} {{name}} {{0}} {{1", ParameterFormat::Positional).empty());
        const auto named = placeholdersIn("{{Name}} {{a_b}} {{a-b}} {{9x}}", ParameterFormat::Named);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), named.size());
        CPPUNIT_ASSERT_EQUAL(std::string("a_b"), named[0]);
    }

    void testTwoHeaderVariablesRefused() {
        const Template t = parseTemplate(
            R"({"name":"a","components":[{"type":"HEADER","format":"TEXT","text":"{{1}} {{2}}"},{"type":"BODY","text":"x"}]})");
        CPPUNIT_ASSERT_THROW(requiredParameters(t), TemplateParseError);
    }

    void testNoParameters() {
        const Template t = parseTemplate(
            R"({"name":"a","components":[{"type":"HEADER","format":"TEXT","text":"Hola"},{"type":"BODY","text":"Sin variables"}]})");
        CPPUNIT_ASSERT(requiredParameters(t).empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TemplateParametersTest);
