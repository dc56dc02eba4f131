#include "TemplateCatalog.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <cppunit/extensions/HelperMacros.h>

#include <set>

namespace {

Poco::JSON::Object::Ptr parse(const std::string& text) {
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string afterParam(const std::string& next) {
    for (const auto& [key, value] : Poco::URI(next).getQueryParameters())
        if (key == "after") return value;
    return {};
}

} // namespace

class TemplatePagingTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TemplatePagingTest);
    CPPUNIT_TEST(testThreePagesAtLimit25);
    CPPUNIT_TEST(testCursorRoundTrip);
    CPPUNIT_TEST(testForeignCursorRejected);
    CPPUNIT_TEST(testStatusChangeAndReset);
    CPPUNIT_TEST_SUITE_END();

public:
    void testThreePagesAtLimit25() {
        cloudsim::TemplateCatalog catalog;
        auto all = catalog.list();
        std::set<std::string> seen;
        std::string after;
        int pages = 0;
        while (true) {
            auto page = parse(cloudsim::renderTemplatePage(all, 25, after, "http://sim/v23.0/1/message_templates?limit=25&"));
            ++pages;
            auto data = page->getArray("data");
            CPPUNIT_ASSERT(data->size() <= 25);
            for (std::size_t i = 0; i < data->size(); ++i)
                seen.insert(data->getObject(static_cast<unsigned>(i))->getValue<std::string>("name") + "/" +
                            data->getObject(static_cast<unsigned>(i))->getValue<std::string>("language"));
            auto paging = page->getObject("paging");
            CPPUNIT_ASSERT(paging->getObject("cursors")->has("after"));
            if (!paging->has("next")) break;
            after = afterParam(paging->getValue<std::string>("next"));
            CPPUNIT_ASSERT_EQUAL(paging->getObject("cursors")->getValue<std::string>("after"), after);
        }
        CPPUNIT_ASSERT_EQUAL(3, pages);
        CPPUNIT_ASSERT_EQUAL(all.size(), seen.size());
        CPPUNIT_ASSERT(seen.count("bienvenida/es") && seen.count("aviso_en/en_US") && seen.count("pausada/es"));
    }

    void testCursorRoundTrip() {
        CPPUNIT_ASSERT_EQUAL(std::size_t(49), cloudsim::decodeCursor(cloudsim::encodeCursor(49)));
        CPPUNIT_ASSERT(cloudsim::encodeCursor(7).find_first_of("+/=") == std::string::npos);
    }

    void testForeignCursorRejected() { CPPUNIT_ASSERT_THROW(cloudsim::decodeCursor("QVFIUxyz"), Poco::SyntaxException); }

    void testStatusChangeAndReset() {
        cloudsim::TemplateCatalog catalog;
        auto changed = catalog.setStatus("bienvenida", "", "paused");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), changed.size());
        CPPUNIT_ASSERT_EQUAL(std::string("PAUSED"), catalog.find("bienvenida", "es")->status);
        catalog.reset();
        CPPUNIT_ASSERT_EQUAL(std::string("APPROVED"), catalog.find("bienvenida", "es")->status);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TemplatePagingTest);
