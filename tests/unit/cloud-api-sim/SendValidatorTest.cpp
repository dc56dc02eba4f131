#include "SendValidator.h"

#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

namespace {

Poco::JSON::Object::Ptr parse(const std::string& text) {
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string bodyParams(int n) {
    std::string out = R"({"type":"body","parameters":[)";
    for (int i = 0; i < n; ++i) out += std::string(i ? "," : "") + R"({"type":"text","text":"v)" + std::to_string(i) + R"("})";
    return out + "]}";
}

const std::string kImageHeader =
    R"({"type":"header","parameters":[{"type":"image","image":{"link":"https://x.example/a.jpg"}}]})";

} // namespace

class SendValidatorTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SendValidatorTest);
    CPPUNIT_TEST(testPositionalOk);
    CPPUNIT_TEST(testBodyCountMismatchDetails);
    CPPUNIT_TEST(testUnknownTemplateOrLanguage);
    CPPUNIT_TEST(testStatusesNotApproved);
    CPPUNIT_TEST(testImageHeaderRequired);
    CPPUNIT_TEST(testImageHeaderUppercaseTypeRejected);
    CPPUNIT_TEST(testImageTemplateOkCollectsQuickReplies);
    CPPUNIT_TEST(testNamedParams);
    CPPUNIT_TEST(testUrlButtonNeedsSuffix);
    CPPUNIT_TEST(testPlaceholderCounting);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { catalog_ = std::make_unique<cloudsim::TemplateCatalog>(); }

    cloudsim::SendCheck check(const std::string& name, const std::string& lang, const std::string& components) {
        return cloudsim::validateTemplateSend(*catalog_, *parse(R"({"name":")" + name + R"(","language":{"code":")" + lang +
                                                                R"("},"components":[)" + components + "]}"));
    }

    void testPositionalOk() {
        auto result = check("bienvenida", "es", bodyParams(2));
        CPPUNIT_ASSERT(!result.error);
        CPPUNIT_ASSERT_EQUAL(std::string("UTILITY"), result.templ->category);
    }

    void testBodyCountMismatchDetails() {
        auto result = check("bienvenida", "es", bodyParams(1));
        CPPUNIT_ASSERT(result.error);
        CPPUNIT_ASSERT_EQUAL(132000, result.error->code);
        CPPUNIT_ASSERT_EQUAL(std::string("body: localizable_params (1) does not match the expected number of params (2)"),
                             result.error->details);
        CPPUNIT_ASSERT_EQUAL(132000, check("bienvenida", "es", bodyParams(3)).error->code);
    }

    void testUnknownTemplateOrLanguage() {
        CPPUNIT_ASSERT_EQUAL(132001, check("no_existe", "es", bodyParams(2)).error->code);
        CPPUNIT_ASSERT_EQUAL(132001, check("aviso_en", "en", bodyParams(2)).error->code);
        CPPUNIT_ASSERT(!check("aviso_en", "en_US", bodyParams(2)).error);
    }

    void testStatusesNotApproved() {
        CPPUNIT_ASSERT_EQUAL(132001, check("pendiente", "es", bodyParams(1)).error->code);
        CPPUNIT_ASSERT_EQUAL(132001, check("rechazada", "es", bodyParams(1)).error->code);
        CPPUNIT_ASSERT_EQUAL(132015, check("pausada", "es", bodyParams(1)).error->code);
    }

    void testImageHeaderRequired() {
        auto result = check("promo_imagen", "es", bodyParams(2));
        CPPUNIT_ASSERT_EQUAL(132012, result.error->code);
        CPPUNIT_ASSERT_EQUAL(std::string("header: Format mismatch, expected IMAGE, received UNKNOWN"), result.error->details);
    }

    void testImageHeaderUppercaseTypeRejected() {
        auto result = check("promo_imagen", "es",
                            R"({"type":"header","parameters":[{"type":"IMAGE","image":{"id":"123"}}]},)" + bodyParams(2));
        CPPUNIT_ASSERT_EQUAL(132012, result.error->code);
    }

    void testImageTemplateOkCollectsQuickReplies() {
        auto result = check(
            "promo_imagen", "es",
            kImageHeader + "," + bodyParams(2) +
                R"(,{"type":"button","sub_type":"quick_reply","index":"1","parameters":[{"type":"payload","payload":"NO:c1"}]})");
        CPPUNIT_ASSERT(!result.error);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), result.quickReplies.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Me interesa"), result.quickReplies[0].payload);
        CPPUNIT_ASSERT_EQUAL(std::string("NO:c1"), result.quickReplies[1].payload);
        CPPUNIT_ASSERT_EQUAL(std::string("No gracias"), result.quickReplies[1].text);
    }

    void testNamedParams() {
        std::string ok = R"({"type":"body","parameters":[{"type":"text","parameter_name":"fecha","text":"5 mayo"},
                                                       {"type":"text","parameter_name":"nombre","text":"Ana"}]})";
        CPPUNIT_ASSERT(!check("recordatorio_nombrado", "es", ok).error);
        std::string wrongName = R"({"type":"body","parameters":[{"type":"text","parameter_name":"fecha","text":"5 mayo"},
                                                              {"type":"text","parameter_name":"apellido","text":"Ana"}]})";
        CPPUNIT_ASSERT_EQUAL(132000, check("recordatorio_nombrado", "es", wrongName).error->code);
        CPPUNIT_ASSERT_EQUAL(131008, check("recordatorio_nombrado", "es", bodyParams(2)).error->code);
        CPPUNIT_ASSERT_EQUAL(132000, check("recordatorio_nombrado", "es", bodyParams(1)).error->code);
    }

    void testUrlButtonNeedsSuffix() {
        auto missing = check("seguimiento_pedido", "es", bodyParams(1));
        CPPUNIT_ASSERT_EQUAL(132000, missing.error->code);
        CPPUNIT_ASSERT_EQUAL(std::string("button: localizable_params (0) does not match the expected number of params (1)"),
                             missing.error->details);
        auto ok =
            check("seguimiento_pedido", "es",
                  bodyParams(1) + R"(,{"type":"button","sub_type":"url","index":0,"parameters":[{"type":"text","text":"A-1"}]})");
        CPPUNIT_ASSERT(!ok.error);
    }

    void testPlaceholderCounting() {
        auto names = cloudsim::placeholdersOf("Hola {{1}}, {{2}} y otra vez {{1}} {{ nombre }}");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), names.size());
        CPPUNIT_ASSERT_EQUAL(std::string("nombre"), names[2]);
        auto spec = catalog_->find("promo_imagen", "es")->spec;
        CPPUNIT_ASSERT_EQUAL(std::string("IMAGE"), spec.headerFormat);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), spec.bodyPlaceholders.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), spec.buttons.size());
        CPPUNIT_ASSERT_EQUAL(1, catalog_->find("seguimiento_pedido", "es")->spec.buttons[0].dynamicParams);
    }

private:
    std::unique_ptr<cloudsim::TemplateCatalog> catalog_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(SendValidatorTest);
