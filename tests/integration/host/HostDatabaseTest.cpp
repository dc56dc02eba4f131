// HostDatabase on SQLite: several processes (here: pools) opening one new file at the same instant.
#include "HostDatabase.h"
#include "TestHost.h"

#include <Poco/File.h>
#include <Poco/Path.h>

#include <cppunit/extensions/HelperMacros.h>

#include <barrier>
#include <thread>

using namespace hosttest;
using namespace Poco::Data::Keywords;

class HostDatabaseTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(HostDatabaseTest);
    CPPUNIT_TEST(testPoolsOpeningOneNewFileTogether);
    CPPUNIT_TEST_SUITE_END();

public:
    // SQLite answers "database is locked" to the second of two connections switching a new file
    // to WAL, without waiting for its busy timeout. Two hosts starting together hit this.
    void testPoolsOpeningOneNewFileTogether() {
        constexpr int rounds = 60;
        constexpr int pools = 3;
        const std::string dir = Poco::Path::temp() + uniqueName("refhost-wal-");
        Poco::File(dir).createDirectories();
        int failures = 0;
        std::string firstError;
        for (int round = 0; round < rounds; ++round) {
            const std::string file = dir + "/round" + std::to_string(round) + ".sqlite";
            std::barrier start(pools);
            std::vector<std::string> errors(pools);
            std::vector<std::thread> threads;
            for (int i = 0; i < pools; ++i) {
                threads.emplace_back([&, i] {
                    try {
                        refhost::HostDatabase db("sqlite", file, 2);
                        start.arrive_and_wait();
                        auto s = db.session();
                        std::string mode;
                        s << "PRAGMA journal_mode", into(mode), now;
                        if (mode != "wal") errors[i] = "journal mode " + mode;
                    } catch (const Poco::Exception& e) {
                        errors[i] = e.displayText();
                    }
                });
            }
            for (auto& t : threads) t.join();
            for (const auto& e : errors) {
                if (e.empty()) continue;
                ++failures;
                if (firstError.empty()) firstError = e;
            }
        }
        Poco::File(dir).remove(true);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(firstError, 0, failures);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HostDatabaseTest);
