#pragma once
#include "HostDatabase.h"

#include <string>
#include <vector>

namespace refhost {

struct MigrationFile {
    int version = 0;
    std::string name; // file name, e.g. "001_core.sql"
    std::string path;
};

// Lists "NNN_name.sql" files of `dir`, ordered by number. Throws on duplicate numbers.
std::vector<MigrationFile> listMigrations(const std::string& dir);

// Splits a migration file into statements at ';' ending a line, outside quotes; drops "--" comments.
std::vector<std::string> splitSqlStatements(const std::string& text);

// Applies pending migrations of `<sqlDir>/<dialect>/` and records each in host_schema_migrations.
// Safe when several hosts start at once: MySQL holds GET_LOCK for the whole run, SQLite one
// IMMEDIATE transaction (its DDL is transactional). Returns the number of files applied.
int applyMigrations(HostDatabase& db, const std::string& sqlDir);

} // namespace refhost
