// Issue 16, "both languages, whole": the host's and the plugin's locale files hold the same keys in
// Spanish and English, with no value left empty, and HostText reads them (fallback, placeholders).
#include "HostText.h"

#include <Poco/AutoPtr.h>
#include <Poco/Path.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <set>
#include <string>

namespace {

void collect(const Poco::Util::AbstractConfiguration& cfg, const std::string& prefix, std::map<std::string, std::string>& out) {
    Poco::Util::AbstractConfiguration::Keys keys;
    cfg.keys(prefix, keys);
    for (const auto& k : keys) {
        const std::string full = prefix.empty() ? k : prefix + "." + k;
        if (cfg.has(full)) out[full] = cfg.getRawString(full);
        collect(cfg, full, out);
    }
}

std::map<std::string, std::string> read(const std::string& dir, const std::string& lang) {
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> cfg(
        new Poco::Util::PropertyFileConfiguration(Poco::Path(dir).append(lang + ".properties").toString()));
    std::map<std::string, std::string> out;
    collect(*cfg, "", out);
    return out;
}

// Names every key one file has and the other lacks, and every empty value.
std::string differences(const std::string& dir) {
    const auto es = read(dir, "es");
    const auto en = read(dir, "en");
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
