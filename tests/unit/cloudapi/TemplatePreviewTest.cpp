#include "TemplateFixtures.h"
#include "cloudapi/TemplateModel.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::cloudapi;

class TemplatePreviewTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TemplatePreviewTest);
    CPPUNIT_TEST(testFilledPositional);
    CPPUNIT_TEST(testMissingValuesStayVisible);
    CPPUNIT_TEST(testNamedRepeatedPlaceholder);
    CPPUNIT_TEST(testMediaHeaderNoteAndButtons);
    CPPUNIT_TEST(testValueWithBracesNotExpandedAgain);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFilledPositional() {
        const Template t = parseTemplate(fixtures::kCouponReminder);
        const Preview p = renderPreview(t, {{"encabezado", "Pablo"}, {"parametro_1", "SUMMER20"}, {"parametro_2", "10"}});
        CPPUNIT_ASSERT_EQUAL(std::string("Act fast, Pablo!"), p.header);
        CPPUNIT_ASSERT_EQUAL(std::string("Your code SUMMER20 expires in 10 days!"), p.body);
        CPPUNIT_ASSERT_EQUAL(std::string("Act fast, Pablo!\n\nYour code SUMMER20 expires in 10 days!\n\nLucky Shrub Succulents"),
                             p.text());
    }

    void testMissingValuesStayVisible() {
        const Template t = parseTemplate(fixtures::kCouponReminder);
        const Preview p = renderPreview(t, {{"parametro_2", "10"}});
        CPPUNIT_ASSERT_EQUAL(std::string("Your code {{1}} expires in 10 days!"), p.body);
        CPPUNIT_ASSERT_EQUAL(std::string("Act fast, {{1}}!"), p.header);
    }

    void testNamedRepeatedPlaceholder() {
        const Template t = parseTemplate(fixtures::kNamedOrder);
        const Preview p =
            renderPreview(t, {{"encabezado", "Ana"}, {"first_name", "Ana"}, {"order_number", "X-1"}, {"delivery_date", "lunes"}});
        CPPUNIT_ASSERT_EQUAL(std::string("Hola Ana"), p.header);
        CPPUNIT_ASSERT_EQUAL(std::string("Gracias Ana, tu pedido X-1 llega el lunes."), p.body);
    }

    void testMediaHeaderNoteAndButtons() {
        const Template t = parseTemplate(fixtures::kSeasonalImage);
        const Preview p = renderPreview(t, {{"parametro_1", "agosto"}, {"boton_url_1", "abc"}, {"codigo_cupon", "250FF"}});
        CPPUNIT_ASSERT_EQUAL(std::string("[Imagen]"), p.header);
        CPPUNIT_ASSERT_EQUAL(std::string("Shop through agosto with code {{2}} for {{3}} off. Hurry, agosto!"), p.body);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), p.buttons.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Unsubscribe from Promos"), p.buttons[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("Shop (https://shop.example.com/c/abc)"), p.buttons[1]);
        CPPUNIT_ASSERT_EQUAL(std::string(" (250FF)"), p.buttons[2]);
    }

    void testValueWithBracesNotExpandedAgain() {
        const Template t = parseTemplate(fixtures::kCouponReminder);
        const Preview p = renderPreview(t, {{"parametro_1", "{{2}}"}, {"parametro_2", "10"}});
        CPPUNIT_ASSERT_EQUAL(std::string("Your code {{2}} expires in 10 days!"), p.body);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TemplatePreviewTest);
