// Runs the plugin's real migrations (sql/plugin) and throwaway ones against SQLite or, with
// HELPDESK_TEST_MYSQL set, the throwaway MariaDB.
#include "TestDatabase.h"
#include "storage/MigrationRunner.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Logger.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <thread>

using namespace Poco::Data::Keywords;
using campaigns::storage::MigrationRunner;

namespace {
Poco::Logger& log() { return Poco::Logger::get("test"); }

// A migration folder with one file that fails if it is ever applied twice (plain CREATE TABLE and
// an INSERT into a table with a unique key).
std::string makeSqlRoot(const std::string& extra = {}) {
    std::string root = Poco::TemporaryFile::tempName();
    for (const char* d : {"mysql", "sqlite"}) {
        Poco::File(Poco::Path(root).append(d)).createDirectories();
        Poco::FileOutputStream f(Poco::Path(root).append(d).append("001_once.sql").toString());
        f << "CREATE TABLE once_table (id INT NOT NULL PRIMARY KEY);\n"
             "INSERT INTO once_table (id) VALUES (1); -- fails on a second run\n";
        if (!extra.empty()) {
            Poco::FileOutputStream g(Poco::Path(root).append(d).append("002_extra.sql").toString());
            g << extra;
        }
    }
    return root;
}
} // namespace

class MigrationRunnerTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MigrationRunnerTest);
    CPPUNIT_TEST(appliesRealPluginMigrations);
    CPPUNIT_TEST(secondRunAppliesNothing);
    CPPUNIT_TEST(concurrentStartersApplyExactlyOnce);
    CPPUNIT_TEST(failingMigrationNamesTheFileAndIsNotRecorded);
    CPPUNIT_TEST_SUITE_END();

public:
    void appliesRealPluginMigrations() {
        testsupport::TestDatabase db;
        MigrationRunner runner(db, CAMPAIGNS_SQL_DIR, log());
        auto applied = runner.run();
        CPPUNIT_ASSERT(!applied.empty());
        CPPUNIT_ASSERT_EQUAL(1, applied.front());
        auto s = db.session();
        int n = -1;
        s << "SELECT COUNT(*) FROM campaigns_settings", into(n), now;
        CPPUNIT_ASSERT_EQUAL(0, n);
    }
    void secondRunAppliesNothing() {
        testsupport::TestDatabase db;
        auto root = makeSqlRoot();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), MigrationRunner(db, root, log()).run().size());
        CPPUNIT_ASSERT(MigrationRunner(db, root, log()).run().empty());
        Poco::File(root).remove(true);
    }
    void concurrentStartersApplyExactlyOnce() {
        testsupport::TestDatabase db;
        auto root = makeSqlRoot("CREATE TABLE second_table (id INT NOT NULL PRIMARY KEY);");
        std::atomic<int> appliedTotal{0}, failures{0};
        std::vector<std::thread> starters;
        for (int i = 0; i < 6; ++i) {
            starters.emplace_back([&] {
                try {
                    appliedTotal += static_cast<int>(MigrationRunner(db, root, log()).run().size());
                } catch (const std::exception& e) {
                    log().error("starter failed: %s", std::string(e.what()));
                    ++failures;
                }
            });
        }
        for (auto& t : starters) t.join();
        CPPUNIT_ASSERT_EQUAL(0, failures.load());
        CPPUNIT_ASSERT_EQUAL(2, appliedTotal.load());
        auto s = db.session();
        int rows = 0;
        s << "SELECT COUNT(*) FROM campaigns_schema_migrations", into(rows), now;
        CPPUNIT_ASSERT_EQUAL(2, rows);
        Poco::File(root).remove(true);
    }
    void failingMigrationNamesTheFileAndIsNotRecorded() {
        testsupport::TestDatabase db;
        auto root = makeSqlRoot("CREATE TABLE broken (;");
        try {
            MigrationRunner(db, root, log()).run();
            CPPUNIT_FAIL("a broken migration must throw");
        } catch (const Poco::Exception& e) {
            CPPUNIT_ASSERT(e.displayText().find("002_extra.sql") != std::string::npos);
        }
        auto s = db.session();
        int rows = 0;
        s << "SELECT COUNT(*) FROM campaigns_schema_migrations WHERE version = 2", into(rows), now;
        CPPUNIT_ASSERT_EQUAL(0, rows);
        Poco::File(root).remove(true);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(MigrationRunnerTest);
