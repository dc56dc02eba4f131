// Migrations: applied once even when two hosts start together on the same database.
#include "Migrations.h"
#include "TestHost.h"

#include <Poco/File.h>
#include <Poco/Path.h>

#include <cppunit/extensions/HelperMacros.h>

#include <thread>

using namespace hosttest;
using namespace Poco::Data::Keywords;

class MigrationTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MigrationTest);
    CPPUNIT_TEST(testTwoHostsApplyMigrationsOnce);
    CPPUNIT_TEST(testMigrationFilesAreOrdered);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTwoHostsApplyMigrationsOnce() {
        const std::string dir = Poco::Path::temp() + uniqueName("refhost-mig-");
        Poco::File(dir).createDirectories();
        {
            TestDatabase db(dir);
            Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
            config->setString("db.connector", db.connector());
            config->setString("db.connection", db.connection());
            config->setString("data.dir", dir);
            refhost::Host a(*config), b(*config);
            std::string errorA, errorB;
            std::thread ta([&] {
                try {
                    a.openStorage();
                } catch (const Poco::Exception& e) {
                    errorA = e.displayText();
                }
            });
            std::thread tb([&] {
                try {
                    b.openStorage();
                } catch (const Poco::Exception& e) {
                    errorB = e.displayText();
                }
            });
            ta.join();
            tb.join();
            CPPUNIT_ASSERT_EQUAL(std::string(), errorA);
            CPPUNIT_ASSERT_EQUAL(std::string(), errorB);

            const auto files = refhost::listMigrations(a.settings().sqlDir + "/" + db.connector());
            auto s = a.services().db.session();
            std::vector<int> versions;
            s << "SELECT version FROM host_schema_migrations ORDER BY version", into(versions), now;
            CPPUNIT_ASSERT_EQUAL(files.size(), versions.size());
            for (std::size_t i = 0; i < files.size(); ++i) CPPUNIT_ASSERT_EQUAL(files[i].version, versions[i]);
            CPPUNIT_ASSERT_EQUAL(0, refhost::applyMigrations(a.services().db, a.settings().sqlDir));

            if (db.mysql()) {
                CPPUNIT_ASSERT(a.services().db.dialect() == helpdesk::Dialect::MySQL);
            } else {
                // The SQLite path: serialised by one IMMEDIATE transaction, WAL on every connection.
                CPPUNIT_ASSERT(a.services().db.dialect() == helpdesk::Dialect::SQLite);
                std::string mode;
                s << "PRAGMA journal_mode", into(mode), now;
                CPPUNIT_ASSERT_EQUAL(std::string("wal"), mode);
            }
        }
        Poco::File(dir).remove(true);
    }

    void testMigrationFilesAreOrdered() {
        const std::string dir = Poco::Path::temp() + uniqueName("refhost-files-");
        Poco::File(dir).createDirectories();
        for (const char* name : {"010_later.sql", "002_second.sql", "001_first.sql", "notes.txt"})
            Poco::File(dir + "/" + name).createFile();
        auto files = refhost::listMigrations(dir);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), files.size());
        CPPUNIT_ASSERT_EQUAL(1, files[0].version);
        CPPUNIT_ASSERT_EQUAL(10, files[2].version);
        Poco::File(dir + "/002_again.sql").createFile();
        CPPUNIT_ASSERT_THROW(refhost::listMigrations(dir), Poco::DataException);
        Poco::File(dir).remove(true);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MigrationTest);
