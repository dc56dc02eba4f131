#pragma once
// "Once a day across hosts": two hosts on one database both check the clock, only the first to
// record the day in campaigns_settings runs the day's work. The record is a conditional UPDATE
// (value < day), so exactly one caller per day sees one affected row, on both dialects.
#include <helpdesk/Database.h>

#include <Poco/Timestamp.h>

#include <optional>
#include <string>

namespace campaigns::retention {

class DailyRun {
public:
    // `name`: the campaigns_settings row that holds the last day run, e.g. "retention.last_day".
    DailyRun(helpdesk::Database& db, std::string name);
    // True for the first caller of `day` ("YYYY-MM-DD"); records it. False when `day` or a later
    // day was already recorded.
    bool claim(const std::string& day);
    // Gives `day` back after its work failed, so the next check runs it again: the record returns
    // to `previous` (what lastDay() said before the claim) if it still holds `day`.
    void release(const std::string& day, const std::string& previous);
    // The last day recorded, empty before the first.
    std::string lastDay();

private:
    helpdesk::Database& db_;
    std::string name_;
};

// The local day ("YYYY-MM-DD" in time zone `tz`) whose daily work is due at `now`: today once
// the local clock has reached `hour`:00, nothing before.
std::optional<std::string> dueDay(const Poco::Timestamp& now, const std::string& tz, int hour);

} // namespace campaigns::retention
