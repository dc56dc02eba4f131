#pragma once
// The few statements whose text differs between MySQL/MariaDB and SQLite, kept side by side.
#include <helpdesk/Database.h>

#include <Poco/Data/Session.h>
#include <Poco/Dynamic/Var.h>

#include <string>

namespace campaigns::storage {

// The id of the row the last INSERT on this session created.
long long lastInsertId(Poco::Data::Session& s, helpdesk::Dialect d);

// "INSERT IGNORE INTO" (MySQL) or "INSERT OR IGNORE INTO" (SQLite).
inline const char* insertIgnore(helpdesk::Dialect d) {
    return d == helpdesk::Dialect::MySQL ? "INSERT IGNORE INTO" : "INSERT OR IGNORE INTO";
}

// Current UTC time as the database writes it: a literal the caller splices into SQL text.
inline const char* nowUtc(helpdesk::Dialect d) {
    return d == helpdesk::Dialect::MySQL ? "UTC_TIMESTAMP()" : "CURRENT_TIMESTAMP";
}

// A stored UTC time as ISO 8601 ("2026-11-25T12:07:00Z") whichever way the driver returned it:
// MySQL DATETIME comes back as a Poco DateTime, SQLite as "YYYY-MM-DD HH:MM:SS" text. Empty for NULL.
std::string isoUtc(const Poco::Dynamic::Var& value);

} // namespace campaigns::storage
