#pragma once
#include <helpdesk/Database.h>

#include <Poco/Logger.h>

#include <string>
#include <vector>

namespace campaigns::storage {

struct Migration {
    int version = 0;
    std::string name; // file name without the number, e.g. "init"
    std::string path;
};

// Lists `dir`/NNN_name.sql in version order. Throws Poco::FileNotFoundException for a missing
// folder and std::invalid_argument for a badly named file or a repeated version.
std::vector<Migration> listMigrations(const std::string& dir);

// Applies the plugin's migrations that are not yet recorded in `campaigns_schema_migrations`.
// Several host instances may start at once against one MySQL: the whole run holds the named lock
// GET_LOCK('campaigns_migrations'), so each migration is applied exactly once. On SQLite the run
// holds the database's write lock (BEGIN IMMEDIATE) and each migration commits atomically.
// Returns the versions this call applied. Throws on any failed statement, naming the file.
class MigrationRunner {
public:
    MigrationRunner(helpdesk::Database& db, std::string sqlRoot, Poco::Logger& log);
    std::vector<int> run();

private:
    std::vector<int> runMySQL(const std::vector<Migration>& all);
    std::vector<int> runSQLite(const std::vector<Migration>& all);

    helpdesk::Database& db_;
    std::string sqlRoot_; // folder holding mysql/ and sqlite/
    Poco::Logger& log_;
};

// The highest migration version recorded as applied (0 before the first run), as /health reports it.
int appliedSchemaVersion(helpdesk::Database& db);

} // namespace campaigns::storage
