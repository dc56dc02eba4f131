// The command line of helpdesk-host, run as a child process on a temporary SQLite database.
#include "TestHost.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace hosttest;

namespace {

struct Run {
    int rc = 0;
    std::string out;
};

Run runHost(const std::string& config, const std::vector<std::string>& args) {
    std::vector<std::string> all{"--config=" + config};
    all.insert(all.end(), args.begin(), args.end());
    Poco::Pipe out;
    Poco::Pipe err;
    auto handle = Poco::Process::launch(HELPDESK_HOST_EXE, all, nullptr, &out, &err);
    Poco::PipeInputStream in(out);
    Poco::PipeInputStream errIn(err);
    Run r;
    Poco::StreamCopier::copyToString(in, r.out);
    std::string ignored;
    Poco::StreamCopier::copyToString(errIn, ignored);
    r.rc = handle.wait();
    return r;
}

} // namespace

class CliTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CliTest);
    CPPUNIT_TEST(testSeedDemoIdempotentAndTokenCreate);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSeedDemoIdempotentAndTokenCreate() {
        const std::string dir = Poco::Path::temp() + uniqueName("refhost-cli-");
        Poco::File(dir).createDirectories();
        const std::string config = dir + "/host.properties";
        {
            Poco::FileOutputStream f(config);
            f << "db.connector = sqlite\ndb.connection = " << dir << "/cli.db\ndata.dir = " << dir << "/data\n"
              << "logging.loggers.root.channel = null\nlogging.channels.null.class = NullChannel\n";
        }
        auto first = runHost(config, {"seed-demo"});
        CPPUNIT_ASSERT_EQUAL(0, first.rc);
        CPPUNIT_ASSERT(first.out.find("usuario creado: admin") != std::string::npos);
        auto second = runHost(config, {"seed-demo"});
        CPPUNIT_ASSERT_EQUAL(0, second.rc);
        CPPUNIT_ASSERT(second.out.find("creado") == std::string::npos);

        auto token = runHost(config, {"token", "create", "--user", "agente", "--label", "cli"});
        CPPUNIT_ASSERT_EQUAL(0, token.rc);
        const std::string value = Poco::trim(token.out);
        CPPUNIT_ASSERT(value.rfind("hdt_", 0) == 0);
        CPPUNIT_ASSERT(runHost(config, {"token", "create", "--user", "nadie"}).rc != 0);
        CPPUNIT_ASSERT_EQUAL(0,
                             runHost(config, {"user", "add", "--login", "ana", "--password", "secreta1", "--role", "agent"}).rc);
        CPPUNIT_ASSERT(runHost(config, {"user", "add", "--login", "bob", "--password", "secreta1", "--role", "jefe"}).rc != 0);

        {
            Poco::AutoPtr<Poco::Util::MapConfiguration> c(new Poco::Util::MapConfiguration);
            c->setString("db.connection", dir + "/cli.db");
            c->setString("data.dir", dir + "/data");
            refhost::Host host(*c);
            host.openStorage();
            auto user = host.services().auth.userForToken(value);
            CPPUNIT_ASSERT(user.has_value());
            CPPUNIT_ASSERT_EQUAL(std::string("agente"), user->login);
            CPPUNIT_ASSERT(host.services().auth.checkPassword("admin", "admin123").has_value());
            CPPUNIT_ASSERT(host.services().auth.checkPassword("ana", "secreta1").has_value());
            CPPUNIT_ASSERT_EQUAL(std::size_t(5), host.services().directory.metadata().size());
            auto support = host.services().directory.metadataByKey("prioridad_soporte");
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), support->departmentIds.size());
            CPPUNIT_ASSERT(host.services().directory.metadataByKey("rut")->scope == helpdesk::MetadataScope::Client);
        }
        Poco::File(dir).remove(true);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CliTest);
