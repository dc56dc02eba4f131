#include "storage/MigrationRunner.h"

#include "storage/SqlScript.h"

#include <Poco/Data/Session.h>
#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <set>
#include <stdexcept>

using namespace Poco::Data::Keywords;

namespace campaigns::storage {

namespace {

const char* const kAppliedSchemaVersionSql = "SELECT COALESCE(MAX(version), 0) FROM campaigns_schema_migrations";

std::string readFile(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

std::set<int> appliedVersions(Poco::Data::Session& s) {
    std::vector<int> versions;
    s << "SELECT version FROM campaigns_schema_migrations", into(versions), now;
    return {versions.begin(), versions.end()};
}

void apply(Poco::Data::Session& s, const Migration& m) {
    for (const auto& statement : splitSqlScript(readFile(m.path))) {
        try {
            s << statement, now;
        } catch (const Poco::Exception& e) {
            throw Poco::DataException("migration " + Poco::Path(m.path).getFileName() + " failed: " + e.displayText());
        }
    }
}

void record(Poco::Data::Session& s, const Migration& m) {
    int version = m.version;
    std::string name = m.name;
    s << "INSERT INTO campaigns_schema_migrations (version, name) VALUES (?, ?)", use(version), use(name), now;
}

} // namespace

std::vector<Migration> listMigrations(const std::string& dir) {
    Poco::File folder(dir);
    if (!folder.exists()) throw Poco::FileNotFoundException("migrations folder " + dir);
    std::vector<Migration> out;
    std::set<int> seen;
    for (Poco::DirectoryIterator it(dir), end; it != end; ++it) {
        const std::string file = it.name();
        if (Poco::Path(file).getExtension() != "sql") continue;
        auto underscore = file.find('_');
        if (underscore == std::string::npos || underscore == 0 ||
            !std::all_of(file.begin(), file.begin() + underscore, ::isdigit))
            throw std::invalid_argument("migration file must be named NNN_name.sql: " + file);
        Migration m;
        m.version = std::stoi(file.substr(0, underscore));
        m.name = Poco::Path(file.substr(underscore + 1)).getBaseName();
        m.path = it.path().toString();
        if (!seen.insert(m.version).second) throw std::invalid_argument("repeated migration version in " + file);
        out.push_back(std::move(m));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
    return out;
}

MigrationRunner::MigrationRunner(helpdesk::Database& db, std::string sqlRoot, Poco::Logger& log)
    : db_(db), sqlRoot_(std::move(sqlRoot)), log_(log) {}

std::vector<int> MigrationRunner::run() {
    const bool mysql = db_.dialect() == helpdesk::Dialect::MySQL;
    auto all = listMigrations(Poco::Path(sqlRoot_).append(mysql ? "mysql" : "sqlite").toString());
    return mysql ? runMySQL(all) : runSQLite(all);
}

std::vector<int> MigrationRunner::runMySQL(const std::vector<Migration>& all) {
    auto s = db_.session();
    int got = 0;
    s << "SELECT GET_LOCK('campaigns_migrations', 120)", into(got), now;
    if (got != 1) throw Poco::TimeoutException("could not take the campaigns migration lock within 120 s");
    std::vector<int> done;
    try {
        s << "CREATE TABLE IF NOT EXISTS campaigns_schema_migrations ("
             " version INT NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL,"
             " applied_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP) ENGINE=InnoDB",
            now;
        auto applied = appliedVersions(s);
        for (const auto& m : all) {
            if (applied.count(m.version)) continue;
            log_.information("campaigns: applying migration %d_%s", m.version, m.name);
            // MySQL commits DDL implicitly, so the record follows the statements; the lock is what
            // keeps a second instance from running the same file meanwhile.
            apply(s, m);
            record(s, m);
            done.push_back(m.version);
        }
    } catch (...) {
        s << "DO RELEASE_LOCK('campaigns_migrations')", now;
        throw;
    }
    s << "DO RELEASE_LOCK('campaigns_migrations')", now;
    return done;
}

std::vector<int> MigrationRunner::runSQLite(const std::vector<Migration>& all) {
    auto s = db_.session();
    std::vector<int> done;
    s << "CREATE TABLE IF NOT EXISTS campaigns_schema_migrations ("
         " version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL,"
         " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)",
        now;
    for (const auto& m : all) {
        // One write transaction per migration: SQLite DDL is transactional, so a migration and its
        // record land together, and BEGIN IMMEDIATE serialises concurrent starters.
        s << "BEGIN IMMEDIATE", now;
        try {
            if (!appliedVersions(s).count(m.version)) {
                log_.information("campaigns: applying migration %d_%s", m.version, m.name);
                apply(s, m);
                record(s, m);
                done.push_back(m.version);
            }
            s << "COMMIT", now;
        } catch (...) {
            s << "ROLLBACK", now;
            throw;
        }
    }
    return done;
}

int appliedSchemaVersion(helpdesk::Database& db) {
    auto s = db.session();
    int latest = 0;
    s << kAppliedSchemaVersionSql, into(latest), now;
    return latest;
}

} // namespace campaigns::storage
