#include "HostConfig.h"
#include "HttpUtil.h"
#include "Migrations.h"
#include "StaticFiles.h"

#include <Poco/Environment.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Util/MapConfiguration.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace refhost;

class HostHelpersTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(HostHelpersTest);
    CPPUNIT_TEST(testSqlSplitting);
    CPPUNIT_TEST(testStaticPathSafety);
    CPPUNIT_TEST(testConfigDefaultsAndEnvironmentOverride);
    CPPUNIT_TEST(testConfigRejectsBadValues);
    CPPUNIT_TEST(testRedactConnection);
    CPPUNIT_TEST(testErrorJsonShape);
    CPPUNIT_TEST(testHtmlEscapeAndApiDetection);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSqlSplitting() {
        auto stmts = splitSqlStatements(
            "-- comment; not a statement\nCREATE TABLE a (x TEXT DEFAULT ';');\n\nINSERT INTO a VALUES ('--x');");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), stmts.size());
        CPPUNIT_ASSERT_EQUAL(std::string("CREATE TABLE a (x TEXT DEFAULT ';')"), stmts[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("INSERT INTO a VALUES ('--x')"), stmts[1]);
    }

    void testStaticPathSafety() {
        CPPUNIT_ASSERT(StaticFiles::safeRelativePath("js/app.js"));
        CPPUNIT_ASSERT(!StaticFiles::safeRelativePath("../secret"));
        CPPUNIT_ASSERT(!StaticFiles::safeRelativePath("a/../../b"));
        CPPUNIT_ASSERT(!StaticFiles::safeRelativePath("/etc/passwd"));
        CPPUNIT_ASSERT(!StaticFiles::safeRelativePath(""));
        CPPUNIT_ASSERT_EQUAL(std::string("text/css; charset=utf-8"), StaticFiles::contentTypeFor("a.CSS"));
    }

    void testConfigDefaultsAndEnvironmentOverride() {
        Poco::AutoPtr<Poco::Util::MapConfiguration> c(new Poco::Util::MapConfiguration);
        c->setString("http.port", "9000");
        auto s = HostConfig::load(*c);
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"), s.httpAddress);
        CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(9000), s.httpPort);
        CPPUNIT_ASSERT_EQUAL(std::string("sqlite"), s.dbConnector);
        CPPUNIT_ASSERT_EQUAL(std::string("America/Santiago"), s.timeZone);
        CPPUNIT_ASSERT_EQUAL(10000L, s.pluginStopBudgetMs);
        CPPUNIT_ASSERT_EQUAL(std::string("HELPDESK_HTTP_PORT"), environmentNameFor("http.port"));
        Poco::Environment::set("HELPDESK_HTTP_PORT", "9100");
        s = HostConfig::load(*c);
        Poco::Environment::set("HELPDESK_HTTP_PORT", "");
        CPPUNIT_ASSERT_EQUAL(static_cast<unsigned short>(9100), s.httpPort);
    }

    void testConfigRejectsBadValues() {
        Poco::AutoPtr<Poco::Util::MapConfiguration> c(new Poco::Util::MapConfiguration);
        c->setString("db.connector", "oracle");
        CPPUNIT_ASSERT_THROW(HostConfig::load(*c), Poco::InvalidArgumentException);
        c->setString("db.connector", "mysql");
        c->setString("http.port", "70000");
        CPPUNIT_ASSERT_THROW(HostConfig::load(*c), Poco::InvalidArgumentException);
    }

    void testRedactConnection() {
        CPPUNIT_ASSERT_EQUAL(std::string("host=h;user=u;password=***;db=x"),
                             redactConnection("host=h;user=u;password=s3cret;db=x"));
    }

    void testErrorJsonShape() {
        auto parsed = Poco::JSON::Parser().parse(errorJson("invalid_csrf_token", "Sesión \"expirada\"", "[\"a\"]"));
        auto obj = parsed.extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(std::string("invalid_csrf_token"), obj->getValue<std::string>("error"));
        CPPUNIT_ASSERT_EQUAL(std::string("Sesión \"expirada\""), obj->getValue<std::string>("message"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), obj->getArray("details")->size());
    }

    void testHtmlEscapeAndApiDetection() {
        CPPUNIT_ASSERT_EQUAL(std::string("&lt;b a=&quot;1&quot;&gt;&amp;&#39;"), htmlEscape("<b a=\"1\">&'"));
        CPPUNIT_ASSERT(isApiRequest("/campaigns/api/v1/x", "*/*"));
        CPPUNIT_ASSERT(isApiRequest("/tickets", "application/json"));
        CPPUNIT_ASSERT(!isApiRequest("/tickets", "text/html,*/*"));
        CPPUNIT_ASSERT(isStateChanging("patch"));
        CPPUNIT_ASSERT(!isStateChanging("GET"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HostHelpersTest);
