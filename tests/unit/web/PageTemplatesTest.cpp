#include "web/OpenApiDocument.h"
#include "web/PageTemplates.h"

#include <Poco/Exception.h>

#include <cppunit/extensions/HelperMacros.h>

using campaigns::web::PageTemplates;

// Renders the plugin's real templates/ folder, so a broken page or locale file fails here.
class PageTemplatesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PageTemplatesTest);
    CPPUNIT_TEST(dottedLocaleKeysResolveInBothLanguages);
    CPPUNIT_TEST(missingEnglishKeyFallsBackToSpanish);
    CPPUNIT_TEST(campaignsPageRendersSeedLabels);
    CPPUNIT_TEST(valuesAreEscapedUnlessRaw);
    CPPUNIT_TEST(everyPageRenders);
    CPPUNIT_TEST(openApiJoinsEveryCapability);
    CPPUNIT_TEST_SUITE_END();

public:
    void dottedLocaleKeysResolveInBothLanguages() {
        PageTemplates t(CAMPAIGNS_TEMPLATES_DIR);
        CPPUNIT_ASSERT_EQUAL(std::string("Finalizada con errores"), t.text("es", "state.completed_with_errors"));
        CPPUNIT_ASSERT_EQUAL(std::string("Completed with errors"), t.text("en", "state.completed_with_errors"));
        CPPUNIT_ASSERT_EQUAL(std::string("Crear Campaña"), t.text("fr", "campaigns.create"));
    }
    void missingEnglishKeyFallsBackToSpanish() {
        PageTemplates t(CAMPAIGNS_TEMPLATES_DIR);
        CPPUNIT_ASSERT_EQUAL(std::string("no.such.key"), t.text("en", "no.such.key"));
        auto json = t.localeJson("en");
        CPPUNIT_ASSERT(json.find("\"campaigns.create\":\"Create Campaign\"") != std::string::npos);
        CPPUNIT_ASSERT(json.find('<') == std::string::npos);
    }
    void campaignsPageRendersSeedLabels() {
        PageTemplates t(CAMPAIGNS_TEMPLATES_DIR, {{"tz", "America/Santiago"}});
        auto html = t.render("campaigns.html", "es", {{"locale_json", t.localeJson("es")}});
        for (const char* label : {"Crear Campaña", "Nombre de la campaña", "Contactos", "Fecha de envío", "Fecha de término",
                                  "¿Espera respuesta?", "Plantilla de Mensaje HSM", "Cuenta"})
            CPPUNIT_ASSERT_MESSAGE(label, html.find(label) != std::string::npos);
    }
    void valuesAreEscapedUnlessRaw() {
        CPPUNIT_ASSERT_EQUAL(std::string("&lt;b&gt;&amp;&quot;&#39;"), campaigns::web::htmlEscape("<b>&\"'"));
        PageTemplates t(CAMPAIGNS_TEMPLATES_DIR);
        CPPUNIT_ASSERT_THROW(t.render("campaigns.html", "es", {}), Poco::NotFoundException);
    }
    // Every page writes the installation's time zone for page-kit.js's format(), from the shared
    // values: no handler passes it, so no page can show times on the browser's clock instead.
    void everyPageRenders() {
        PageTemplates t(CAMPAIGNS_TEMPLATES_DIR, {{"tz", "America/Santiago"}});
        for (const char* page : {"analytics.html", "campaigns.html", "accounts.html", "suppressions.html"}) {
            const auto html = t.render(page, "en", {{"locale_json", "{}"}, {"departments_json", "[]"}});
            CPPUNIT_ASSERT_MESSAGE(page, html.find("data-tz=\"America/Santiago\"") != std::string::npos);
        }
        CPPUNIT_ASSERT_MESSAGE("a handler's value wins over a shared one",
                               t.render("analytics.html", "en", {{"locale_json", "{}"}, {"tz", "UTC"}}).find("data-tz=\"UTC\"") !=
                                   std::string::npos);
    }
    void openApiJoinsEveryCapability() {
        auto doc = campaigns::web::mergeOpenApi(std::string(CAMPAIGNS_TEMPLATES_DIR) + "/api");
        CPPUNIT_ASSERT(doc.rfind("openapi: 3", 0) == 0);
        for (const char* path :
             {"/campaigns/api/v1/accounts:", "/campaigns/api/v1/uploads:", "/campaigns/api/v1/campaigns/{id}/send:",
              "/campaigns/api/v1/analytics:", "/campaigns/api/v1/events:", "/campaigns/webhooks/whatsapp:",
              "/campaigns/api/v1/campaigns/{id}/results:"})
            CPPUNIT_ASSERT_MESSAGE(path, doc.find(std::string("\n  ") + path) != std::string::npos);
        CPPUNIT_ASSERT(doc.find("\nsecurity:") != std::string::npos);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(PageTemplatesTest);
