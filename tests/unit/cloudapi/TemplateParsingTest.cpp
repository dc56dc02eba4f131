#include "TemplateFixtures.h"
#include "cloudapi/TemplateModel.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::cloudapi;

class TemplateParsingTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TemplateParsingTest);
    CPPUNIT_TEST(testCouponExampleFields);
    CPPUNIT_TEST(testIntegerIdKeepsAllDigits);
    CPPUNIT_TEST(testButtonsKeepTheirIndex);
    CPPUNIT_TEST(testNamedFormat);
    CPPUNIT_TEST(testDefaultsToPositional);
    CPPUNIT_TEST(testMediaHeaders);
    CPPUNIT_TEST(testFloatingIdRefused);
    CPPUNIT_TEST(testMissingBodyRefused);
    CPPUNIT_TEST(testBrokenJsonRefused);
    CPPUNIT_TEST(testUnknownFormatRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCouponExampleFields() {
        const Template t = parseTemplate(fixtures::kCouponReminder);
        CPPUNIT_ASSERT_EQUAL(std::string("1304694804498707"), t.id);
        CPPUNIT_ASSERT_EQUAL(std::string("coupon_expiration_reminder_number_vars"), t.name);
        CPPUNIT_ASSERT_EQUAL(std::string("en"), t.language);
        CPPUNIT_ASSERT_EQUAL(std::string("APPROVED"), t.status);
        CPPUNIT_ASSERT(t.approved());
        CPPUNIT_ASSERT_EQUAL(std::string("MARKETING"), t.category);
        CPPUNIT_ASSERT(t.parameterFormat == ParameterFormat::Positional);
        CPPUNIT_ASSERT(t.headerFormat == HeaderFormat::Text);
        CPPUNIT_ASSERT_EQUAL(std::string("Act fast, {{1}}!"), t.headerText);
        CPPUNIT_ASSERT_EQUAL(std::string("Your code {{1}} expires in {{2}} days!"), t.bodyText);
        CPPUNIT_ASSERT_EQUAL(std::string("Lucky Shrub Succulents"), t.footerText);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), t.buttons.size());
        CPPUNIT_ASSERT(t.buttons[0].type == ButtonType::Url);
        CPPUNIT_ASSERT_EQUAL(std::string("https://www.luckyshrub.com/deals"), t.buttons[0].url);
        CPPUNIT_ASSERT(t.buttons[1].type == ButtonType::QuickReply);
        CPPUNIT_ASSERT_EQUAL(std::string("Unsubscribe"), t.buttons[1].text);
    }

    void testIntegerIdKeepsAllDigits() {
        const Template t = parseTemplate(fixtures::kSeasonalImage);
        CPPUNIT_ASSERT_EQUAL(std::string("1689556908129832123"), t.id);
    }

    void testButtonsKeepTheirIndex() {
        const Template t = parseTemplate(fixtures::kSeasonalImage);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), t.buttons.size());
        CPPUNIT_ASSERT_EQUAL(1, t.buttons[1].index);
        CPPUNIT_ASSERT(t.buttons[2].type == ButtonType::CopyCode);
        CPPUNIT_ASSERT_EQUAL(2, t.buttons[2].index);
    }

    void testNamedFormat() {
        const Template t = parseTemplate(fixtures::kNamedOrder);
        CPPUNIT_ASSERT(t.parameterFormat == ParameterFormat::Named);
        CPPUNIT_ASSERT_EQUAL(std::string("77"), t.id);
    }

    void testDefaultsToPositional() {
        const Template t = parseTemplate(R"({"name":"a","components":[{"type":"BODY","text":"x"}]})");
        CPPUNIT_ASSERT(t.parameterFormat == ParameterFormat::Positional);
        CPPUNIT_ASSERT(t.headerFormat == HeaderFormat::None);
    }

    void testMediaHeaders() {
        const char* formats[] = {"IMAGE", "VIDEO", "DOCUMENT", "LOCATION"};
        const HeaderFormat expected[] = {HeaderFormat::Image, HeaderFormat::Video, HeaderFormat::Document,
                                         HeaderFormat::Location};
        for (int i = 0; i < 4; ++i) {
            const Template t = parseTemplate(std::string(R"({"name":"a","components":[{"type":"HEADER","format":")") +
                                             formats[i] + R"("},{"type":"BODY","text":"x"}]})");
            CPPUNIT_ASSERT(t.headerFormat == expected[i]);
            CPPUNIT_ASSERT_EQUAL(i < 3, t.hasMediaHeader());
        }
    }

    void testFloatingIdRefused() {
        CPPUNIT_ASSERT_THROW(parseTemplate(R"({"id":1.5e18,"name":"a","components":[{"type":"BODY","text":"x"}]})"),
                             TemplateParseError);
    }

    void testMissingBodyRefused() {
        CPPUNIT_ASSERT_THROW(parseTemplate(R"({"name":"a","components":[{"type":"FOOTER","text":"x"}]})"), TemplateParseError);
        CPPUNIT_ASSERT_THROW(parseTemplate(R"({"name":"a"})"), TemplateParseError);
    }

    void testBrokenJsonRefused() {
        CPPUNIT_ASSERT_THROW(parseTemplate("{\"name\":"), TemplateParseError);
        CPPUNIT_ASSERT_THROW(parseTemplate("[1,2]"), TemplateParseError);
        CPPUNIT_ASSERT_THROW(parseTemplate(R"({"name":5,"components":[]})"), TemplateParseError);
    }

    void testUnknownFormatRefused() {
        CPPUNIT_ASSERT_THROW(
            parseTemplate(R"({"name":"a","parameter_format":"MIXED","components":[{"type":"BODY","text":"x"}]})"),
            TemplateParseError);
        CPPUNIT_ASSERT_THROW(
            parseTemplate(R"({"name":"a","components":[{"type":"HEADER","format":"GIF"},{"type":"BODY","text":"x"}]})"),
            TemplateParseError);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TemplateParsingTest);
