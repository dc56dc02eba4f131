#include "TestDatabase.h"

#include <Poco/Data/MySQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Process.h>
#include <Poco/String.h>
#include <Poco/TemporaryFile.h>

#include <atomic>
#include <cstdlib>
#include <regex>

using namespace Poco::Data::Keywords;

namespace testsupport {

namespace {
std::atomic<int> counter{0};

void registerConnectors() {
    static const bool once = [] {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::MySQL::Connector::registerConnector();
        return true;
    }();
    (void)once;
}
} // namespace

bool TestDatabase::mysqlRequested() {
    const char* v = std::getenv("HELPDESK_TEST_MYSQL");
    return v && *v;
}

TestDatabase::TestDatabase(bool forceSqlite) {
    registerConnectors();
    if (!forceSqlite && mysqlRequested()) {
        dialect_ = helpdesk::Dialect::MySQL;
        connector_ = "MySQL";
        serverConnection_ = std::getenv("HELPDESK_TEST_MYSQL");
        dropName_ = "t_" + std::to_string(Poco::Process::id()) + "_" + std::to_string(counter++);
        {
            Poco::Data::Session admin(connector_, serverConnection_);
            admin << "CREATE DATABASE " + dropName_ + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", now;
        }
        connection_ = std::regex_replace(serverConnection_, std::regex("db=[^;]*"), "db=" + dropName_);
    } else {
        dialect_ = helpdesk::Dialect::SQLite;
        connector_ = "SQLite";
        sqliteFile_ = Poco::TemporaryFile::tempName() + ".sqlite";
        connection_ = sqliteFile_;
    }
    pool_ = std::make_unique<Poco::Data::SessionPool>(connector_, connection_, 1, 32, 60);
    if (dialect_ == helpdesk::Dialect::SQLite) {
        auto s = session();
        s << "PRAGMA journal_mode=WAL", now;
    }
}

Poco::Data::Session TestDatabase::session() {
    auto s = pool_->get();
    // Pooled SQLite connections are opened lazily; each needs the busy timeout so concurrent
    // writers wait for the lock instead of failing at once.
    if (dialect_ == helpdesk::Dialect::SQLite) s << "PRAGMA busy_timeout=10000", now;
    return s;
}

TestDatabase::~TestDatabase() {
    try {
        pool_->shutdown();
        pool_.reset();
        if (!dropName_.empty()) {
            Poco::Data::Session admin(connector_, serverConnection_);
            admin << "DROP DATABASE IF EXISTS " + dropName_, now;
        }
        if (!sqliteFile_.empty()) {
            for (const char* suffix : {"", "-wal", "-shm"}) {
                Poco::File f(sqliteFile_ + suffix);
                if (f.exists()) f.remove();
            }
        }
    } catch (...) {
        // A destructor must not throw; a leftover temp database is harmless for a test run.
    }
}

} // namespace testsupport
