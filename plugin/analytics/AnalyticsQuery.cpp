#include "analytics/AnalyticsQuery.h"

#include "analytics/LocalDays.h"
#include "campaign/ResponseWindows.h"
#include "storage/SqlDialect.h"

#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

#include <map>
#include <stdexcept>
#include <variant>

using namespace Poco::Data::Keywords;
using helpdesk::Dialect;

namespace campaigns::analytics {

namespace {

// A WHERE clause grown piece by piece with its values, bound by copy so nothing dangles.
struct Where {
    std::string text;
    std::vector<std::variant<Poco::Int64, std::string>> values;

    void add(const std::string& condition) { text += (text.empty() ? " WHERE " : " AND ") + condition; }
    void add(const std::string& condition, Poco::Int64 v) { add(condition); values.emplace_back(v); }
    void add(const std::string& condition, std::string v) { add(condition); values.emplace_back(std::move(v)); }
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
            if (const auto* i = std::get_if<Poco::Int64>(&v)) st, bind(*i);
            else st, bind(std::get<std::string>(v));
        }
    }
};

std::string sum(Dialect d, const std::string& column) {
    return d == Dialect::MySQL ? "CAST(COALESCE(SUM(" + column + "), 0) AS SIGNED)" : "COALESCE(SUM(" + column + "), 0)";
}

std::string eventSums(Dialect d, const std::string& alias) {
    static const char* columns[] = {"n_accepted", "n_failed_send", "n_sent", "n_delivered", "n_read",
                                    "n_replied", "n_replied_unread", "n_addressed", "n_failed_after_accept"};
    std::string out;
    for (const char* c : columns) out += (out.empty() ? "" : ", ") + sum(d, alias + "." + c);
    return out;
}

long long int64At(Poco::Data::RecordSet& rs, std::size_t col, std::size_t row) {
    const auto& v = rs.value(col, row);
    return v.isEmpty() ? 0 : v.convert<Poco::Int64>();
}

EventCounters eventsAt(Poco::Data::RecordSet& rs, std::size_t first, std::size_t row) {
    EventCounters c;
    long long* fields[] = {&c.accepted, &c.failedSend, &c.sent, &c.delivered, &c.read,
                           &c.replied, &c.repliedUnread, &c.addressed, &c.failedAfterAccept};
    for (std::size_t i = 0; i < std::size(fields); ++i) *fields[i] = int64At(rs, first + i, row);
    return c;
}

std::string stringAt(Poco::Data::RecordSet& rs, std::size_t col, std::size_t row) {
    const auto& v = rs.value(col, row);
    return v.isEmpty() ? std::string() : v.convert<std::string>();
}

// Stored times are UTC "YYYY-MM-DD HH:MM:SS.mmm" text (SQLite) or DATETIME(3) (MySQL); both
// compare correctly against this text.
std::string utcBound(Poco::Timestamp t) { return Poco::DateTimeFormatter::format(t, "%Y-%m-%d %H:%M:%S.%i"); }

void addDepartment(Where& w, const std::string& column, long long department, bool zeroMeansNull) {
    if (department == 0 && zeroMeansNull) w.add(column + " IS NULL");
    else w.add(column + " = ?", static_cast<Poco::Int64>(department));
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

struct AnsweredCampaign {
    Poco::Int64 id = 0;
    Poco::Int64 replied = 0;    // n_replied
    Poco::Int64 addressed = 0;  // n_addressed
};

} // namespace

ResponseTimeSummary AnalyticsQuery::responseTimes(const Filter& f) {
    if (f.campaignIds.size() > kMaxCampaignIds)
        throw std::invalid_argument("Puedes elegir como máximo " + std::to_string(kMaxCampaignIds) + " campañas a la vez.");
    const Dialect d = db_.dialect();
    auto session = db_.session();

    // The campaigns, read BEFORE their entries: an answer that lands in between makes the figures
    // newer than the version they are kept under, never older, so the next poll reads again.
    std::vector<AnsweredCampaign> campaigns;
    {
        Where w;
        if (!f.campaignIds.empty()) w.inList("c.id", f.campaignIds);
        if (f.accountId) w.add("c.account_id = ?", static_cast<Poco::Int64>(*f.accountId));
        if (f.departmentId) addDepartment(w, "c.department_id", *f.departmentId, true);
        w.add(kHasAnswers);
        std::vector<Poco::Int64> ids, replied, addressed;
        Poco::Data::Statement st(session);
        st << std::string(kAnsweredCampaigns) + w.text + " ORDER BY c.id";
        w.bindTo(st);
        st, into(ids), into(replied), into(addressed);
        st.execute();
        for (std::size_t i = 0; i < ids.size(); ++i) campaigns.push_back({ids[i], replied[i], addressed[i]});
    }
    std::string version = std::to_string(campaigns.size());
    {
        long long replied = 0, addressed = 0;
        for (const auto& c : campaigns) {
            replied += c.replied;
            addressed += c.addressed;
        }
        version += "/" + std::to_string(replied) + "/" + std::to_string(addressed);
    }
    std::string key = "a=" + (f.accountId ? std::to_string(*f.accountId) : std::string()) +
                      ";d=" + (f.departmentId ? std::to_string(*f.departmentId) : std::string()) + ";c=";
    for (auto id : f.campaignIds) key += std::to_string(id) + ",";
    key += ";r=" + (f.range.bounded() ? f.range.from->iso() + "/" + f.range.to->iso() + "/" + f.timeZone : std::string("all"));
    if (auto cached = responseCache_.find(key, version)) return *cached;

    std::vector<Poco::Int64> millis;
    Poco::Int64 waiting = 0;
    for (std::size_t first = 0; first < campaigns.size(); first += kIdsPerStatement) {
        std::vector<long long> chunk;
        for (std::size_t i = first; i < std::min(campaigns.size(), first + kIdsPerStatement); ++i) chunk.push_back(campaigns[i].id);
        Where w;
        w.inList("e.campaign_id", chunk);
        w.add(kAnswered);
        if (f.range.bounded()) {
            w.add(kRepliedFrom, utcBound(localDayStart(*f.range.from, f.timeZone)));
            w.add(kRepliedBefore, utcBound(localDayStart(f.range.to->plusDays(1), f.timeZone)));
        }
        {
            std::vector<Poco::Int64> part;
            Poco::Data::Statement st(session);
            st << "SELECT " + storage::millisecondsBetween(d, "e.replied_at", "e.addressed_at") + kAnsweredEntries + w.text +
                      kAddressed;
            w.bindTo(st);
            st, into(part);
            st.execute();
            millis.insert(millis.end(), part.begin(), part.end());
        }
        {
            Poco::Int64 n = 0;
            Poco::Data::Statement st(session);
            st << "SELECT COUNT(*)" + std::string(kAnsweredEntries) + w.text + kNotAddressed;
            w.bindTo(st);
            st, into(n);
            st.execute();
            waiting += n;
        }
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

    // Events per day: per campaign when a list is given, else from the per-account rollup.
    {
        Where w;
        std::string from;
        std::string dayColumn;
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
        dayColumn = d == Dialect::MySQL ? "DATE_FORMAT(e.day, '%Y-%m-%d')" : "e.day";
        Poco::Data::Statement st(session);
        st << "SELECT " + dayColumn + ", " + eventSums(d, "e") + from + w.text + " GROUP BY e.day ORDER BY e.day";
        w.bindTo(st);
        st.execute();
        Poco::Data::RecordSet rs(st);
        std::map<long long, EventCounters> byDay;
        for (std::size_t row = 0; row < rs.rowCount(); ++row) {
            const auto day = CivilDate::parse(stringAt(rs, 0, row));
            if (!day) throw std::runtime_error("analytics: unreadable day '" + stringAt(rs, 0, row) + "'");
            byDay[day->serial()] += eventsAt(rs, 1, row);
        }
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
    }

    // Campaigns in view: the chosen ones, or those whose sending overlaps the range.
    {
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
                          sum(d, "c.unique_phones") + ", " + sum(d, "c.entries_total");
        // A whole campaign's totals are its own counters: exact, and independent of day keys.
        if (!f.range.bounded()) sql += ", " + eventSums(d, "c");
        Poco::Data::Statement st(session);
        st << sql + " FROM campaigns_campaigns c" + w.text;
        w.bindTo(st);
        st.execute();
        Poco::Data::RecordSet rs(st);
        result.state.campaigns = int64At(rs, 0, 0);
        result.state.pending = int64At(rs, 1, 0);
        result.state.unknown = int64At(rs, 2, 0);
        result.state.uniquePhones = int64At(rs, 3, 0);
        result.state.entriesTotal = int64At(rs, 4, 0);
        if (!f.range.bounded()) result.totals = eventsAt(rs, 5, 0);
    }
    result.responseTimes = responseTimes(f);
    return result;
}

std::vector<CampaignOption> AnalyticsQuery::campaigns() {
    auto session = db_.session();
    Poco::Data::Statement st(session);
    st << "SELECT id, name, account_id, COALESCE(department_id, 0), state, created_at FROM campaigns_campaigns"
          " WHERE state NOT IN ('validating', 'invalid') ORDER BY created_at DESC, id DESC";
    st.execute();
    Poco::Data::RecordSet rs(st);
    std::vector<CampaignOption> out;
    out.reserve(rs.rowCount());
    for (std::size_t row = 0; row < rs.rowCount(); ++row)
        out.push_back({int64At(rs, 0, row), stringAt(rs, 1, row), int64At(rs, 2, row), int64At(rs, 3, row),
                       stringAt(rs, 4, row), storage::isoUtc(rs.value(5, row))});
    return out;
}

std::vector<AccountOption> AnalyticsQuery::accounts() {
    auto session = db_.session();
    Poco::Data::Statement st(session);
    st << "SELECT id, display_name FROM campaigns_accounts ORDER BY display_name, id";
    st.execute();
    Poco::Data::RecordSet rs(st);
    std::vector<AccountOption> out;
    for (std::size_t row = 0; row < rs.rowCount(); ++row) out.push_back({int64At(rs, 0, row), stringAt(rs, 1, row)});
    return out;
}

std::optional<CampaignDetails> AnalyticsQuery::details(long long campaignId) {
    auto session = db_.session();
    Poco::Data::Statement st(session);
    Poco::Int64 id = campaignId;
    st << "SELECT c.id, c.name, c.created_at, c.created_by_name, c.state, c.account_id, COALESCE(a.display_name, ''),"
          " c.department_id, COALESCE(t.name, ''), COALESCE(t.language, ''), COALESCE(t.components_json, ''),"
          " c.expects_response, c.wait_hours, c.file_name, c.entries_total, c.allow_duplicates,"
          " c.send_requested_at, c.first_sent_at, c.finished_at, c.response_deadline,"
          " c.header_media_link, c.header_image_file"
          " FROM campaigns_campaigns c"
          " LEFT JOIN campaigns_accounts a ON a.id = c.account_id"
          " LEFT JOIN campaigns_templates t ON t.id = c.template_id"
          " WHERE c.id = ?",
        bind(id);
    st.execute();
    Poco::Data::RecordSet rs(st);
    if (rs.rowCount() == 0) return std::nullopt;
    CampaignDetails c;
    c.id = int64At(rs, 0, 0);
    c.name = stringAt(rs, 1, 0);
    c.createdAt = storage::isoUtc(rs.value(2, 0));
    c.createdBy = stringAt(rs, 3, 0);
    c.state = stringAt(rs, 4, 0);
    c.accountId = int64At(rs, 5, 0);
    c.accountName = stringAt(rs, 6, 0);
    if (!rs.value(7, 0).isEmpty()) c.departmentId = int64At(rs, 7, 0);
    c.templateName = stringAt(rs, 8, 0);
    c.templateLanguage = stringAt(rs, 9, 0);
    c.templateText = templateBodyText(stringAt(rs, 10, 0));
    c.expectsResponse = int64At(rs, 11, 0) != 0;
    c.waitHours = static_cast<int>(int64At(rs, 12, 0));
    c.fileName = stringAt(rs, 13, 0);
    c.contacts = int64At(rs, 14, 0);
    c.allowDuplicates = int64At(rs, 15, 0) != 0;
    c.sendRequestedAt = storage::isoUtc(rs.value(16, 0));
    c.firstSentAt = storage::isoUtc(rs.value(17, 0));
    c.finishedAt = storage::isoUtc(rs.value(18, 0));
    c.responseDeadline = storage::isoUtc(rs.value(19, 0));
    c.headerImage = stringAt(rs, 20, 0);
    if (c.headerImage.empty()) c.headerImage = stringAt(rs, 21, 0);
    const auto state = campaigns::campaign::campaignStateFromCode(c.state);
    if (!state) throw std::runtime_error("campaign " + std::to_string(c.id) + ": unknown state '" + c.state + "'");
    const auto windows = campaigns::campaign::ResponseWindows(db_).waiting({{c.id, *state, c.expectsResponse, c.waitHours, c.finishedAt}});
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
