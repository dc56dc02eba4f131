// The command line of helpdesk-host, run as a child process on a temporary SQLite database.
#include "TestHost.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/Thread.h>

#include <signal.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace hosttest;

namespace {

struct Run {
    int rc = 0;
    std::string out;
};

std::string fileText(const std::string& path) {
    if (!Poco::File(path).exists()) return {};
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

// Waits up to 20 s for `needle` in the file; returns the file's text.
std::string waitForText(const std::string& path, const std::string& needle) {
    for (int i = 0; i < 200; ++i) {
        std::string text = fileText(path);
        if (text.find(needle) != std::string::npos) return text;
        Poco::Thread::sleep(100);
    }
    CPPUNIT_FAIL("no \"" + needle + "\" in " + path + ":\n" + fileText(path));
    return {};
}

void writeServeConfig(const std::string& dir, const std::string& level) {
    Poco::FileOutputStream f(dir + "/host.properties");
    f << "db.connector = sqlite\ndb.connection = " << dir << "/serve.db\ndata.dir = " << dir << "/data\n"
      << "http.address = 127.0.0.1\nhttp.port = 0\nplugins.dir = " << dir << "/no-plugins\n"
      << "logging.loggers.root.channel = file\nlogging.loggers.root.level = " << level << "\n"
      << "logging.channels.file.class = FileChannel\nlogging.channels.file.path = " << dir << "/host.log\n";
}

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
    CPPUNIT_TEST(testHangupRereadsTheConfigurationAndKeepsServing);
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

    // Issue 16: SIGHUP (systemd's ExecReload) ended the host at once, without draining. It now
    // rereads the configuration, applies the log level and keeps serving; SIGINT still stops it.
    void testHangupRereadsTheConfigurationAndKeepsServing() {
        const std::string dir = Poco::Path::temp() + uniqueName("refhost-hup-");
        Poco::File(dir + "/no-plugins").createDirectories();
        writeServeConfig(dir, "information");
        auto handle = Poco::Process::launch(HELPDESK_HOST_EXE, {"--config=" + dir + "/host.properties", "serve"});
        const std::string log = dir + "/host.log";
        const std::string started = waitForText(log, "listening on 127.0.0.1:");
        const auto at = started.find("listening on 127.0.0.1:") + std::string("listening on 127.0.0.1:").size();
        const auto port = static_cast<Poco::UInt16>(std::stoi(started.substr(at)));

        writeServeConfig(dir, "debug");
        CPPUNIT_ASSERT_EQUAL(0, ::kill(handle.id(), SIGHUP));
        waitForText(log, "log level debug");
        CPPUNIT_ASSERT(Poco::Process::isRunning(handle));
        Poco::Net::HTTPClientSession session("127.0.0.1", port);
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/login");
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        session.receiveResponse(response);
        CPPUNIT_ASSERT_EQUAL(200, static_cast<int>(response.getStatus()));

        Poco::Process::requestTermination(handle.id());
        CPPUNIT_ASSERT_EQUAL(0, handle.wait());
        CPPUNIT_ASSERT(fileText(log).find("stopping") != std::string::npos);
        Poco::File(dir).remove(true);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CliTest);
