#include "scheduling/ScheduleStore.h"

#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"

#include <Poco/Data/Statement.h>
#include <Poco/DateTimeParser.h>

using namespace Poco::Data::Keywords;

template <>
class Poco::Data::TypeHandler<campaigns::scheduling::ScheduleRow>
    : public campaigns::storage::RowHandler<
          campaigns::scheduling::ScheduleRow, &campaigns::scheduling::ScheduleRow::id, &campaigns::scheduling::ScheduleRow::state,
          &campaigns::scheduling::ScheduleRow::createdBy, &campaigns::scheduling::ScheduleRow::startAt,
          &campaigns::scheduling::ScheduleRow::windowFrom, &campaigns::scheduling::ScheduleRow::windowTo,
          &campaigns::scheduling::ScheduleRow::windowDays, &campaigns::scheduling::ScheduleRow::holdUntil,
          &campaigns::scheduling::ScheduleRow::approvalRequestedBy, &campaigns::scheduling::ScheduleRow::approvedAt,
          &campaigns::scheduling::ScheduleRow::name> {};

namespace campaigns::scheduling {

namespace {

const char* const kSchedule =
    "UPDATE campaigns_campaigns SET state = 'scheduled', start_at = ?, schedule_problem = '',"
    " updated_at = ? WHERE id = ? AND state IN ('loaded', 'scheduled')";
const char* const kUnschedule =
    "UPDATE campaigns_campaigns SET state = 'loaded', start_at = NULL, updated_at = ?"
    " WHERE id = ? AND state = 'scheduled'";
const char* const kSetWindow =
    "UPDATE campaigns_campaigns SET window_from = ?, window_to = ?, window_days = ?, hold_until = NULL,"
    " updated_at = ? WHERE id = ? AND state IN ('loaded', 'scheduled', 'sending', 'paused')";
const char* const kClearWindow =
    "UPDATE campaigns_campaigns SET window_from = NULL, window_to = NULL, window_days = 0, hold_until = NULL,"
    " updated_at = ? WHERE id = ? AND state IN ('loaded', 'scheduled', 'sending', 'paused')";
const char* const kRefuseDue =
    "UPDATE campaigns_campaigns SET state = 'loaded', start_at = NULL, schedule_problem = ?,"
    " updated_at = ? WHERE id = ? AND state = 'scheduled' AND start_at <= ?";
// Not a pause (that is quality::CampaignPauser's): outside its send window a campaign stays
// `sending` with hold_until set, keeps no pause_code or pause_reason, and resumes by itself when the
// window opens (kRelease), where a paused campaign waits for an administrator.
const char* const kHold =
    "UPDATE campaigns_campaigns SET hold_until = ?, updated_at = ?"
    " WHERE id = ? AND state = 'sending' AND hold_until IS NULL";
const char* const kRelease = "UPDATE campaigns_campaigns SET hold_until = NULL, updated_at = ? WHERE id = ? AND hold_until <= ?";
const char* const kApprove =
    "UPDATE campaigns_campaigns SET approved_by = ?, approved_by_name = ?, approved_at = ?, updated_at = ?"
    " WHERE id = ? AND approved_at IS NULL";

std::string columns(helpdesk::Dialect d) {
    using storage::timeAsText;
    return "SELECT id, state, created_by, " + timeAsText(d, "start_at") + ", window_from, window_to, window_days, " +
           timeAsText(d, "hold_until") + ", approval_requested_by, " + timeAsText(d, "approved_at") +
           ", name FROM campaigns_campaigns WHERE ";
}

} // namespace

std::optional<SendWindow> ScheduleRow::window() const {
    if (windowFrom < 0 || windowTo < 0 || windowDays == 0) return std::nullopt;
    return SendWindow{windowFrom, windowTo, windowDays};
}

ScheduleStore::ScheduleStore(helpdesk::Database& db) : db_(db) {}

std::string ScheduleStore::text(const Poco::Timestamp& t) { return storage::utcText(t); }

Poco::Timestamp ScheduleStore::instant(const std::string& utcText) {
    int tz = 0;
    return Poco::DateTimeParser::parse("%Y-%m-%d %H:%M:%S", utcText.substr(0, 19), tz).timestamp();
}

std::vector<ScheduleRow> ScheduleStore::select(const std::string& where, const std::vector<std::string>& values) {
    auto s = db_.session();
    std::vector<std::string> bound = values; // bound by reference
    std::vector<ScheduleRow> rows;
    Poco::Data::Statement st(s);
    st << columns(db_.dialect()) + where;
    for (auto& v : bound) st, use(v);
    st, into(rows);
    st.execute();
    return rows;
}

bool ScheduleStore::update(const char* sql, std::vector<std::string> set, long long id, std::vector<std::string> where) {
    auto s = db_.session();
    Poco::Int64 key = id;
    Poco::Data::Statement st(s);
    st << sql;
    for (auto& v : set) st, use(v); // bound by reference: the vectors live until execute()
    st, use(key);
    for (auto& v : where) st, use(v);
    return st.execute() > 0;
}

std::optional<ScheduleRow> ScheduleStore::get(long long id) {
    auto rows = select("id = ?", {std::to_string(id)});
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

bool ScheduleStore::schedule(long long id, const Poco::Timestamp& startAt) {
    return update(kSchedule, {text(startAt), storage::utcNowText()}, id);
}

bool ScheduleStore::unschedule(long long id) { return update(kUnschedule, {storage::utcNowText()}, id); }

bool ScheduleStore::setWindow(long long id, const std::optional<SendWindow>& w) {
    if (!w) return update(kClearWindow, {storage::utcNowText()}, id);
    return update(kSetWindow,
                  {std::to_string(w->fromMinute), std::to_string(w->toMinute), std::to_string(w->days), storage::utcNowText()},
                  id);
}

std::vector<ScheduleRow> ScheduleStore::due(const Poco::Timestamp& now) {
    return select("state = 'scheduled' AND start_at <= ? ORDER BY start_at, id", {text(now)});
}

bool ScheduleStore::refuseDue(long long id, const Poco::Timestamp& now, const std::string& reason) {
    return update(kRefuseDue, {reason, storage::utcNowText()}, id, {text(now)});
}

std::vector<ScheduleRow> ScheduleStore::windowed() { return select("state = 'sending' AND window_days <> 0 ORDER BY id", {}); }

bool ScheduleStore::hold(long long id, const Poco::Timestamp& until) {
    return update(kHold, {text(until), storage::utcNowText()}, id);
}

bool ScheduleStore::release(long long id, const Poco::Timestamp& now) {
    return update(kRelease, {storage::utcNowText()}, id, {text(now)});
}

bool ScheduleStore::approve(long long id, long long userId, const std::string& userName, const Poco::Timestamp& at) {
    return update(kApprove, {std::to_string(userId), userName, text(at), storage::utcNowText()}, id);
}

} // namespace campaigns::scheduling
