#pragma once
#include <helpdesk/Database.h>

#include <Poco/AutoPtr.h>
#include <Poco/Data/SessionPool.h>

#include <string>

namespace refhost {

// The host's database: a session pool for SQLite or MySQL/MariaDB.
class HostDatabase : public helpdesk::Database {
public:
    // Registers both Poco connectors (idempotent). `connector` is "sqlite" or "mysql".
    HostDatabase(const std::string& connector, const std::string& connection, int poolMax);
    ~HostDatabase() override;

    helpdesk::Dialect dialect() const override { return dialect_; }
    Poco::Data::Session session() override;
    std::string connector() const override { return connector_; }
    std::string connectionString() const override { return connection_; }

    // Dialect-specific statements the host's code needs in a few places.
    long long lastInsertId(Poco::Data::Session& session) const;

private:
    helpdesk::Dialect dialect_;
    std::string connector_;
    std::string connection_;
    Poco::AutoPtr<Poco::Data::SessionPool> pool_;
};

// Begins a write transaction (BEGIN IMMEDIATE on SQLite so writers queue on busy_timeout instead
// of failing on lock upgrade) and rolls back on destruction unless commit() was called.
class WriteTransaction {
public:
    WriteTransaction(Poco::Data::Session& session, helpdesk::Dialect dialect);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;
    void commit();

private:
    Poco::Data::Session& session_;
    helpdesk::Dialect dialect_;
    bool open_ = true;
};

// Milliseconds since the Unix epoch: the unit of every *_at column of the host's tables.
long long nowMillis();

} // namespace refhost
