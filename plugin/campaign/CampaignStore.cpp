#include "campaign/CampaignStore.h"

#include "campaign/DbSession.h"
#include "campaign/ResponseWindows.h"
#include "campaign/UploadStore.h"
#include "storage/IdList.h"
#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <algorithm>

using namespace Poco::Data::Keywords;

namespace campaigns::campaign {
namespace {
// A campaign's row as selectSql() reads it, in its column order; times as "YYYY-MM-DD HH:MM:SS".
struct CampaignRow {
    Poco::Int64 id = 0;
    std::string name;
    Poco::Int64 accountId = 0;
    Poco::Int64 templateId = 0;
    Poco::Nullable<Poco::Int64> departmentId;
    std::string state;
    int expectsResponse = 0;
    int waitHours = 0;
    int allowDuplicates = 0;
    std::string headerMediaId;
    std::string headerImageFile;
    std::string fileName;
    std::string metadataLinksJson;
    Poco::Int64 createdBy = 0;
    std::string createdByName;
    std::string createdAt;
    std::string firstSentAt;
    std::string finishedAt;
    std::string responseDeadline;
    Poco::Int64 rowsTotal = 0;
    Poco::Int64 rowsProcessed = 0;
    Poco::Int64 errorCount = 0;
    Poco::Int64 hasErrors = 0;
    Poco::Int64 excludedCount = 0;
    Poco::Int64 entriesTotal = 0;
    Poco::Int64 uniquePhones = 0;
    Poco::Int64 nQueued = 0;
    Poco::Int64 nAccepted = 0;
    Poco::Int64 nFailedSend = 0;
    Poco::Int64 nUnknown = 0;
    Poco::Int64 nDelivered = 0;
    Poco::Int64 nRead = 0;
    Poco::Int64 nReplied = 0;
    Poco::Int64 nSuppressed = 0;
    Poco::Int64 nDeferred = 0;
    Poco::Int64 nFailedAfterAccept = 0;
    Poco::Int64 nRetried = 0;
    int includeSuppressedForUtility = 0;
    std::string frequencyCapAction;
    Poco::Int64 nCapped = 0;
    std::string accountName;
    std::string templateName;
    std::string pauseCode;
    std::string pauseReason;
    CampaignSchedule schedule; // its own columns, last (issue 13)
};
// A stored wave as addWaves() reads it.
struct WaveRow {
    Poco::Int64 campaignId = 0;
    std::string startsAt;
    Poco::Int64 recipients = 0;
};
} // namespace
} // namespace campaigns::campaign

template <>
class Poco::Data::TypeHandler<campaigns::campaign::CampaignSchedule>
    : public campaigns::storage::RowHandler<
          campaigns::campaign::CampaignSchedule, &campaigns::campaign::CampaignSchedule::startAt,
          &campaigns::campaign::CampaignSchedule::scheduleProblem, &campaigns::campaign::CampaignSchedule::windowFrom,
          &campaigns::campaign::CampaignSchedule::windowTo, &campaigns::campaign::CampaignSchedule::windowDays,
          &campaigns::campaign::CampaignSchedule::holdUntil, &campaigns::campaign::CampaignSchedule::approvalRequestedBy,
          &campaigns::campaign::CampaignSchedule::approvedBy, &campaigns::campaign::CampaignSchedule::approvedByName,
          &campaigns::campaign::CampaignSchedule::approvedAt> {};

template <>
class Poco::Data::TypeHandler<campaigns::campaign::WaveRow>
    : public campaigns::storage::RowHandler<campaigns::campaign::WaveRow, &campaigns::campaign::WaveRow::campaignId,
                                            &campaigns::campaign::WaveRow::startsAt, &campaigns::campaign::WaveRow::recipients> {
};

template <>
class Poco::Data::TypeHandler<campaigns::campaign::CampaignRow>
    : public campaigns::storage::RowHandler<
          campaigns::campaign::CampaignRow, &campaigns::campaign::CampaignRow::id, &campaigns::campaign::CampaignRow::name,
          &campaigns::campaign::CampaignRow::accountId, &campaigns::campaign::CampaignRow::templateId,
          &campaigns::campaign::CampaignRow::departmentId, &campaigns::campaign::CampaignRow::state,
          &campaigns::campaign::CampaignRow::expectsResponse, &campaigns::campaign::CampaignRow::waitHours,
          &campaigns::campaign::CampaignRow::allowDuplicates, &campaigns::campaign::CampaignRow::headerMediaId,
          &campaigns::campaign::CampaignRow::headerImageFile, &campaigns::campaign::CampaignRow::fileName,
          &campaigns::campaign::CampaignRow::metadataLinksJson, &campaigns::campaign::CampaignRow::createdBy,
          &campaigns::campaign::CampaignRow::createdByName, &campaigns::campaign::CampaignRow::createdAt,
          &campaigns::campaign::CampaignRow::firstSentAt, &campaigns::campaign::CampaignRow::finishedAt,
          &campaigns::campaign::CampaignRow::responseDeadline, &campaigns::campaign::CampaignRow::rowsTotal,
          &campaigns::campaign::CampaignRow::rowsProcessed, &campaigns::campaign::CampaignRow::errorCount,
          &campaigns::campaign::CampaignRow::hasErrors, &campaigns::campaign::CampaignRow::excludedCount,
          &campaigns::campaign::CampaignRow::entriesTotal, &campaigns::campaign::CampaignRow::uniquePhones,
          &campaigns::campaign::CampaignRow::nQueued, &campaigns::campaign::CampaignRow::nAccepted,
          &campaigns::campaign::CampaignRow::nFailedSend, &campaigns::campaign::CampaignRow::nUnknown,
          &campaigns::campaign::CampaignRow::nDelivered, &campaigns::campaign::CampaignRow::nRead,
          &campaigns::campaign::CampaignRow::nReplied, &campaigns::campaign::CampaignRow::nSuppressed,
          &campaigns::campaign::CampaignRow::nDeferred, &campaigns::campaign::CampaignRow::nFailedAfterAccept,
          &campaigns::campaign::CampaignRow::nRetried, &campaigns::campaign::CampaignRow::includeSuppressedForUtility,
          &campaigns::campaign::CampaignRow::frequencyCapAction, &campaigns::campaign::CampaignRow::nCapped,
          &campaigns::campaign::CampaignRow::accountName, &campaigns::campaign::CampaignRow::templateName,
          &campaigns::campaign::CampaignRow::pauseCode, &campaigns::campaign::CampaignRow::pauseReason,
          &campaigns::campaign::CampaignRow::schedule> {};

namespace campaigns::campaign {

namespace {

// Every column of a CampaignRow, in order.
std::string selectSql(helpdesk::Dialect d) {
    using storage::timeAsText;
    return "SELECT c.id, c.name, c.account_id, c.template_id, c.department_id, c.state, c.expects_response, c.wait_hours,"
           " c.allow_duplicates, c.header_media_id, c.header_image_file, c.file_name, c.metadata_links_json, c.created_by,"
           " c.created_by_name, " +
           timeAsText(d, "c.created_at") + ", " + timeAsText(d, "c.first_sent_at") + ", " + timeAsText(d, "c.finished_at") +
           ", " + timeAsText(d, "c.response_deadline") +
           ", c.rows_total, c.rows_processed, c.error_count, (c.errors_json IS NOT NULL) AS has_errors, c.excluded_count,"
           " c.entries_total, c.unique_phones, c.n_queued, c.n_accepted, c.n_failed_send, c.n_unknown, c.n_delivered,"
           " c.n_read, c.n_replied, c.n_suppressed, c.n_deferred, c.n_failed_after_accept, c.n_retried,"
           " c.include_suppressed_for_utility, c.frequency_cap_action, c.n_capped,"
           " COALESCE(a.display_name, '') AS account_name, COALESCE(t.name, '') AS template_name,"
           " c.pause_code, c.pause_reason, " +
           // issue 13, CampaignSchedule's columns
           timeAsText(d, "c.start_at") + ", c.schedule_problem, c.window_from, c.window_to, c.window_days, " +
           timeAsText(d, "c.hold_until") + ", c.approval_requested_by, c.approved_by, c.approved_by_name, " +
           timeAsText(d, "c.approved_at") +
           " FROM campaigns_campaigns c"
           " LEFT JOIN campaigns_accounts a ON a.id = c.account_id"
           " LEFT JOIN campaigns_templates t ON t.id = c.template_id";
}

// Fixed SQL; the ids' placeholders are appended by addWaves().
std::string selectWavesSql(helpdesk::Dialect d) {
    return "SELECT campaign_id, " + storage::timeAsText(d, "starts_at") +
           ", recipients FROM campaigns_campaign_waves WHERE campaign_id IN ";
}

const std::string kExcludedJson = "SELECT excluded_json FROM campaigns_campaigns WHERE id = ?";
const std::string kErrorsJson = "SELECT errors_json FROM campaigns_campaigns WHERE id = ?";
const std::string kSetExcluded =
    "UPDATE campaigns_campaigns SET excluded_count = ?, excluded_json = ?, updated_at = ? WHERE id = ?";

CampaignRecord toRecord(const CampaignRow& r) {
    CampaignRecord c;
    c.id = r.id;
    c.name = r.name;
    c.accountId = r.accountId;
    c.templateId = r.templateId;
    if (!r.departmentId.isNull()) c.departmentId = r.departmentId.value();
    c.state = campaignStateFromCode(r.state).value_or(CampaignState::Invalid);
    c.expectsResponse = r.expectsResponse != 0;
    c.waitHours = r.waitHours;
    c.allowDuplicates = r.allowDuplicates != 0;
    c.headerMediaId = r.headerMediaId;
    c.headerImageFile = r.headerImageFile;
    c.fileName = r.fileName;
    c.metadataLinksJson = r.metadataLinksJson;
    c.createdBy = r.createdBy;
    c.createdByName = r.createdByName;
    c.createdAt = storage::isoUtc(r.createdAt);
    c.firstSentAt = storage::isoUtc(r.firstSentAt);
    c.finishedAt = storage::isoUtc(r.finishedAt);
    c.responseDeadline = storage::isoUtc(r.responseDeadline);
    c.rowsTotal = r.rowsTotal;
    c.rowsProcessed = r.rowsProcessed;
    c.errorCount = r.errorCount;
    c.excludedCount = r.excludedCount;
    c.nSuppressed = r.nSuppressed;
    c.nDeferred = r.nDeferred;
    c.nFailedAfterAccept = r.nFailedAfterAccept;
    c.nRetried = r.nRetried;
    c.includeSuppressedForUtility = r.includeSuppressedForUtility != 0;
    c.frequencyCapAction = capActionFromCode(r.frequencyCapAction).value_or(CapAction::Hold);
    c.nCapped = r.nCapped;
    c.entriesTotal = r.entriesTotal;
    c.uniquePhones = r.uniquePhones;
    c.nQueued = r.nQueued;
    c.nAccepted = r.nAccepted;
    c.nFailedSend = r.nFailedSend;
    c.nUnknown = r.nUnknown;
    c.nDelivered = r.nDelivered;
    c.nRead = r.nRead;
    c.nReplied = r.nReplied;
    c.accountName = r.accountName;
    c.templateName = r.templateName;
    c.pauseCode = r.pauseCode;
    c.pauseReason = r.pauseReason;
    c.schedule = r.schedule;
    return c;
}

// A nullable text column of one campaign, empty when NULL.
std::string optionalText(Poco::Data::Session& s, const std::string& sql, Poco::Int64 id) {
    std::vector<Poco::Nullable<std::string>> values;
    s << sql, use(id), into(values), now;
    return !values.empty() && !values[0].isNull() ? values[0].value() : std::string();
}

} // namespace

CampaignStore::CampaignStore(helpdesk::Database& db) : db_(db) {}

long long CampaignStore::insert(Poco::Data::Session& s, const NewCampaign& c) {
    std::string name = c.name, state = code(c.state), media = c.headerMediaId, image = c.headerImageFile, file = c.fileName,
                links = c.metadataLinksJson, by = c.createdByName, at = utcNowText(), capAction = code(c.frequencyCapAction);
    Poco::Int64 account = c.accountId, tmpl = c.templateId, creator = c.createdBy;
    Poco::Nullable<Poco::Int64> department;
    if (c.departmentId) department = *c.departmentId;
    Poco::Int32 expects = c.expectsResponse ? 1 : 0, hours = c.waitHours, dup = c.allowDuplicates ? 1 : 0,
                rows = static_cast<Poco::Int32>(c.rowsTotal), includeSuppressed = c.includeSuppressedForUtility ? 1 : 0;
    s << "INSERT INTO campaigns_campaigns (name, account_id, template_id, department_id, state, expects_response,"
         " wait_hours, allow_duplicates, header_media_id, header_image_file, file_name, metadata_links_json,"
         " consent_at, created_by, created_by_name, created_at, updated_at, rows_total, include_suppressed_for_utility,"
         " frequency_cap_action) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        use(name), use(account), use(tmpl), use(department), use(state), use(expects), use(hours), use(dup), use(media),
        use(image), use(file), use(links), use(at), use(creator), use(by), use(at), use(at), use(rows), use(includeSuppressed),
        use(capAction), now;
    return storage::lastInsertId(s, db_.dialect());
}

void CampaignStore::markLoaded(Poco::Data::Session& s, long long id, std::size_t entries, std::size_t uniquePhones) {
    Poco::Int64 key = id;
    Poco::Int32 n = static_cast<Poco::Int32>(entries), unique = static_cast<Poco::Int32>(uniquePhones);
    std::string state = code(CampaignState::Loaded), at = utcNowText();
    s << "UPDATE campaigns_campaigns SET state = ?, entries_total = ?, unique_phones = ?, n_queued = ?,"
         " rows_processed = rows_total, updated_at = ? WHERE id = ?",
        use(state), use(n), use(unique), use(n), use(at), use(key), now;
}

void CampaignStore::markInvalid(Poco::Data::Session& s, long long id, std::size_t errorCount, const std::string& errorsJson) {
    Poco::Int64 key = id;
    Poco::Int32 n = static_cast<Poco::Int32>(errorCount);
    std::string state = code(CampaignState::Invalid), errors = errorsJson, at = utcNowText();
    s << "UPDATE campaigns_campaigns SET state = ?, error_count = ?, errors_json = ?, entries_total = 0,"
         " unique_phones = 0, n_queued = 0, updated_at = ? WHERE id = ?",
        use(state), use(n), use(errors), use(at), use(key), now;
}

void CampaignStore::setExcluded(Poco::Data::Session& s, long long id, std::size_t count, const std::string& noticesJson) {
    Poco::Int64 key = id;
    Poco::Int32 n = static_cast<Poco::Int32>(count);
    std::string notices = noticesJson, at = utcNowText();
    s << kSetExcluded, use(n), use(notices), use(at), use(key), now;
}

void CampaignStore::setProgress(Poco::Data::Session& s, long long id, std::size_t rowsProcessed) {
    Poco::Int64 key = id;
    Poco::Int32 n = static_cast<Poco::Int32>(rowsProcessed);
    std::string at = utcNowText();
    s << "UPDATE campaigns_campaigns SET rows_processed = ?, updated_at = ? WHERE id = ?", use(n), use(at), use(key), now;
}

void CampaignStore::deleteEntries(long long id) {
    auto s = openSession(db_);
    Poco::Int64 key = id;
    const bool mysql = db_.dialect() == helpdesk::Dialect::MySQL;
    for (;;) {
        Poco::Data::Statement st(s);
        if (mysql) {
            st << "DELETE FROM campaigns_entries WHERE campaign_id = ? LIMIT 20000", use(key);
        } else {
            st << "DELETE FROM campaigns_entries WHERE id IN (SELECT id FROM campaigns_entries WHERE campaign_id = ? LIMIT "
                  "20000)",
                use(key);
        }
        if (st.execute() == 0) break;
    }
}

std::optional<CampaignRecord> CampaignStore::get(long long id) {
    auto s = openSession(db_);
    Poco::Int64 key = id;
    std::vector<CampaignRow> rows;
    s << selectSql(db_.dialect()) + " WHERE c.id = ?", use(key), into(rows), now;
    if (rows.empty()) return std::nullopt;
    std::vector<CampaignRecord> one{toRecord(rows.front())};
    addResponseWindows(one);
    addWaves(s, one);
    auto c = std::move(one.front());
    // Read apart, only when there is a list: Poco's MySQL connector allocates and zeroes a buffer
    // the size of the column type for every query that selects it, 16 MB for this MEDIUMTEXT,
    // which made each look at a campaign cost 16 MB of memset (14 % of the host's CPU while a
    // page or a client polled one campaign during a send).
    if (c.excludedCount > 0) c.excludedJson = optionalText(s, kExcludedJson, key);
    if (rows.front().hasErrors != 0) c.errorsJson = optionalText(s, kErrorsJson, key);
    return c;
}

CampaignPage CampaignStore::list(const CampaignFilter& f) {
    auto s = openSession(db_);
    std::string where = " WHERE 1=1";
    std::string state = f.state.value_or(""), like = "%" + f.text + "%";
    Poco::Int64 account = f.accountId.value_or(0), department = f.departmentId.value_or(0);
    auto bindFilters = [&](Poco::Data::Statement& st) {
        if (f.state) st, use(state);
        if (f.accountId) st, use(account);
        if (f.departmentId) st, use(department);
        if (!f.text.empty()) st, use(like);
    };
    if (f.state) where += " AND c.state = ?";
    if (f.accountId) where += " AND c.account_id = ?";
    if (f.departmentId)
        where += " AND c.department_id = ?";
    else if (f.withoutDepartment)
        where += " AND c.department_id IS NULL";
    if (!f.text.empty()) where += " AND LOWER(c.name) LIKE LOWER(?)";

    CampaignPage page;
    {
        Poco::Data::Statement st(s);
        st << "SELECT COUNT(*) FROM campaigns_campaigns c" << where;
        bindFilters(st);
        Poco::Int64 total = 0;
        st, into(total);
        st.execute();
        page.total = total;
    }
    const int size = std::clamp(f.pageSize, 1, 200);
    const int offset = (std::max(f.page, 1) - 1) * size;
    Poco::Data::Statement st(s);
    st << selectSql(db_.dialect()) << where << " ORDER BY c.created_at DESC, c.id DESC LIMIT " << size << " OFFSET " << offset;
    bindFilters(st);
    std::vector<CampaignRow> rows;
    st, into(rows);
    st.execute();
    for (const auto& r : rows) page.items.push_back(toRecord(r));
    addResponseWindows(page.items);
    addWaves(s, page.items);
    return page;
}

void CampaignStore::addResponseWindows(std::vector<CampaignRecord>& records) {
    std::vector<WindowCandidate> candidates;
    candidates.reserve(records.size());
    for (const auto& c : records) candidates.push_back({c.id, c.state, c.expectsResponse, c.waitHours, c.finishedAt});
    const auto windows = ResponseWindows(db_).waiting(candidates);
    for (auto& c : records) {
        auto it = windows.find(c.id);
        if (it == windows.end()) continue;
        c.activeUntil = it->second.activeUntil;
        c.openTickets = it->second.openTickets;
    }
}

void CampaignStore::addWaves(Poco::Data::Session& s, std::vector<CampaignRecord>& records) {
    if (records.empty()) return;
    std::vector<Poco::Int64> ids;
    for (const auto& c : records) ids.push_back(c.id);
    std::vector<WaveRow> rows;
    Poco::Data::Statement st(s);
    st << selectWavesSql(db_.dialect()) + "(" + storage::placeholders(ids.size()) + ") ORDER BY campaign_id, number";
    for (auto& id : ids) st, use(id);
    st, into(rows);
    st.execute();
    for (auto& c : records)
        for (const auto& r : rows)
            if (r.campaignId == c.id) c.schedule.waves.push_back({r.startsAt, r.recipients});
}

std::vector<long long> CampaignStore::staleValidating(int minutes) {
    auto s = openSession(db_);
    std::string state = code(CampaignState::Validating);
    std::string cutoff = utcText(Poco::Timestamp() - Poco::Timespan(minutes * 60LL, 0));
    std::vector<Poco::Int64> ids;
    s << "SELECT id FROM campaigns_campaigns WHERE state = ? AND updated_at < ?", use(state), use(cutoff), into(ids), now;
    return {ids.begin(), ids.end()};
}

CampaignStore::Rename CampaignStore::rename(long long id, const std::string& name, CampaignState* stateOut) {
    auto s = openSession(db_);
    Poco::Int64 key = id;
    std::string newName = name, at = utcNowText();
    std::string loaded = code(CampaignState::Loaded), completed = code(CampaignState::Completed);
    Transaction tx(s);
    Poco::Data::Statement st(s);
    // The state check and the change are one statement, so a campaign that starts sending meanwhile
    // is not renamed.
    st << "UPDATE campaigns_campaigns SET name = ?, updated_at = ? WHERE id = ? AND state IN (?, ?)", use(newName), use(at),
        use(key), use(loaded), use(completed);
    st.execute();
    std::vector<std::string> states;
    s << "SELECT state FROM campaigns_campaigns WHERE id = ?", use(key), into(states), now;
    tx.commit();
    if (states.empty()) return Rename::NotFound;
    const CampaignState state = campaignStateFromCode(states.front()).value_or(CampaignState::Invalid);
    if (stateOut) *stateOut = state;
    // MySQL counts an unchanged name as no affected row, so judge by the state read back.
    return canRename(state) ? Rename::Done : Rename::NotAllowed;
}

} // namespace campaigns::campaign
