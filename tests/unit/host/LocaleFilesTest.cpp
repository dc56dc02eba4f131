// Issue 16, "both languages, whole": the host's and the plugin's locale files hold the same keys in
// Spanish and English, with no value left empty, and HostText reads them (fallback, placeholders).
#include "HostText.h"

#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <string>

namespace {

// Names every key one file has and the other lacks, and every empty value.
std::string differences(const std::string& dir) {
    const auto es = refhost::HostText::load(dir, "es");
    const auto en = refhost::HostText::load(dir, "en");
    std::string out;
    for (const auto& [k, v] : es) {
        if (!en.count(k)) out += " only in es: " + k + ";";
        if (v.empty()) out += " empty in es: " + k + ";";
    }
    for (const auto& [k, v] : en) {
        if (!es.count(k)) out += " only in en: " + k + ";";
        if (v.empty()) out += " empty in en: " + k + ";";
    }
    if (es.size() < 10) out += " too few keys in " + dir;
    return out;
}

} // namespace

class LocaleFilesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LocaleFilesTest);
    CPPUNIT_TEST(hostLocalesHaveTheSameKeys);
    CPPUNIT_TEST(pluginLocalesHaveTheSameKeys);
    CPPUNIT_TEST(hostTextPicksTheLanguageAndFillsPlaceholders);
    CPPUNIT_TEST_SUITE_END();

public:
    void hostLocalesHaveTheSameKeys() { CPPUNIT_ASSERT_EQUAL(std::string(), differences(REFHOST_LOCALES_DIR)); }

    void pluginLocalesHaveTheSameKeys() { CPPUNIT_ASSERT_EQUAL(std::string(), differences(CAMPAIGNS_LOCALES_DIR)); }

    void hostTextPicksTheLanguageAndFillsPlaceholders() {
        refhost::HostText text(REFHOST_LOCALES_DIR);
        CPPUNIT_ASSERT_EQUAL(std::string("en"), refhost::HostText::language("en"));
        CPPUNIT_ASSERT_EQUAL(std::string("es"), refhost::HostText::language("es"));
        CPPUNIT_ASSERT_EQUAL(std::string("es"), refhost::HostText::language("fr"));
        CPPUNIT_ASSERT_EQUAL(std::string("Iniciar sesión"), text.get("es", "login.title"));
        CPPUNIT_ASSERT_EQUAL(std::string("Sign in"), text.get("en", "login.title"));
        CPPUNIT_ASSERT_EQUAL(std::string("Ticket #42"), text.get("en", "tickets.ticket", {{"id", "42"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("no.such.key"), text.get("en", "no.such.key"));
        CPPUNIT_ASSERT_EQUAL(std::string("Administration"), text.section("en", "Administrador"));
        CPPUNIT_ASSERT_EQUAL(std::string("Analytics"), text.section("en", "Analítica"));
        CPPUNIT_ASSERT_EQUAL(std::string("Otra sección"), text.section("en", "Otra sección"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LocaleFilesTest);
