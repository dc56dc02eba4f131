#include "TemplateFixtures.h"
#include "cloudapi/PayloadBuilder.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>

using namespace campaigns::cloudapi;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

Object::Ptr parse(const std::string& json) {
    Poco::JSON::Parser parser;
    return parser.parse(json).extract<Object::Ptr>();
}

Array::Ptr components(const Object::Ptr& root) { return root->getObject("template")->getArray("components"); }

std::string str(const Object::Ptr& o, const std::string& key) { return o->getValue<std::string>(key); }

} // namespace

class PayloadBuilderTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PayloadBuilderTest);
    CPPUNIT_TEST(testPositionalHeaderTextAndBody);
    CPPUNIT_TEST(testEnvelope);
    CPPUNIT_TEST(testImageHeaderById);
    CPPUNIT_TEST(testImageHeaderByLinkUrlButtonAndCoupon);
    CPPUNIT_TEST(testNamedParametersCarryTheirName);
    CPPUNIT_TEST(testEscapingOfValues);
    CPPUNIT_TEST(testMissingValueNamesTheColumn);
    CPPUNIT_TEST(testMissingHeaderMediaRefused);
    CPPUNIT_TEST(testBadRecipientRefused);
    CPPUNIT_TEST(testCallbackDataLimit);
    CPPUNIT_TEST(testNoParametersNoComponents);
    CPPUNIT_TEST(testDocumentAndLocationHeaders);
    CPPUNIT_TEST(testFastEnoughForTheSendRate);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPositionalHeaderTextAndBody() {
        PayloadBuilder b(parseTemplate(fixtures::kCouponReminder), {});
        const auto root =
            parse(b.build("5491155550000", {{"encabezado", "Pablo"}, {"parametro_1", "SUMMER20"}, {"parametro_2", "10"}}, "e=1"));
        const auto comps = components(root);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), comps->size());
        const auto header = comps->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("header"), str(header, "type"));
        CPPUNIT_ASSERT_EQUAL(std::string("text"), str(header->getArray("parameters")->getObject(0), "type"));
        CPPUNIT_ASSERT_EQUAL(std::string("Pablo"), str(header->getArray("parameters")->getObject(0), "text"));
        const auto body = comps->getObject(1);
        CPPUNIT_ASSERT_EQUAL(std::string("body"), str(body, "type"));
        const auto params = body->getArray("parameters");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), params->size());
        CPPUNIT_ASSERT_EQUAL(std::string("SUMMER20"), str(params->getObject(0), "text"));
        CPPUNIT_ASSERT_EQUAL(std::string("10"), str(params->getObject(1), "text"));
        CPPUNIT_ASSERT(!params->getObject(0)->has("parameter_name"));
    }

    void testEnvelope() {
        PayloadBuilder b(parseTemplate(fixtures::kCouponReminder), {});
        const auto root = parse(
            b.build("+5491155550000", {{"encabezado", "P"}, {"parametro_1", "A"}, {"parametro_2", "B"}}, "entry=42;attempt=7"));
        CPPUNIT_ASSERT_EQUAL(std::string("whatsapp"), str(root, "messaging_product"));
        CPPUNIT_ASSERT_EQUAL(std::string("individual"), str(root, "recipient_type"));
        CPPUNIT_ASSERT_EQUAL(std::string("+5491155550000"), str(root, "to"));
        CPPUNIT_ASSERT_EQUAL(std::string("template"), str(root, "type"));
        CPPUNIT_ASSERT_EQUAL(std::string("entry=42;attempt=7"), str(root, "biz_opaque_callback_data"));
        const auto tmpl = root->getObject("template");
        CPPUNIT_ASSERT_EQUAL(std::string("coupon_expiration_reminder_number_vars"), str(tmpl, "name"));
        CPPUNIT_ASSERT_EQUAL(std::string("en"), str(tmpl->getObject("language"), "code"));
    }

    void testImageHeaderById() {
        PayloadBuilder b(parseTemplate(fixtures::kSeasonalImage), HeaderContent::mediaId("1037543291543636"));
        const auto root = parse(b.build(
            "34600000000",
            {{"parametro_1", "a"}, {"parametro_2", "b"}, {"parametro_3", "c"}, {"boton_url_1", "x"}, {"codigo_cupon", "250FF"}},
            ""));
        CPPUNIT_ASSERT(!root->has("biz_opaque_callback_data"));
        const auto header = components(root)->getObject(0);
        const auto p = header->getArray("parameters")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("image"), str(p, "type"));
        CPPUNIT_ASSERT_EQUAL(std::string("1037543291543636"), str(p->getObject("image"), "id"));
        CPPUNIT_ASSERT(!p->getObject("image")->has("link"));
    }

    void testImageHeaderByLinkUrlButtonAndCoupon() {
        PayloadBuilder b(parseTemplate(fixtures::kSeasonalImage), HeaderContent::link("https://cdn.example.com/s.jpg"));
        const auto comps = components(parse(b.build("34600000000",
                                                    {{"parametro_1", "a"},
                                                     {"parametro_2", "b"},
                                                     {"parametro_3", "c"},
                                                     {"boton_url_1", "summer2026"},
                                                     {"codigo_cupon", "250FF"}},
                                                    "")));
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), comps->size());
        CPPUNIT_ASSERT_EQUAL(std::string("https://cdn.example.com/s.jpg"),
                             str(comps->getObject(0)->getArray("parameters")->getObject(0)->getObject("image"), "link"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), comps->getObject(1)->getArray("parameters")->size());
        const auto url = comps->getObject(2);
        CPPUNIT_ASSERT_EQUAL(std::string("button"), str(url, "type"));
        CPPUNIT_ASSERT_EQUAL(std::string("url"), str(url, "sub_type"));
        CPPUNIT_ASSERT(url->get("index").isString());
        CPPUNIT_ASSERT_EQUAL(std::string("1"), str(url, "index"));
        CPPUNIT_ASSERT_EQUAL(std::string("summer2026"), str(url->getArray("parameters")->getObject(0), "text"));
        const auto coupon = comps->getObject(3);
        CPPUNIT_ASSERT_EQUAL(std::string("copy_code"), str(coupon, "sub_type"));
        CPPUNIT_ASSERT_EQUAL(std::string("2"), str(coupon, "index"));
        const auto cp = coupon->getArray("parameters")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("coupon_code"), str(cp, "type"));
        CPPUNIT_ASSERT_EQUAL(std::string("250FF"), str(cp, "coupon_code"));
    }

    void testNamedParametersCarryTheirName() {
        PayloadBuilder b(parseTemplate(fixtures::kNamedOrder), {});
        const auto comps = components(parse(
            b.build("5215512345678",
                    {{"encabezado", "Ana"}, {"first_name", "Ana"}, {"order_number", "X-1"}, {"delivery_date", "lunes"}}, "")));
        const auto hp = comps->getObject(0)->getArray("parameters")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("first_name"), str(hp, "parameter_name"));
        const auto body = comps->getObject(1)->getArray("parameters");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), body->size());
        CPPUNIT_ASSERT_EQUAL(std::string("order_number"), str(body->getObject(1), "parameter_name"));
        CPPUNIT_ASSERT_EQUAL(std::string("X-1"), str(body->getObject(1), "text"));
        CPPUNIT_ASSERT_EQUAL(std::string("delivery_date"), str(body->getObject(2), "parameter_name"));
    }

    void testEscapingOfValues() {
        PayloadBuilder b(parseTemplate(fixtures::kCouponReminder), {});
        const std::string tricky = "Jos\xC3\xA9 \"el\" \\ 🎉\x01";
        const std::string json =
            b.build("5491155550000", {{"encabezado", tricky}, {"parametro_1", "</script>"}, {"parametro_2", "ñ"}}, "a\"b");
        const auto root = parse(json);
        CPPUNIT_ASSERT_EQUAL(tricky, str(components(root)->getObject(0)->getArray("parameters")->getObject(0), "text"));
        CPPUNIT_ASSERT_EQUAL(std::string("a\"b"), str(root, "biz_opaque_callback_data"));
        CPPUNIT_ASSERT(json.find("\\u0001") != std::string::npos);
    }

    void testMissingValueNamesTheColumn() {
        PayloadBuilder b(parseTemplate(fixtures::kCouponReminder), {});
        try {
            b.build("5491155550000", {{"encabezado", "P"}, {"parametro_1", "A"}}, "");
            CPPUNIT_FAIL("expected PayloadError");
        } catch (const PayloadError& e) {
            CPPUNIT_ASSERT_EQUAL(std::string("Falta el valor de la columna parametro_2"), std::string(e.what()));
        }
        CPPUNIT_ASSERT_THROW(b.build("5491155550000", {{"encabezado", "P"}, {"parametro_1", ""}, {"parametro_2", "B"}}, ""),
                             PayloadError);
    }

    void testMissingHeaderMediaRefused() {
        CPPUNIT_ASSERT_THROW(PayloadBuilder(parseTemplate(fixtures::kSeasonalImage), {}), PayloadError);
    }

    void testBadRecipientRefused() {
        PayloadBuilder b(parseTemplate(R"({"name":"a","language":"es","components":[{"type":"BODY","text":"x"}]})"), {});
        CPPUNIT_ASSERT_THROW(b.build("", {}, ""), PayloadError);
        CPPUNIT_ASSERT_THROW(b.build("54 911", {}, ""), PayloadError);
        CPPUNIT_ASSERT_THROW(b.build("1234567890123456", {}, ""), PayloadError);
        CPPUNIT_ASSERT_THROW(b.build("\"+1", {}, ""), PayloadError);
    }

    void testCallbackDataLimit() {
        PayloadBuilder b(parseTemplate(R"({"name":"a","language":"es","components":[{"type":"BODY","text":"x"}]})"), {});
        CPPUNIT_ASSERT_NO_THROW(b.build("1", {}, std::string(512, 'x')));
        CPPUNIT_ASSERT_THROW(b.build("1", {}, std::string(513, 'x')), PayloadError);
    }

    void testNoParametersNoComponents() {
        PayloadBuilder b(parseTemplate(R"({"name":"hola","language":"es","components":[{"type":"BODY","text":"x"}]})"), {});
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"messaging_product":"whatsapp","recipient_type":"individual","to":"+15550001111",)"
                        R"("type":"template","template":{"name":"hola","language":{"code":"es"},"components":[]}})"),
            b.build("15550001111", {}, ""));
    }

    void testDocumentAndLocationHeaders() {
        HeaderContent doc = HeaderContent::mediaId("99");
        doc.filename = "factura.pdf";
        PayloadBuilder d(
            parseTemplate(
                R"({"name":"a","language":"es","components":[{"type":"HEADER","format":"DOCUMENT"},{"type":"BODY","text":"x"}]})"),
            doc);
        const auto dp = components(parse(d.build("1", {}, "")))->getObject(0)->getArray("parameters")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("document"), str(dp, "type"));
        CPPUNIT_ASSERT_EQUAL(std::string("factura.pdf"), str(dp->getObject("document"), "filename"));

        HeaderContent place;
        place.source = HeaderContent::Source::Location;
        place.latitude = "-34.60";
        place.longitude = "-58.38";
        place.name = "Obelisco";
        place.address = "Av. 9 de Julio";
        PayloadBuilder l(
            parseTemplate(
                R"({"name":"a","language":"es","components":[{"type":"HEADER","format":"LOCATION"},{"type":"BODY","text":"x"}]})"),
            place);
        const auto lp = components(parse(l.build("1", {}, "")))->getObject(0)->getArray("parameters")->getObject(0);
        CPPUNIT_ASSERT_EQUAL(std::string("location"), str(lp, "type"));
        CPPUNIT_ASSERT_EQUAL(std::string("-34.60"), str(lp->getObject("location"), "latitude"));
    }

    // The sender builds up to 1,000 payloads a second per account; this leaves two orders of
    // magnitude of headroom even in a Debug build on a loaded machine.
    void testFastEnoughForTheSendRate() {
        PayloadBuilder b(parseTemplate(fixtures::kSeasonalImage), HeaderContent::mediaId("1037543291543636"));
        const ParameterValues values{{"parametro_1", "José Núñez"},
                                     {"parametro_2", "CODE\"25\""},
                                     {"parametro_3", "25%"},
                                     {"boton_url_1", "summer2026"},
                                     {"codigo_cupon", "250FF"}};
        std::string out;
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < 10000; ++i) b.buildInto(out, "5491155550000", values, "entry=123456;attempt=1");
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
        CPPUNIT_ASSERT(!out.empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PayloadBuilderTest);
