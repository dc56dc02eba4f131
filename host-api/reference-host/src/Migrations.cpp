#include "Migrations.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Logger.h>
#include <Poco/Nullable.h>
#include <Poco/Path.h>
#include <Poco/RegularExpression.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <algorithm>
#include <set>

using namespace Poco::Data::Keywords;

namespace refhost {
namespace {

constexpr const char* kLockName = "helpdesk_host_migrations";

std::string readFile(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

void ensureLedger(Poco::Data::Session& s, helpdesk::Dialect dialect) {
    if (dialect == helpdesk::Dialect::MySQL) {
        s << "CREATE TABLE IF NOT EXISTS host_schema_migrations (version INT NOT NULL PRIMARY KEY, "
             "name VARCHAR(191) NOT NULL, applied_at BIGINT NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
            now;
    } else {
        s << "CREATE TABLE IF NOT EXISTS host_schema_migrations (version INTEGER NOT NULL PRIMARY KEY, "
             "name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            now;
    }
}

std::set<int> appliedVersions(Poco::Data::Session& s) {
    std::vector<int> versions;
    s << "SELECT version FROM host_schema_migrations", into(versions), now;
    return {versions.begin(), versions.end()};
}

int applyPending(Poco::Data::Session& s, const std::vector<MigrationFile>& files, Poco::Logger& log) {
    auto done = appliedVersions(s);
    int applied = 0;
    for (const auto& f : files) {
        if (done.count(f.version)) continue;
        for (const auto& stmt : splitSqlStatements(readFile(f.path))) {
            try {
                s << stmt, now;
            } catch (const Poco::Exception& e) {
                throw Poco::DataException("migration " + f.name + " failed: " + e.displayText());
            }
        }
        int version = f.version;
        std::string name = f.name;
        Poco::Int64 at = nowMillis();
        s << "INSERT INTO host_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", use(version), use(name), use(at),
            now;
        log.information("applied host migration " + f.name);
        ++applied;
    }
    return applied;
}

} // namespace

std::vector<MigrationFile> listMigrations(const std::string& dir) {
    std::vector<MigrationFile> files;
    Poco::File folder(dir);
    if (!folder.exists() || !folder.isDirectory()) throw Poco::FileNotFoundException("migration folder not found", dir);
    Poco::RegularExpression pattern("^([0-9]+)_[A-Za-z0-9_\\-]+\\.sql$");
    for (Poco::DirectoryIterator it(dir), end; it != end; ++it) {
        std::vector<std::string> groups;
        if (!it->isFile() || pattern.split(it.name(), groups) < 2) continue;
        files.push_back({std::stoi(groups[1]), it.name(), it.path().toString()});
    }
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
    for (std::size_t i = 1; i < files.size(); ++i) {
        if (files[i].version == files[i - 1].version) {
            throw Poco::DataException("two migrations share number " + std::to_string(files[i].version), dir);
        }
    }
    return files;
}

std::vector<std::string> splitSqlStatements(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quote) {
            current += c;
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
            while (i < text.size() && text[i] != '\n') ++i;
            current += '\n';
            continue;
        }
        if (c == '\'' || c == '"' || c == '`') quote = c;
        if (c == ';') {
            std::string stmt = Poco::trim(current);
            if (!stmt.empty()) out.push_back(stmt);
            current.clear();
            continue;
        }
        current += c;
    }
    std::string last = Poco::trim(current);
    if (!last.empty()) out.push_back(last);
    return out;
}

int applyMigrations(HostDatabase& db, const std::string& sqlDir) {
    auto& log = Poco::Logger::get("helpdesk.host.db");
    const std::string dialectDir =
        Poco::Path(sqlDir).makeDirectory().pushDirectory(helpdesk::dialectName(db.dialect())).toString();
    const auto files = listMigrations(dialectDir);
    Poco::Data::Session s = db.session();
    if (db.dialect() == helpdesk::Dialect::SQLite) {
        WriteTransaction tx(s, db.dialect());
        ensureLedger(s, db.dialect());
        int applied = applyPending(s, files, log);
        tx.commit();
        return applied;
    }
    // MySQL DDL commits implicitly, so a named lock (held by this connection) serialises hosts.
    Poco::Nullable<Poco::Int64> locked;
    std::string lockName = kLockName;
    s << "SELECT GET_LOCK(?, 60)", use(lockName), into(locked), now;
    if (locked.isNull() || locked.value() != 1) {
        throw Poco::TimeoutException("could not take the migration lock " + lockName + " within 60 s");
    }
    int applied = 0;
    try {
        ensureLedger(s, db.dialect());
        applied = applyPending(s, files, log);
    } catch (...) {
        s << "SELECT RELEASE_LOCK(?)", use(lockName), now;
        throw;
    }
    s << "SELECT RELEASE_LOCK(?)", use(lockName), now;
    return applied;
}

} // namespace refhost
