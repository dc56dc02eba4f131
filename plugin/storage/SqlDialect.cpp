#include "storage/SqlDialect.h"

#include <Poco/DateTimeFormatter.h>

using namespace Poco::Data::Keywords;

namespace campaigns::storage {

long long lastInsertId(Poco::Data::Session& s, helpdesk::Dialect d) {
    Poco::Int64 id = 0;
    s << (d == helpdesk::Dialect::MySQL ? "SELECT LAST_INSERT_ID()" : "SELECT last_insert_rowid()"), into(id), now;
    return id;
}

std::string isoUtc(const Poco::Dynamic::Var& value) {
    if (value.isEmpty()) return {};
    std::string text = value.convert<std::string>();
    if (text.size() >= 19 && text[10] == ' ') text[10] = 'T';
    if (auto dot = text.find('.'); dot != std::string::npos && dot >= 19) text.resize(dot);
    if (!text.empty() && text.back() != 'Z') text += 'Z';
    return text;
}

std::string timeAsText(helpdesk::Dialect d, const std::string& column) {
    if (d == helpdesk::Dialect::MySQL) return "DATE_FORMAT(" + column + ", '%Y-%m-%d %H:%i:%s')";
    return "substr(" + column + ", 1, 19)";
}

std::string timeAsMillisText(helpdesk::Dialect d, const std::string& column) {
    if (d == helpdesk::Dialect::MySQL) return "LEFT(DATE_FORMAT(" + column + ", '%Y-%m-%d %H:%i:%s.%f'), 23)";
    return "substr(" + column + ", 1, 23)";
}

std::string updateFromRows(helpdesk::Dialect d, const std::string& table, const std::string& rows,
                           const std::vector<std::string>& assignments, const std::string& where) {
    const bool mysql = d == helpdesk::Dialect::MySQL;
    std::string set;
    for (const auto& a : assignments) set += (set.empty() ? "" : ", ") + std::string(mysql ? "e." : "") + a;
    if (mysql) return "UPDATE " + table + " e JOIN (" + rows + ") v ON e.id = v.id SET " + set + " WHERE " + where;
    return "UPDATE " + table + " AS e SET " + set + " FROM (" + rows + ") AS v WHERE e.id = v.id AND " + where;
}

std::string millisecondsBetween(helpdesk::Dialect d, const std::string& from, const std::string& to) {
    if (d == helpdesk::Dialect::MySQL) return "(TIMESTAMPDIFF(MICROSECOND, " + from + ", " + to + ") DIV 1000)";
    // julianday() reads the stored "YYYY-MM-DD HH:MM:SS.mmm" text; a double of days resolves about
    // 50 microseconds today, so rounding days * 86,400,000 gives the exact milliseconds.
    return "CAST(ROUND((julianday(" + to + ") - julianday(" + from + ")) * 86400000.0) AS INTEGER)";
}

std::string utcText(const Poco::Timestamp& t) { return Poco::DateTimeFormatter::format(t, "%Y-%m-%d %H:%M:%S.%i"); }

std::string utcDay(const Poco::Timestamp& t) { return Poco::DateTimeFormatter::format(t, "%Y-%m-%d"); }

} // namespace campaigns::storage
