#include "retention/DailyRun.h"

#include "scheduling/LocalTime.h"
#include "storage/SqlDialect.h"

#include <Poco/Data/Statement.h>

#include <vector>

using namespace Poco::Data::Keywords;

namespace campaigns::retention {

namespace {
const char* const kAddRow = " campaigns_settings (name, value) VALUES (?, '')";
const char* const kClaimDay = "UPDATE campaigns_settings SET value = ? WHERE name = ? AND value < ?";
const char* const kReleaseDay = "UPDATE campaigns_settings SET value = ? WHERE name = ? AND value = ?";
const char* const kLastDay = "SELECT value FROM campaigns_settings WHERE name = ?";
} // namespace

DailyRun::DailyRun(helpdesk::Database& db, std::string name) : db_(db), name_(std::move(name)) {}

bool DailyRun::claim(const std::string& day) {
    auto s = db_.session();
    std::string name = name_, value = day;
    s << std::string(storage::insertIgnore(db_.dialect())) + kAddRow, use(name), now;
    Poco::Data::Statement st(s);
    st << kClaimDay, use(value), use(name), use(value);
    return st.execute() == 1;
}

void DailyRun::release(const std::string& day, const std::string& previous) {
    auto s = db_.session();
    std::string name = name_, claimed = day, before = previous;
    s << kReleaseDay, use(before), use(name), use(claimed), now;
}

std::string DailyRun::lastDay() {
    auto s = db_.session();
    std::string name = name_;
    std::vector<std::string> values;
    s << kLastDay, use(name), into(values), now;
    return values.empty() ? std::string() : values.front();
}

std::optional<std::string> dueDay(const Poco::Timestamp& now, const std::string& tz, int hour) {
    const auto local = scheduling::localOf(now, tz);
    if (local.minuteOfDay < hour * 60) return std::nullopt;
    return local.date.iso();
}

} // namespace campaigns::retention
