#include "TemplateCatalog.h"

#include <Poco/Exception.h>
#include <Poco/FileStream.h>
#include <Poco/TemporaryFile.h>

#include <cppunit/extensions/HelperMacros.h>

class TemplateFileTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TemplateFileTest);
    CPPUNIT_TEST(testLoadAddsAndReplaces);
    CPPUNIT_TEST(testMalformedFileRejected);
    CPPUNIT_TEST_SUITE_END();

public:
    static std::string write(const std::string& text) {
        Poco::TemporaryFile::registerForDeletion(path_ = Poco::TemporaryFile::tempName());
        Poco::FileOutputStream out(path_);
        out << text;
        return path_;
    }

    void testLoadAddsAndReplaces() {
        cloudsim::TemplateCatalog catalog;
        auto before = catalog.list().size();
        catalog.loadFile(write(R"({"data":[
            {"name":"cupon","language":"es_MX","status":"APPROVED","category":"MARKETING","id":"777",
             "components":[{"type":"BODY","text":"Tu cupón {{1}}"},
                           {"type":"BUTTONS","buttons":[{"type":"COPY_CODE","example":"X1"}]}]},
            {"name":"bienvenida","language":"es","status":"PAUSED","components":[{"type":"BODY","text":"Hola {{1}}"}]}]})"));
        CPPUNIT_ASSERT_EQUAL(before + 1, catalog.list().size());
        auto cupon = catalog.find("cupon", "es_MX");
        CPPUNIT_ASSERT(cupon);
        CPPUNIT_ASSERT_EQUAL(std::string("777"), cupon->id);
        CPPUNIT_ASSERT_EQUAL(1, cupon->spec.buttons[0].dynamicParams);
        CPPUNIT_ASSERT_EQUAL(std::string("PAUSED"), catalog.find("bienvenida", "es")->status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), catalog.find("bienvenida", "es")->spec.bodyPlaceholders.size());
    }

    void testMalformedFileRejected() {
        cloudsim::TemplateCatalog catalog;
        CPPUNIT_ASSERT_THROW(catalog.loadFile(write(R"({"data":[{"name":"x","language":"es"}]})")), Poco::DataException);
        CPPUNIT_ASSERT_THROW(catalog.loadFile(write(R"({"data":[{"name":"x","language":"es","id":"abc","components":[]}]})")),
                             Poco::DataException);
        CPPUNIT_ASSERT_THROW(catalog.loadFile(write(R"({"rows":[]})")), Poco::DataException);
        CPPUNIT_ASSERT_THROW(catalog.loadFile("/nonexistent/templates.json"), Poco::FileException);
    }

private:
    static inline std::string path_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(TemplateFileTest);
