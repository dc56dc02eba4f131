// Which campaigns offer "Descargar", and what it gives: one rule (campaigns::campaign::downloadOf) that the
// results route, the list's JSON (actions.download, download_url) and the list page all follow.
#include "campaign/CampaignJson.h"
#include "campaign/CampaignState.h"
#include "web/PageTemplates.h"

#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

#include <string>
#include <utility>
#include <vector>

using campaigns::campaign::CampaignState;
using campaigns::campaign::Download;

namespace {

const std::vector<std::pair<const char*, Download>> kExpected{
    {"validating", Download::None},
    {"loaded", Download::None},
    {"invalid", Download::Errors}, // its rows with their errors
    {"sending", Download::None},
    {"paused", Download::None},
    {"cancelled", Download::None},
    {"completed", Download::Results},
    {"completed_with_errors", Download::Results}, // "Finalizada con errores": the failed rows and why
    {"failed", Download::Results},                // "Error": every row failed; the file says why
    {"scheduled", Download::None},                // "Programada" (issue 13): nothing sent yet
};

} // namespace

class CampaignStateTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CampaignStateTest);
    CPPUNIT_TEST(everyStateHasItsDownload);
    CPPUNIT_TEST(listJsonOffersExactlyThatDownload);
    CPPUNIT_TEST(labelsComeFromTheLocaleFiles);
    CPPUNIT_TEST_SUITE_END();

public:
    void everyStateHasItsDownload() {
        for (const auto& [name, download] : kExpected) {
            const auto state = campaigns::campaign::campaignStateFromCode(name);
            CPPUNIT_ASSERT_MESSAGE(name, state.has_value());
            CPPUNIT_ASSERT_MESSAGE(name, campaigns::campaign::downloadOf(*state) == download);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(name, download != Download::None, campaigns::campaign::canDownload(*state));
        }
    }

    // stateLabel is the one way to name a state: its locale string state.<code>, in Spanish the
    // seed's labels (which the results route's and rename's Spanish messages quote), in English its own.
    void labelsComeFromTheLocaleFiles() {
        campaigns::web::PageTemplates texts(CAMPAIGNS_TEMPLATES_DIR);
        const campaigns::campaign::Words es = [&](const std::string& key) { return texts.text("es", key); };
        const campaigns::campaign::Words en = [&](const std::string& key) { return texts.text("en", key); };
        const std::vector<std::pair<CampaignState, std::string>> spanish{
            {CampaignState::Validating, "Validando"}, {CampaignState::Loaded, "Cargada"},
            {CampaignState::Invalid, "Inválida"},     {CampaignState::Sending, "Enviando"},
            {CampaignState::Paused, "Pausada"},       {CampaignState::Cancelled, "Cancelada"},
            {CampaignState::Completed, "Completada"}, {CampaignState::CompletedWithErrors, "Finalizada con errores"},
            {CampaignState::Failed, "Error"},         {CampaignState::Scheduled, "Programada"},
        };
        CPPUNIT_ASSERT_EQUAL(campaigns::campaign::allCampaignStates().size(), spanish.size());
        for (const auto& [state, label] : spanish) CPPUNIT_ASSERT_EQUAL(label, campaigns::campaign::stateLabel(state, es));
        CPPUNIT_ASSERT_EQUAL(std::string("Completed with errors"),
                             campaigns::campaign::stateLabel(CampaignState::CompletedWithErrors, en));
        CPPUNIT_ASSERT_EQUAL(std::string("Paused"), campaigns::campaign::stateLabel(CampaignState::Paused, en));
    }

    void listJsonOffersExactlyThatDownload() {
        for (const auto& [name, download] : kExpected) {
            campaigns::campaign::CampaignRecord c;
            c.id = 9007199254740993LL;
            c.state = *campaigns::campaign::campaignStateFromCode(name);
            // As the page receives it.
            std::ostringstream text;
            campaigns::campaign::campaignJson(c, {}, [](const std::string& k) { return k; }).stringify(text);
            const auto json = Poco::JSON::Parser().parse(text.str()).extract<Poco::JSON::Object::Ptr>();
            const auto actions = json->getObject("actions");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(name, download != Download::None, actions->getValue<bool>("download"));
            CPPUNIT_ASSERT_MESSAGE(name + std::string(": ") + text.str(), json->has("download_url"));
            const std::string base = "/campaigns/api/v1/campaigns/9007199254740993/";
            if (download == Download::None) {
                CPPUNIT_ASSERT_MESSAGE(name, json->isNull("download_url"));
            } else {
                CPPUNIT_ASSERT_EQUAL_MESSAGE(name, base + (download == Download::Results ? "results" : "errors") + "?format=xlsx",
                                             json->getValue<std::string>("download_url"));
            }
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CampaignStateTest);
