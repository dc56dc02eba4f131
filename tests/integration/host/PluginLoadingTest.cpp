// Plugin loading: a good plugin serves, one built for another API major is refused with a log line,
// one whose start() throws leaves nothing behind, and the host keeps serving throughout.
#include "LogLines.h"
#include "TestHost.h"

#include <helpdesk/Version.h>

#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <cppunit/extensions/HelperMacros.h>

#include <mutex>

using namespace hosttest;
using helpdesk::Role;

class PluginLoadingTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PluginLoadingTest);
    CPPUNIT_TEST(testVersionSymbolIsRead);
    CPPUNIT_TEST(testGoodServedBadRefusedThrowingUnloaded);
    CPPUNIT_TEST_SUITE_END();

public:
    void testVersionSymbolIsRead() {
        std::string why;
        auto good = refhost::readPluginApiVersion(std::string(HOST_TEST_PLUGIN_DIR) + "/good_plugin.so", why);
        CPPUNIT_ASSERT(good == HELPDESK_HOST_API_VERSION);
        auto bad = refhost::readPluginApiVersion(std::string(HOST_TEST_PLUGIN_DIR) + "/bad_version_plugin.so", why);
        CPPUNIT_ASSERT(bad == (HELPDESK_HOST_API_VERSION_MAJOR + 1) * 1000);
        CPPUNIT_ASSERT(!refhost::readPluginApiVersion(std::string(HOST_TEST_PLUGIN_DIR) + "/missing.so", why).has_value());
        CPPUNIT_ASSERT(!why.empty());
    }

    void testGoodServedBadRefusedThrowingUnloaded() {
        Poco::AutoPtr<testsupport::LogLines> channel(new testsupport::LogLines);
        auto& logger = Poco::Logger::get("helpdesk.host.plugins");
        Poco::AutoPtr<Poco::Channel> previous(logger.getChannel(), true);
        logger.setChannel(channel);
        logger.setLevel(Poco::Message::PRIO_INFORMATION);

        TestHost t({{"plugins.dir", HOST_TEST_PLUGIN_DIR}, {"plugins.good.greeting", "buenas"}});
        logger.setChannel(previous);

        auto refused = channel->matching("bad_version_plugin.so", "refused");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), refused.size());
        // Both versions, whatever the current major is: the plugin's (one above) and the host's.
        const std::string pluginVersion = std::to_string(HELPDESK_HOST_API_VERSION_MAJOR + 1) + ".0";
        const std::string hostVersion =
            std::to_string(HELPDESK_HOST_API_VERSION_MAJOR) + "." + std::to_string(HELPDESK_HOST_API_VERSION_MINOR);
        CPPUNIT_ASSERT_MESSAGE(refused[0], refused[0].find("built for host API " + pluginVersion + ",") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(refused[0], refused[0].find("this host implements " + hostVersion) != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), channel->matching("throwing", "falla a propósito").size());

        CPPUNIT_ASSERT(t.host().plugins().running() == std::vector<std::string>{"good"});
        // Only the host's own task (flushing API token uses): the plugins' are withdrawn.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), t.services().scheduler.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), t.services().events.subscriberCount());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), t.services().tickets.panels().size()); // good's; throwing's withdrawn

        t.addUser("admin", Role::Administrator, "admin123");
        const std::string cookie = login(t.port(), "admin", "admin123");
        auto hello = http(t.port(), "GET", "/good/hello", {{"Cookie", cookie}});
        CPPUNIT_ASSERT_EQUAL(200, hello.status);
        CPPUNIT_ASSERT_EQUAL(std::string("buenas admin"), hello.body);
        CPPUNIT_ASSERT_EQUAL(404, http(t.port(), "GET", "/bad/hello", {{"Cookie", cookie}}).status);
        CPPUNIT_ASSERT_EQUAL(404, http(t.port(), "GET", "/throwing/hello", {{"Cookie", cookie}}).status);

        auto page = http(t.port(), "GET", "/good/page", {{"Cookie", cookie}});
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        CPPUNIT_ASSERT(page.body.find("<p id=\"good\">contenido del plugin</p>") != std::string::npos);
        CPPUNIT_ASSERT(page.body.find("Buen plugin") != std::string::npos); // its menu entry
        CPPUNIT_ASSERT(page.body.find("Plugin roto") == std::string::npos); // the failed plugin's is gone
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), csrfFromPage(page.body).size());

        // Public-signed routes need neither session nor CSRF token.
        auto hook = http(t.port(), "POST", "/good/hook", {}, "{}", "application/json");
        CPPUNIT_ASSERT_EQUAL(200, hook.status);
        CPPUNIT_ASSERT_EQUAL(200, http(t.port(), "GET", "/tickets", {{"Cookie", cookie}}).status);

        const long long ticket =
            t.services().tickets.create({"good:1", std::nullopt, "", true, std::nullopt, {}, "", "", "", std::nullopt});
        auto ticketPage = http(t.port(), "GET", "/tickets/" + std::to_string(ticket), {{"Cookie", cookie}});
        CPPUNIT_ASSERT(ticketPage.body.find("<p id=\"good-panel\">" + std::to_string(ticket) + "</p>") != std::string::npos);

        t.host().stop();
        CPPUNIT_ASSERT(t.host().plugins().running().empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), t.services().tickets.panels().size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PluginLoadingTest);
