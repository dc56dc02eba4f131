#pragma once
// The few statements whose text differs between MySQL/MariaDB and SQLite, kept side by side.
#include <helpdesk/Database.h>

#include <Poco/Data/Session.h>
#include <Poco/Dynamic/Var.h>
#include <Poco/Timestamp.h>

#include <string>
#include <vector>

namespace campaigns::storage {

// The dialect of an open session, for code handed a session without the database (Poco names
// the MySQL connector "mysql" or "MySQL" depending on the version).
inline helpdesk::Dialect dialectOf(Poco::Data::Session& s) {
    return s.connector() == "mysql" || s.connector() == "MySQL" ? helpdesk::Dialect::MySQL : helpdesk::Dialect::SQLite;
}

// " FOR UPDATE" on MySQL/MariaDB, where a plain SELECT inside a transaction reads its snapshot;
// nothing on SQLite, whose BEGIN IMMEDIATE already holds the write lock.
inline const char* forUpdate(helpdesk::Dialect d) { return d == helpdesk::Dialect::MySQL ? " FOR UPDATE" : ""; }

// The id of the row the last INSERT on this session created.
long long lastInsertId(Poco::Data::Session& s, helpdesk::Dialect d);

// "INSERT IGNORE INTO" (MySQL) or "INSERT OR IGNORE INTO" (SQLite).
inline const char* insertIgnore(helpdesk::Dialect d) {
    return d == helpdesk::Dialect::MySQL ? "INSERT IGNORE INTO" : "INSERT OR IGNORE INTO";
}

// Current UTC time as the database writes it: a literal the caller splices into SQL text.
inline const char* nowUtc(helpdesk::Dialect d) { return d == helpdesk::Dialect::MySQL ? "UTC_TIMESTAMP()" : "CURRENT_TIMESTAMP"; }

// A stored UTC time as ISO 8601 ("2026-11-25T12:07:00Z") whichever way the driver returned it:
// MySQL DATETIME comes back as a Poco DateTime, SQLite as "YYYY-MM-DD HH:MM:SS" text. Empty for NULL.
std::string isoUtc(const Poco::Dynamic::Var& value);

// A SELECT expression that reads a stored time column as "YYYY-MM-DD HH:MM:SS" text on both
// dialects (Poco's MySQL connector returns DATETIME as a DateTime, which does not extract into a
// string). `column` is a fixed column name from the caller's own SQL, never user input.
std::string timeAsText(helpdesk::Dialect d, const std::string& column);
// The same with milliseconds, "YYYY-MM-DD HH:MM:SS.mmm", as utcText writes them.
std::string timeAsMillisText(helpdesk::Dialect d, const std::string& column);

// A SELECT expression for the milliseconds from stored time `from` to stored time `to` (negative
// when `to` is earlier; NULL when either is NULL), exact on both dialects so a caller that rounds
// gets the same figure from either. Fixed column names only, as for timeAsText.
std::string millisecondsBetween(helpdesk::Dialect d, const std::string& from, const std::string& to);

// An UPDATE of `table`'s rows (alias e) joined by id to a derived table v of their new values:
// `rows` is "SELECT ? AS id, ? AS x, ... UNION ALL SELECT ?, ?, ...", `assignments` are
// "column = expression" (the expressions read v.* and e.*), `where` adds conditions on e and v.
// MySQL/MariaDB write it as a multi-table UPDATE ... JOIN (which wants the assigned columns
// qualified), SQLite as UPDATE ... FROM (which refuses that). Every parameter is in `rows`, so
// both bind in the same order. The one way the plugin writes a batch of rows with their own values
// in one statement instead of one execution each.
std::string updateFromRows(helpdesk::Dialect d, const std::string& table, const std::string& rows,
                           const std::vector<std::string>& assignments, const std::string& where);

// "YYYY-MM-DD HH:MM:SS.mmm" in UTC: how the plugin writes every time it stores. Both MySQL
// DATETIME(3) and SQLite text take it, it sorts correctly as text, and it does not depend on the
// database server's or session's time zone.
std::string utcText(const Poco::Timestamp& t);
inline std::string utcNowText() { return utcText(Poco::Timestamp()); }
// "YYYY-MM-DD" of `t` in UTC.
std::string utcDay(const Poco::Timestamp& t);

} // namespace campaigns::storage
