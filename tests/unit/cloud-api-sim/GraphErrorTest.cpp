#include "GraphError.h"

#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

namespace {

Poco::JSON::Object::Ptr parse(const std::string& text) {
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

} // namespace

class GraphErrorTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(GraphErrorTest);
    CPPUNIT_TEST(testThroughputShape);
    CPPUNIT_TEST(testAuthShape);
    CPPUNIT_TEST(testCustomDetails);
    CPPUNIT_TEST(testAsyncErrorItem);
    CPPUNIT_TEST_SUITE_END();

public:
    void testThroughputShape() {
        auto e = cloudsim::graphError(130429);
        CPPUNIT_ASSERT_EQUAL(400, e.httpStatus);
        auto error = parse(e.toJson())->getObject("error");
        CPPUNIT_ASSERT_EQUAL(std::string("(#130429) Rate limit hit"), error->getValue<std::string>("message"));
        CPPUNIT_ASSERT_EQUAL(std::string("OAuthException"), error->getValue<std::string>("type"));
        CPPUNIT_ASSERT_EQUAL(130429, error->getValue<int>("code"));
        CPPUNIT_ASSERT_EQUAL(std::string("whatsapp"), error->getObject("error_data")->getValue<std::string>("messaging_product"));
        CPPUNIT_ASSERT_EQUAL(std::string("Cloud API message throughput has been reached."),
                             error->getObject("error_data")->getValue<std::string>("details"));
        CPPUNIT_ASSERT(!error->getValue<std::string>("fbtrace_id").empty());
    }

    void testAuthShape() {
        auto e = cloudsim::graphError(190);
        CPPUNIT_ASSERT_EQUAL(401, e.httpStatus);
        auto error = parse(e.toJson())->getObject("error");
        CPPUNIT_ASSERT_EQUAL(190, error->getValue<int>("code"));
        CPPUNIT_ASSERT_EQUAL(std::string("Invalid OAuth access token - Cannot parse access token"),
                             error->getValue<std::string>("message"));
        CPPUNIT_ASSERT(!error->has("error_data"));
    }

    void testCustomDetails() {
        auto e = cloudsim::graphError(132000, "body: localizable_params (1) does not match the expected number of params (2)");
        auto error = parse(e.toJson())->getObject("error");
        CPPUNIT_ASSERT_EQUAL(std::string("body: localizable_params (1) does not match the expected number of params (2)"),
                             error->getObject("error_data")->getValue<std::string>("details"));
        CPPUNIT_ASSERT_EQUAL(500, cloudsim::graphError(131000).httpStatus);
    }

    void testAsyncErrorItem() {
        auto item = parse(cloudsim::asyncErrorJson(131026));
        CPPUNIT_ASSERT_EQUAL(131026, item->getValue<int>("code"));
        CPPUNIT_ASSERT_EQUAL(std::string("Message undeliverable"), item->getValue<std::string>("title"));
        CPPUNIT_ASSERT_EQUAL(item->getValue<std::string>("title"), item->getValue<std::string>("message"));
        CPPUNIT_ASSERT(item->getObject("error_data")->has("details"));
        CPPUNIT_ASSERT(item->has("href"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(GraphErrorTest);
