#include "HostDatabase.h"

#include <Poco/Data/MySQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Logger.h>
#include <Poco/String.h>
#include <Poco/Timestamp.h>

#include <chrono>
#include <mutex>
#include <thread>

using namespace Poco::Data::Keywords;

namespace refhost {
namespace {

std::once_flag connectorsRegistered;

// SQLite does not call the busy handler for the switch to WAL itself: when two connections open a
// new file at once (two hosts starting together), the second gets "database is locked" at once.
// The mode is stored in the file, so waiting until one of the switches lands is enough.
void useWal(Poco::Data::Session& session) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
        try {
            std::string mode;
            session << "PRAGMA journal_mode=WAL", into(mode), now;
            if (Poco::toLower(mode) == "wal") return;
            throw Poco::Data::DataException("SQLite kept journal mode " + mode + " instead of WAL");
        } catch (const Poco::Data::SQLite::DBLockedException&) {
            if (std::chrono::steady_clock::now() >= deadline) throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
}

// Every pooled SQLite connection waits for locks instead of failing at once, and uses WAL so
// readers do not block the writer.
class HostSessionPool : public Poco::Data::SessionPool {
public:
    HostSessionPool(const std::string& connector, const std::string& connection, int max, helpdesk::Dialect dialect)
        : Poco::Data::SessionPool(connector, connection, 1, max, 60), dialect_(dialect) {}

protected:
    void customizeSession(Poco::Data::Session& session) override {
        if (dialect_ != helpdesk::Dialect::SQLite) return;
        session << "PRAGMA busy_timeout=10000", now;
        useWal(session);
        session << "PRAGMA synchronous=NORMAL", now;
        session << "PRAGMA foreign_keys=ON", now;
    }

private:
    helpdesk::Dialect dialect_;
};

std::string withUtf8mb4(const std::string& connection) {
    if (Poco::toLower(connection).find("character-set") != std::string::npos) return connection;
    std::string c = connection;
    if (!c.empty() && c.back() != ';') c += ';';
    return c + "character-set=utf8mb4;";
}

} // namespace

HostDatabase::HostDatabase(const std::string& connector, const std::string& connection, int poolMax)
    : dialect_(connector == "mysql" ? helpdesk::Dialect::MySQL : helpdesk::Dialect::SQLite),
      connector_(connector),
      connection_(connector == "mysql" ? withUtf8mb4(connection) : connection) {
    std::call_once(connectorsRegistered, [] {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::MySQL::Connector::registerConnector();
    });
    pool_ = new HostSessionPool(connector_, connection_, poolMax, dialect_);
}

HostDatabase::~HostDatabase() {
    if (pool_) pool_->shutdown();
}

Poco::Data::Session HostDatabase::session() {
    // Always in autocommit mode: nothing here calls Poco's begin(), which would switch it off for
    // good (WriteTransaction below). Asking the server each time cost a statement per session,
    // about one per sent message.
    return pool_->get();
}

long long HostDatabase::lastInsertId(Poco::Data::Session& session) const {
    Poco::Int64 id = 0;
    if (dialect_ == helpdesk::Dialect::MySQL) {
        session << "SELECT LAST_INSERT_ID()", into(id), now;
    } else {
        session << "SELECT last_insert_rowid()", into(id), now;
    }
    return id;
}

WriteTransaction::WriteTransaction(Poco::Data::Session& session, helpdesk::Dialect dialect)
    : session_(session), dialect_(dialect) {
    // Statements rather than Poco's begin()/commit(): on MySQL those switch the connection's
    // autocommit off and never back, and the pool would hand it out that way.
    session_ << (dialect_ == helpdesk::Dialect::SQLite ? "BEGIN IMMEDIATE" : "START TRANSACTION"), now;
}

WriteTransaction::~WriteTransaction() {
    if (!open_) return;
    try {
        session_ << "ROLLBACK", now;
    } catch (const Poco::Exception& e) {
        // A destructor must not throw; the original error is already propagating.
        Poco::Logger::get("helpdesk.host.db").error("rollback failed: " + e.displayText());
    }
}

void WriteTransaction::commit() {
    session_ << "COMMIT", now;
    open_ = false;
}

long long nowMillis() { return Poco::Timestamp().epochMicroseconds() / 1000; }

} // namespace refhost
