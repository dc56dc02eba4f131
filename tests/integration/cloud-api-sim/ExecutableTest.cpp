#include <Poco/Environment.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <cppunit/extensions/HelperMacros.h>

// The server binary as scripts use it: port 0, read "LISTENING <port>", stop with SIGINT.
class ExecutableTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ExecutableTest);
    CPPUNIT_TEST(testPrintsPortAndServes);
    CPPUNIT_TEST(testBadSettingFailsToStart);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPrintsPortAndServes() {
        Poco::Pipe out;
        auto handle = Poco::Process::launch(Poco::Environment::get("CLOUD_API_SIM"),
                                            {"--port=0", "--set=throughput_mps=1000", "--set=stats_log_interval_s=0"}, nullptr,
                                            &out, nullptr);
        Poco::PipeInputStream in(out);
        std::string word;
        int port = 0;
        in >> word >> port;
        CPPUNIT_ASSERT_EQUAL(std::string("LISTENING"), word);
        CPPUNIT_ASSERT(port > 0);

        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/_sim/config", Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::string body;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
        CPPUNIT_ASSERT_EQUAL(200, static_cast<int>(response.getStatus()));
        CPPUNIT_ASSERT(body.find("\"throughput_mps\":1000") != std::string::npos);

        Poco::Process::requestTermination(handle.id());
        CPPUNIT_ASSERT_EQUAL(0, handle.wait());
    }

    void testBadSettingFailsToStart() {
        auto handle =
            Poco::Process::launch(Poco::Environment::get("CLOUD_API_SIM"), {"--set=p_read=3"}, nullptr, nullptr, nullptr);
        CPPUNIT_ASSERT(handle.wait() != 0);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ExecutableTest);
