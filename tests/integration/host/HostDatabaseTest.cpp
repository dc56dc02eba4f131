// HostDatabase: several processes (here: pools) opening one new SQLite file at the same instant;
// on either database, a session handed out after a write transaction is in autocommit mode, and
// handing one out costs the server no statement (it ran on every message's path).
#include "HostDatabase.h"
#include "TestHost.h"

#include <Poco/File.h>
#include <Poco/Path.h>

#include <cppunit/extensions/HelperMacros.h>

#include <barrier>
#include <string>
#include <thread>

using namespace hosttest;
using namespace Poco::Data::Keywords;

class HostDatabaseTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(HostDatabaseTest);
    CPPUNIT_TEST(testPoolsOpeningOneNewFileTogether);
    CPPUNIT_TEST(testSessionsAfterATransactionAutocommit);
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

    // One pooled connection, so the session after the transaction is the same connection: a plain
    // INSERT on it must be visible to another connection without a COMMIT.
    void testSessionsAfterATransactionAutocommit() {
        const std::string dir = Poco::Path::temp() + uniqueName("refhost-autocommit-");
        Poco::File(dir).createDirectories();
        {
            hosttest::TestDatabase where(dir);
            refhost::HostDatabase db(where.connector(), where.connection(), 1);
            refhost::HostDatabase other(where.connector(), where.connection(), 1);
            db.session() << "CREATE TABLE autocommit_probe (n INTEGER)", now;
            {
                auto s = db.session();
                refhost::WriteTransaction tx(s, db.dialect());
                s << "INSERT INTO autocommit_probe (n) VALUES (1)", now;
                tx.commit();
            }
            {
                auto s = db.session();
                refhost::WriteTransaction tx(s, db.dialect());
                s << "INSERT INTO autocommit_probe (n) VALUES (2)", now;
            } // rolled back
            db.session() << "INSERT INTO autocommit_probe (n) VALUES (3)", now;
            int seen = 0;
            other.session() << "SELECT COALESCE(SUM(n), 0) FROM autocommit_probe", into(seen), now;
            CPPUNIT_ASSERT_EQUAL(4, seen);
            // On MariaDB, which counts every statement a connection sends (Questions), taking sessions
            // from the pool must add none: it asked SELECT @@autocommit each time, 1.1 statements a
            // sent message (tests/bench/cost-per-message).
            if (where.mysql()) {
                auto questions = [&] {
                    auto s = db.session();
                    std::string q;
                    s << "SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'QUESTIONS'",
                        into(q), now;
                    return std::stoll(q);
                };
                const long long before = questions();
                for (int i = 0; i < 20; ++i) {
                    auto s = db.session();
                    refhost::WriteTransaction tx(s, db.dialect());
                    tx.commit();
                }
                // The 20 transactions' START TRANSACTION and COMMIT, and the second reading.
                CPPUNIT_ASSERT_EQUAL(before + 41, questions());
            }
        }
        Poco::File(dir).remove(true);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HostDatabaseTest);
