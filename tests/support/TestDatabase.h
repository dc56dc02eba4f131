#pragma once
// A fresh, empty database for one test suite, implementing the host's helpdesk::Database.
// With HELPDESK_TEST_MYSQL set (a Poco MySQL connection string to the throwaway MariaDB), it
// creates a uniquely named database there and drops it afterwards; otherwise a temp SQLite file.
#include <helpdesk/Database.h>

#include <Poco/Data/SessionPool.h>

#include <memory>
#include <string>

namespace testsupport {

class TestDatabase : public helpdesk::Database {
public:
    // `forceSqlite` ignores HELPDESK_TEST_MYSQL.
    explicit TestDatabase(bool forceSqlite = false);
    ~TestDatabase() override;

    helpdesk::Dialect dialect() const override { return dialect_; }
    Poco::Data::Session session() override;
    std::string connector() const override { return connector_; }
    std::string connectionString() const override { return connection_; }

    // True when the run targets MariaDB (the variable is set).
    static bool mysqlRequested();

private:
    helpdesk::Dialect dialect_;
    std::string connector_, connection_, dropName_, sqliteFile_, serverConnection_;
    std::unique_ptr<Poco::Data::SessionPool> pool_;
};

} // namespace testsupport
