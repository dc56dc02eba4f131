#include "analytics/AnalyticsQuery.h"

#include "analytics/LocalDays.h"
#include "campaign/ResponseWindows.h"
#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"

#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Nullable.h>

#include <map>
#include <optional>
#include <stdexcept>
#include <variant>

using namespace Poco::Data::Keywords;
using helpdesk::Dialect;

namespace campaigns::analytics {
namespace {
// One day of event counters (eventSums after the day).
struct DayRow {
    std::string day; // "YYYY-MM-DD"
    EventCounters events;
};
// The campaigns in view: how many, and their state counters.
struct ViewRow {
    Poco::Int64 campaigns = 0, pending = 0, unknown = 0, uniquePhones = 0, entriesTotal = 0;
    Poco::Int64 suppressed = 0, deferred = 0, retried = 0;
};
// The same with the campaigns' own event counters (an unbounded range).
struct ViewWithEventsRow {
    ViewRow view;
    EventCounters events;
};
// A campaign with answers (kAnsweredCampaigns).
struct AnsweredCampaign {
    Poco::Int64 id = 0;
    Poco::Int64 replied = 0;   // n_replied
    Poco::Int64 addressed = 0; // n_addressed
};
// A campaign as the analytics' picker lists it (kSelectCampaignOptions).
struct CampaignOptionRow {
    Poco::Int64 id = 0;
    std::string name;
    Poco::Int64 accountId = 0, departmentId = 0;
    std::string state, createdAt;
};
struct AccountOptionRow {
    Poco::Int64 id = 0;
    std::string name;
};
// "Ver campaña" (detailsSql()); times as "YYYY-MM-DD HH:MM:SS".
struct DetailsRow {
    Poco::Int64 id = 0;
    std::string name, createdAt, createdBy, state;
    Poco::Int64 accountId = 0;
    std::string accountName;
    Poco::Nullable<Poco::Int64> departmentId;
    std::string templateName, templateLanguage, componentsJson;
    int expectsResponse = 0, waitHours = 0;
    std::string fileName;
    Poco::Int64 contacts = 0;
    int allowDuplicates = 0;
    std::string sendRequestedAt, firstSentAt, finishedAt, responseDeadline, headerMediaLink, headerImageFile;
};
} // namespace
} // namespace campaigns::analytics

// eventSums(), in order.
template <>
class Poco::Data::TypeHandler<campaigns::analytics::EventCounters>
    : public campaigns::storage::RowHandler<
          campaigns::analytics::EventCounters, &campaigns::analytics::EventCounters::accepted,
          &campaigns::analytics::EventCounters::failedSend, &campaigns::analytics::EventCounters::sent,
          &campaigns::analytics::EventCounters::delivered, &campaigns::analytics::EventCounters::read,
          &campaigns::analytics::EventCounters::replied, &campaigns::analytics::EventCounters::repliedUnread,
          &campaigns::analytics::EventCounters::addressed, &campaigns::analytics::EventCounters::failedAfterAccept> {};
template <>
class Poco::Data::TypeHandler<campaigns::analytics::DayRow>
    : public campaigns::storage::RowHandler<campaigns::analytics::DayRow, &campaigns::analytics::DayRow::day,
                                            &campaigns::analytics::DayRow::events> {};
template <>
class Poco::Data::TypeHandler<campaigns::analytics::ViewRow>
    : public campaigns::storage::RowHandler<
          campaigns::analytics::ViewRow, &campaigns::analytics::ViewRow::campaigns, &campaigns::analytics::ViewRow::pending,
          &campaigns::analytics::ViewRow::unknown, &campaigns::analytics::ViewRow::uniquePhones,
          &campaigns::analytics::ViewRow::entriesTotal, &campaigns::analytics::ViewRow::suppressed,
          &campaigns::analytics::ViewRow::deferred, &campaigns::analytics::ViewRow::retried> {};
template <>
class Poco::Data::TypeHandler<campaigns::analytics::ViewWithEventsRow>
    : public campaigns::storage::RowHandler<campaigns::analytics::ViewWithEventsRow,
                                            &campaigns::analytics::ViewWithEventsRow::view,
                                            &campaigns::analytics::ViewWithEventsRow::events> {};
template <>
class Poco::Data::TypeHandler<campaigns::analytics::AnsweredCampaign>
    : public campaigns::storage::RowHandler<campaigns::analytics::AnsweredCampaign, &campaigns::analytics::AnsweredCampaign::id,
                                            &campaigns::analytics::AnsweredCampaign::replied,
                                            &campaigns::analytics::AnsweredCampaign::addressed> {};
template <>
class Poco::Data::TypeHandler<campaigns::analytics::CampaignOptionRow>
    : public campaigns::storage::RowHandler<
          campaigns::analytics::CampaignOptionRow, &campaigns::analytics::CampaignOptionRow::id,
          &campaigns::analytics::CampaignOptionRow::name, &campaigns::analytics::CampaignOptionRow::accountId,
          &campaigns::analytics::CampaignOptionRow::departmentId, &campaigns::analytics::CampaignOptionRow::state,
          &campaigns::analytics::CampaignOptionRow::createdAt> {};
template <>
class Poco::Data::TypeHandler<campaigns::analytics::AccountOptionRow>
    : public campaigns::storage::RowHandler<campaigns::analytics::AccountOptionRow, &campaigns::analytics::AccountOptionRow::id,
                                            &campaigns::analytics::AccountOptionRow::name> {};
template <>
class Poco::Data::TypeHandler<campaigns::analytics::DetailsRow>
    : public campaigns::storage::RowHandler<
          campaigns::analytics::DetailsRow, &campaigns::analytics::DetailsRow::id, &campaigns::analytics::DetailsRow::name,
          &campaigns::analytics::DetailsRow::createdAt, &campaigns::analytics::DetailsRow::createdBy,
          &campaigns::analytics::DetailsRow::state, &campaigns::analytics::DetailsRow::accountId,
          &campaigns::analytics::DetailsRow::accountName, &campaigns::analytics::DetailsRow::departmentId,
          &campaigns::analytics::DetailsRow::templateName, &campaigns::analytics::DetailsRow::templateLanguage,
          &campaigns::analytics::DetailsRow::componentsJson, &campaigns::analytics::DetailsRow::expectsResponse,
          &campaigns::analytics::DetailsRow::waitHours, &campaigns::analytics::DetailsRow::fileName,
          &campaigns::analytics::DetailsRow::contacts, &campaigns::analytics::DetailsRow::allowDuplicates,
          &campaigns::analytics::DetailsRow::sendRequestedAt, &campaigns::analytics::DetailsRow::firstSentAt,
          &campaigns::analytics::DetailsRow::finishedAt, &campaigns::analytics::DetailsRow::responseDeadline,
          &campaigns::analytics::DetailsRow::headerMediaLink, &campaigns::analytics::DetailsRow::headerImageFile> {};

namespace campaigns::analytics {

namespace {

// A WHERE clause grown piece by piece with its values, bound by copy so nothing dangles.
struct Where {
    std::string text;
    std::vector<std::variant<Poco::Int64, std::string>> values;

    void add(const std::string& condition) { text += (text.empty() ? " WHERE " : " AND ") + condition; }
    void add(const std::string& condition, Poco::Int64 v) {
        add(condition);
        values.emplace_back(v);
    }
    void add(const std::string& condition, std::string v) {
        add(condition);
        values.emplace_back(std::move(v));
    }
    void inList(const std::string& column, const std::vector<long long>& ids) {
        std::string marks;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            marks += i ? ",?" : "?";
            values.emplace_back(static_cast<Poco::Int64>(ids[i]));
        }
        add(column + " IN (" + marks + ")");
    }
    void bindTo(Poco::Data::Statement& st) const {
        for (const auto& v : values) {
            if (const auto* i = std::get_if<Poco::Int64>(&v))
                st, bind(*i);
            else
                st, bind(std::get<std::string>(v));
        }
    }
};

std::string sum(Dialect d, const std::string& column) {
    return d == Dialect::MySQL ? "CAST(COALESCE(SUM(" + column + "), 0) AS SIGNED)" : "COALESCE(SUM(" + column + "), 0)";
}

std::string eventSums(Dialect d, const std::string& alias) {
    static const char* columns[] = {"n_accepted", "n_failed_send",    "n_sent",      "n_delivered",          "n_read",
                                    "n_replied",  "n_replied_unread", "n_addressed", "n_failed_after_accept"};
    std::string out;
    for (const char* c : columns) out += (out.empty() ? "" : ", ") + sum(d, alias + "." + c);
    return out;
}

// Stored times are UTC "YYYY-MM-DD HH:MM:SS.mmm" text (SQLite) or DATETIME(3) (MySQL); both
// compare correctly against this text.
std::string utcBound(Poco::Timestamp t) { return Poco::DateTimeFormatter::format(t, "%Y-%m-%d %H:%M:%S.%i"); }

void addDepartment(Where& w, const std::string& column, long long department, bool zeroMeansNull) {
    if (department == 0 && zeroMeansNull)
        w.add(column + " IS NULL");
    else
        w.add(column + " = ?", static_cast<Poco::Int64>(department));
}

// "Tiempo de respuesta". First the filter's campaigns that have answers (n_replied > 0) with the
// counters the figures follow; then their answered entries, always as "campaign_id IN (...) AND
// replied_at in range": one range of the index (campaign_id, replied_at, addressed_at) per
// campaign, read from the index alone. A join from campaigns_campaigns would not do: MariaDB
// then looks entries up by campaign_id only and reads every entry of each campaign.
const char* const kAnsweredCampaigns = "SELECT c.id, c.n_replied, c.n_addressed FROM campaigns_campaigns c";
const char* const kHasAnswers = "c.n_replied > 0";
const char* const kAnsweredEntries = " FROM campaigns_entries e";
const char* const kAnswered = "e.replied_at IS NOT NULL";
const char* const kRepliedFrom = "e.replied_at >= ?";
const char* const kRepliedBefore = "e.replied_at < ?";
const char* const kAddressed = " AND e.addressed_at IS NOT NULL";
const char* const kNotAddressed = " AND e.addressed_at IS NULL";
// Campaign ids per statement when a filter spans many campaigns.
constexpr std::size_t kIdsPerStatement = 500;

const char* const kSelectAccountOptions = "SELECT id, display_name FROM campaigns_accounts ORDER BY display_name, id";

std::string campaignOptionsSql(Dialect d) {
    return "SELECT id, name, account_id, COALESCE(department_id, 0), state, " + storage::timeAsText(d, "created_at") +
           " FROM campaigns_campaigns WHERE state NOT IN ('validating', 'invalid') ORDER BY created_at DESC, id DESC";
}

std::string detailsSql(Dialect d) {
    using storage::timeAsText;
    return "SELECT c.id, c.name, " + timeAsText(d, "c.created_at") +
           ", c.created_by_name, c.state, c.account_id, COALESCE(a.display_name, ''),"
           " c.department_id, COALESCE(t.name, ''), COALESCE(t.language, ''), COALESCE(t.components_json, ''),"
           " c.expects_response, c.wait_hours, c.file_name, c.entries_total, c.allow_duplicates, " +
           timeAsText(d, "c.send_requested_at") + ", " + timeAsText(d, "c.first_sent_at") + ", " +
           timeAsText(d, "c.finished_at") + ", " + timeAsText(d, "c.response_deadline") +
           ", c.header_media_link, c.header_image_file"
           " FROM campaigns_campaigns c"
           " LEFT JOIN campaigns_accounts a ON a.id = c.account_id"
           " LEFT JOIN campaigns_templates t ON t.id = c.template_id"
           " WHERE c.id = ?";
}

// The response-time figures' cache key: the filter, whole.
std::string responseCacheKey(const Filter& f) {
    std::string key = "a=" + (f.accountId ? std::to_string(*f.accountId) : std::string()) +
                      ";d=" + (f.departmentId ? std::to_string(*f.departmentId) : std::string()) + ";c=";
    for (auto id : f.campaignIds) key += std::to_string(id) + ",";
    key += ";r=" + (f.range.bounded() ? f.range.from->iso() + "/" + f.range.to->iso() + "/" + f.timeZone : std::string("all"));
    return key;
}

// What the cached figures depend on: the campaigns with answers and their reply counters.
std::string responseVersion(const std::vector<AnsweredCampaign>& campaigns) {
    long long replied = 0, addressed = 0;
    for (const auto& c : campaigns) {
        replied += c.replied;
        addressed += c.addressed;
    }
    return std::to_string(campaigns.size()) + "/" + std::to_string(replied) + "/" + std::to_string(addressed);
}

std::vector<AnsweredCampaign> answeredCampaigns(Poco::Data::Session& session, const Filter& f) {
    Where w;
    if (!f.campaignIds.empty()) w.inList("c.id", f.campaignIds);
    if (f.accountId) w.add("c.account_id = ?", static_cast<Poco::Int64>(*f.accountId));
    if (f.departmentId) addDepartment(w, "c.department_id", *f.departmentId, true);
    w.add(kHasAnswers);
    std::vector<AnsweredCampaign> campaigns;
    Poco::Data::Statement st(session);
    st << std::string(kAnsweredCampaigns) + w.text + " ORDER BY c.id";
    w.bindTo(st);
    st, into(campaigns);
    st.execute();
    return campaigns;
}

// The answers of these campaigns in the filter's range: the milliseconds each addressed one
// took, and how many still wait (added to `waiting`).
std::vector<Poco::Int64> answerMillis(Poco::Data::Session& session, Dialect d, const Filter& f,
                                      const std::vector<long long>& campaignIds, Poco::Int64& waiting) {
    Where w;
    w.inList("e.campaign_id", campaignIds);
    w.add(kAnswered);
    if (f.range.bounded()) {
        w.add(kRepliedFrom, utcBound(localDayStart(*f.range.from, f.timeZone)));
        w.add(kRepliedBefore, utcBound(localDayStart(f.range.to->plusDays(1), f.timeZone)));
    }
    std::vector<Poco::Int64> millis;
    {
        Poco::Data::Statement st(session);
        st << "SELECT " + storage::millisecondsBetween(d, "e.replied_at", "e.addressed_at") + kAnsweredEntries + w.text +
                  kAddressed;
        w.bindTo(st);
        st, into(millis);
        st.execute();
    }
    Poco::Int64 n = 0;
    Poco::Data::Statement st(session);
    st << "SELECT COUNT(*)" + std::string(kAnsweredEntries) + w.text + kNotAddressed;
    w.bindTo(st);
    st, into(n);
    st.execute();
    waiting += n;
    return millis;
}

// Event counters per day over the filter: per campaign when a list is given, else from the
// per-account rollup.
std::map<long long, EventCounters> eventsByDay(Poco::Data::Session& session, Dialect d, const Filter& f) {
    Where w;
    std::string from;
    if (!f.campaignIds.empty()) {
        from = " FROM campaigns_daily_counters e JOIN campaigns_campaigns c ON c.id = e.campaign_id";
        w.inList("e.campaign_id", f.campaignIds);
        if (f.accountId) w.add("c.account_id = ?", static_cast<Poco::Int64>(*f.accountId));
        if (f.departmentId) addDepartment(w, "c.department_id", *f.departmentId, true);
    } else {
        from = " FROM campaigns_daily_rollup e";
        if (f.accountId) w.add("e.account_id = ?", static_cast<Poco::Int64>(*f.accountId));
        if (f.departmentId) addDepartment(w, "e.department_id", *f.departmentId, false);
    }
    if (f.range.bounded()) {
        w.add("e.day >= ?", f.range.from->iso());
        w.add("e.day <= ?", f.range.to->iso());
    }
    const std::string dayColumn = d == Dialect::MySQL ? "DATE_FORMAT(e.day, '%Y-%m-%d')" : "e.day";
    std::vector<DayRow> rows;
    Poco::Data::Statement st(session);
    st << "SELECT " + dayColumn + ", " + eventSums(d, "e") + from + w.text + " GROUP BY e.day ORDER BY e.day";
    w.bindTo(st);
    st, into(rows);
    st.execute();
    std::map<long long, EventCounters> byDay;
    for (const auto& r : rows) {
        const auto day = CivilDate::parse(r.day);
        if (!day) throw std::runtime_error("analytics: unreadable day '" + r.day + "'");
        byDay[day->serial()] += r.events;
    }
    return byDay;
}

// The campaigns in view: the chosen ones, or those whose sending overlaps the range. Their own
// event counters are read too when the range is unbounded (`events`).
ViewRow campaignsInView(Poco::Data::Session& session, Dialect d, const Filter& f, std::optional<EventCounters>& events) {
    Where w;
    if (!f.campaignIds.empty()) {
        w.inList("c.id", f.campaignIds);
    } else {
        w.add("c.first_sent_at IS NOT NULL");
        if (f.range.bounded()) {
            w.add("c.first_sent_at < ?", utcBound(localDayStart(f.range.to->plusDays(1), f.timeZone)));
            w.add("(c.finished_at IS NULL OR c.finished_at >= ?)", utcBound(localDayStart(*f.range.from, f.timeZone)));
        }
    }
    if (f.accountId) w.add("c.account_id = ?", static_cast<Poco::Int64>(*f.accountId));
    if (f.departmentId) addDepartment(w, "c.department_id", *f.departmentId, true);
    std::string sql = "SELECT COUNT(*), " + sum(d, "c.n_queued") + ", " + sum(d, "c.n_unknown") + ", " +
                      sum(d, "c.unique_phones") + ", " + sum(d, "c.entries_total") + ", " + sum(d, "c.n_suppressed") + ", " +
                      sum(d, "c.n_deferred") + ", " + sum(d, "c.n_retried");
    Poco::Data::Statement st(session);
    if (f.range.bounded()) {
        std::vector<ViewRow> rows;
        st << sql + " FROM campaigns_campaigns c" + w.text;
        w.bindTo(st);
        st, into(rows);
        st.execute();
        return rows.empty() ? ViewRow{} : rows.front();
    }
    // A whole campaign's totals are its own counters: exact, and independent of day keys.
    std::vector<ViewWithEventsRow> rows;
    st << sql + ", " + eventSums(d, "c") + " FROM campaigns_campaigns c" + w.text;
    w.bindTo(st);
    st, into(rows);
    st.execute();
    if (rows.empty()) return ViewRow{};
    events = rows.front().events;
    return rows.front().view;
}

} // namespace

ResponseTimeSummary AnalyticsQuery::responseTimes(const Filter& f) {
    if (f.campaignIds.size() > kMaxCampaignIds)
        throw std::invalid_argument("Puedes elegir como máximo " + std::to_string(kMaxCampaignIds) + " campañas a la vez.");
    auto session = db_.session();
    // The campaigns, read BEFORE their entries: an answer that lands in between makes the figures
    // newer than the version they are kept under, never older, so the next poll reads again.
    const std::vector<AnsweredCampaign> campaigns = answeredCampaigns(session, f);
    const std::string version = responseVersion(campaigns);
    const std::string key = responseCacheKey(f);
    if (auto cached = responseCache_.find(key, version)) return *cached;

    std::vector<Poco::Int64> millis;
    Poco::Int64 waiting = 0;
    for (std::size_t first = 0; first < campaigns.size(); first += kIdsPerStatement) {
        std::vector<long long> chunk;
        for (std::size_t i = first; i < std::min(campaigns.size(), first + kIdsPerStatement); ++i)
            chunk.push_back(campaigns[i].id);
        const auto part = answerMillis(session, db_.dialect(), f, chunk, waiting);
        millis.insert(millis.end(), part.begin(), part.end());
    }
    // Whole seconds, truncated: an answer 239.9 s later took "3 min", as a clock would say.
    std::vector<long long> seconds;
    seconds.reserve(millis.size());
    for (auto ms : millis) seconds.push_back(ms / 1000);
    const auto figures = summarizeResponseTimes(std::move(seconds), waiting);
    responseCache_.store(key, version, figures);
    return figures;
}

AnalyticsResult AnalyticsQuery::run(const Filter& f) {
    if (f.campaignIds.size() > kMaxCampaignIds)
        throw std::invalid_argument("Puedes elegir como máximo " + std::to_string(kMaxCampaignIds) + " campañas a la vez.");
    const Dialect d = db_.dialect();
    auto session = db_.session();
    AnalyticsResult result;

    const std::map<long long, EventCounters> byDay = eventsByDay(session, d, f);
    long long first = 0, last = -1;
    if (f.range.bounded()) {
        first = f.range.from->serial();
        last = f.range.to->serial();
    } else if (!byDay.empty()) {
        last = byDay.rbegin()->first;
        first = std::max(byDay.begin()->first, last - kMaxRangeDays + 1);
    }
    for (long long s = first; s <= last; ++s) {
        auto it = byDay.find(s);
        result.series.push_back({CivilDate::fromSerial(s), it == byDay.end() ? EventCounters{} : it->second});
    }
    for (const auto& [day, counters] : byDay) result.totals += counters;

    std::optional<EventCounters> ownEvents;
    const ViewRow view = campaignsInView(session, d, f, ownEvents);
    result.state.campaigns = view.campaigns;
    result.state.pending = view.pending;
    result.state.unknown = view.unknown;
    result.state.suppressed = view.suppressed;
    result.state.deferred = view.deferred;
    result.state.retried = view.retried;
    result.state.uniquePhones = view.uniquePhones;
    result.state.entriesTotal = view.entriesTotal;
    if (ownEvents) result.totals = *ownEvents;
    result.responseTimes = responseTimes(f);
    return result;
}

std::vector<CampaignOption> AnalyticsQuery::campaigns() {
    auto session = db_.session();
    std::vector<CampaignOptionRow> rows;
    session << campaignOptionsSql(db_.dialect()), into(rows), now;
    std::vector<CampaignOption> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back({r.id, r.name, r.accountId, r.departmentId, r.state, storage::isoUtc(r.createdAt)});
    return out;
}

std::vector<AccountOption> AnalyticsQuery::accounts() {
    auto session = db_.session();
    std::vector<AccountOptionRow> rows;
    session << kSelectAccountOptions, into(rows), now;
    std::vector<AccountOption> out;
    for (const auto& r : rows) out.push_back({r.id, r.name});
    return out;
}

std::optional<CampaignDetails> AnalyticsQuery::details(long long campaignId) {
    auto session = db_.session();
    Poco::Int64 id = campaignId;
    std::vector<DetailsRow> rows;
    session << detailsSql(db_.dialect()), bind(id), into(rows), now;
    if (rows.empty()) return std::nullopt;
    const DetailsRow& r = rows.front();
    CampaignDetails c;
    c.id = r.id;
    c.name = r.name;
    c.createdAt = storage::isoUtc(r.createdAt);
    c.createdBy = r.createdBy;
    c.state = r.state;
    c.accountId = r.accountId;
    c.accountName = r.accountName;
    if (!r.departmentId.isNull()) c.departmentId = r.departmentId.value();
    c.templateName = r.templateName;
    c.templateLanguage = r.templateLanguage;
    c.templateText = templateBodyText(r.componentsJson);
    c.expectsResponse = r.expectsResponse != 0;
    c.waitHours = r.waitHours;
    c.fileName = r.fileName;
    c.contacts = r.contacts;
    c.allowDuplicates = r.allowDuplicates != 0;
    c.sendRequestedAt = storage::isoUtc(r.sendRequestedAt);
    c.firstSentAt = storage::isoUtc(r.firstSentAt);
    c.finishedAt = storage::isoUtc(r.finishedAt);
    c.responseDeadline = storage::isoUtc(r.responseDeadline);
    c.headerImage = r.headerMediaLink.empty() ? r.headerImageFile : r.headerMediaLink;
    const auto state = campaigns::campaign::campaignStateFromCode(c.state);
    if (!state) throw std::runtime_error("campaign " + std::to_string(c.id) + ": unknown state '" + c.state + "'");
    const auto windows =
        campaigns::campaign::ResponseWindows(db_).waiting({{c.id, *state, c.expectsResponse, c.waitHours, c.finishedAt}});
    if (auto it = windows.find(c.id); it != windows.end()) {
        c.activeUntil = it->second.activeUntil;
        c.openTickets = it->second.openTickets;
    }
    return c;
}

std::string templateBodyText(const std::string& componentsJson) {
    if (componentsJson.empty()) return {};
    Poco::JSON::Parser parser;
    auto parsed = parser.parse(componentsJson);
    Poco::JSON::Array::Ptr components;
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr))
        components = parsed.extract<Poco::JSON::Object::Ptr>()->getArray("components");
    else if (parsed.type() == typeid(Poco::JSON::Array::Ptr))
        components = parsed.extract<Poco::JSON::Array::Ptr>();
    if (!components) return {};
    for (std::size_t i = 0; i < components->size(); ++i) {
        auto part = components->getObject(static_cast<unsigned>(i));
        if (part && part->optValue<std::string>("type", "") == "BODY") return part->optValue<std::string>("text", "");
    }
    return {};
}

} // namespace campaigns::analytics
