#pragma once
#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>

#include <string>

namespace helpdesk {

enum class Dialect { SQLite, MySQL };

inline const char* dialectName(Dialect d) { return d == Dialect::MySQL ? "mysql" : "sqlite"; }

// The host's database. Plugins keep their own tables in it (created by their own migrations) and
// may join them with the host's `tickets` table in read-only queries.
// Sessions are thread-safe to obtain from any thread; one Session must not be shared by threads.
class Database {
public:
    virtual ~Database() = default;
    virtual Dialect dialect() const = 0;
    // A pooled session in autocommit mode; returned to the pool when the last copy is destroyed.
    // Run transactions with explicit START TRANSACTION/COMMIT (or BEGIN IMMEDIATE on SQLite):
    // Poco 1.11's MySQL Session::begin() leaves autocommit off after commit().
    virtual Poco::Data::Session session() = 0;
    // The Poco connector name and connection string, for tools that need their own connection.
    virtual std::string connector() const = 0;
    virtual std::string connectionString() const = 0;
};

} // namespace helpdesk
