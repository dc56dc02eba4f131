// What the templates API derives without a database: the status a webhook event leads to, the
// list filter of a query string, a template's JSON and its "Descargar formato" columns.
#include "templates/TemplateJson.h"
#include "templates/TemplateStatusUpdates.h"
#include "templates/TemplatesApi.h"

#include <helpdesk/Http.h>

#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

using namespace campaigns::templates;
using namespace campaigns::cloudapi;

namespace {
const char* kPromo = R"({"id":"1001","name":"promo_imagen","language":"es","status":"APPROVED","category":"MARKETING",
 "parameter_format":"POSITIONAL","components":[{"type":"HEADER","format":"IMAGE"},
 {"type":"BODY","text":"{{1}}, aprovecha {{2}} de descuento.","example":{"body_text":[["Ana","20%"]]}},
 {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Me interesa"}]}]})";

StoredTemplate stored(const std::string& json) {
    const Template t = parseTemplate(std::string_view(json));
    StoredTemplate s;
    s.id = 5;
    s.accountId = 1;
    s.name = t.name;
    s.language = t.language;
    s.status = t.status;
    s.category = t.category;
    s.parameterFormat = parameterFormatName(t.parameterFormat);
    s.headerType = headerTypeName(t.headerFormat);
    s.parameterCount = static_cast<int>(requiredParameters(t).size());
    s.componentsJson = t.sourceJson;
    s.departmentIds = {2};
    return s;
}
} // namespace

class TemplateApiShapesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TemplateApiShapesTest);
    CPPUNIT_TEST(eventsMapToStoredStatuses);
    CPPUNIT_TEST(languagesAreNormalised);
    CPPUNIT_TEST(queryBecomesFilter);
    CPPUNIT_TEST(badQueryNamesTheParameter);
    CPPUNIT_TEST(templateJsonCarriesColumnsPreviewAndDepartments);
    CPPUNIT_TEST(formatUsesTheTemplatesOwnExamples);
    CPPUNIT_TEST_SUITE_END();

public:
    void eventsMapToStoredStatuses() {
        CPPUNIT_ASSERT_EQUAL(std::string("PAUSED"), *statusAfterEvent("PAUSED"));
        CPPUNIT_ASSERT_EQUAL(std::string("APPROVED"), *statusAfterEvent("REINSTATED"));
        CPPUNIT_ASSERT_EQUAL(std::string("APPROVED"), *statusAfterEvent("APPROVED", "UNPAUSE"));
        CPPUNIT_ASSERT_EQUAL(std::string("APPROVED"), *statusAfterEvent("UNARCHIVED"));
        CPPUNIT_ASSERT_EQUAL(std::string("DISABLED"), *statusAfterEvent("disabled"));
        CPPUNIT_ASSERT_EQUAL(std::string("PENDING_DELETION"), *statusAfterEvent("PENDING_DELETION"));
        CPPUNIT_ASSERT(!statusAfterEvent("FLAGGED"));
        CPPUNIT_ASSERT(!statusAfterEvent(""));
        CPPUNIT_ASSERT(!statusAfterEvent("<script>"));
    }

    void languagesAreNormalised() {
        CPPUNIT_ASSERT_EQUAL(std::string("en_US"), normalizeLanguage("en-US"));
        CPPUNIT_ASSERT_EQUAL(std::string("es"), normalizeLanguage("es"));
    }

    void queryBecomesFilter() {
        auto f = TemplatesApi::filterFrom({{"account", "3"}, {"department", "7"}, {"approved_only", "1"}, {"status", "paused"}});
        CPPUNIT_ASSERT_EQUAL(3LL, *f.accountId);
        CPPUNIT_ASSERT_EQUAL(7LL, *f.departmentId);
        CPPUNIT_ASSERT(f.approvedOnly);
        CPPUNIT_ASSERT_EQUAL(std::string("PAUSED"), *f.status);
        auto none = TemplatesApi::filterFrom({{"department", "none"}});
        CPPUNIT_ASSERT(!none.departmentId); // "Sin departamento" sees every template
        CPPUNIT_ASSERT(!none.approvedOnly);
        CPPUNIT_ASSERT(!TemplatesApi::filterFrom({}).accountId);
    }

    void badQueryNamesTheParameter() {
        for (const auto& [key, value] :
             std::map<std::string, std::string>{{"department", "ventas"}, {"account", "-1"}, {"approved_only", "si"}}) {
            try {
                TemplatesApi::filterFrom({{key, value}});
                CPPUNIT_FAIL("accepted " + key + "=" + value);
            } catch (const helpdesk::HttpError& e) {
                CPPUNIT_ASSERT_EQUAL(400, e.status);
                CPPUNIT_ASSERT(e.detailsJson.find("\"field\":\"" + key + "\"") != std::string::npos);
            }
        }
    }

    void templateJsonCarriesColumnsPreviewAndDepartments() {
        std::ostringstream out;
        templateJson(stored(kPromo)).stringify(out);
        const std::string json = out.str();
        CPPUNIT_ASSERT(json.find("\"header_type\":\"IMAGE\"") != std::string::npos);
        CPPUNIT_ASSERT(json.find("\"parameter_count\":3") != std::string::npos);
        CPPUNIT_ASSERT(json.find("\"column\":\"parametro_1\"") != std::string::npos);
        CPPUNIT_ASSERT(json.find("\"slot\":\"header_media\"") != std::string::npos);
        CPPUNIT_ASSERT(json.find("\"department_ids\":[2]") != std::string::npos);
        CPPUNIT_ASSERT(json.find("aprovecha {{2}} de descuento") != std::string::npos); // preview, unfilled
        // The page names the image header in its language; the Spanish "[Imagen]" note stays out.
        CPPUNIT_ASSERT(json.find("[Imagen]") == std::string::npos);
        CPPUNIT_ASSERT(json.find("\"approved\":true") != std::string::npos);
    }

    void formatUsesTheTemplatesOwnExamples() {
        const auto format = formatOf(stored(kPromo).model());
        CPPUNIT_ASSERT(format.hasImageHeader);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), format.parameters.size()); // the image is not a column
        CPPUNIT_ASSERT_EQUAL(std::string("parametro_1"), format.parameters[0].column);
        CPPUNIT_ASSERT_EQUAL(std::string("Ana"), format.parameters[0].example);
        CPPUNIT_ASSERT_EQUAL(std::string("20%"), format.parameters[1].example);
        CPPUNIT_ASSERT(format.parameters[1].description.find("Cuerpo") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TemplateApiShapesTest);
