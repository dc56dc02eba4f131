#include "campaign/UploadStore.h"

#include "campaign/CampaignState.h"
#include "campaign/DbSession.h"
#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"

#include <Poco/Data/Statement.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/File.h>
#include <Poco/Nullable.h>
#include <Poco/Path.h>
#include <Poco/UUIDGenerator.h>

using namespace Poco::Data::Keywords;

namespace campaigns::campaign {
namespace {
// An upload's row (kUploadColumns).
struct UploadRow {
    Poco::Int64 id = 0;
    std::string kind, fileName, path;
    Poco::Int64 size = 0;
    std::string mime;
    Poco::Int64 dataRows = 0;
    Poco::Int64 createdBy = 0;
    Poco::Nullable<Poco::Int64> campaignId;
};
} // namespace
} // namespace campaigns::campaign

template <>
class Poco::Data::TypeHandler<campaigns::campaign::UploadRow>
    : public campaigns::storage::RowHandler<
          campaigns::campaign::UploadRow, &campaigns::campaign::UploadRow::id, &campaigns::campaign::UploadRow::kind,
          &campaigns::campaign::UploadRow::fileName, &campaigns::campaign::UploadRow::path, &campaigns::campaign::UploadRow::size,
          &campaigns::campaign::UploadRow::mime, &campaigns::campaign::UploadRow::dataRows,
          &campaigns::campaign::UploadRow::createdBy, &campaigns::campaign::UploadRow::campaignId> {};

namespace campaigns::campaign {

std::string utcText(const Poco::Timestamp& t) { return Poco::DateTimeFormatter::format(t, "%Y-%m-%d %H:%M:%S.%i"); }
std::string utcNowText() { return utcText(Poco::Timestamp()); }

UploadStore::UploadStore(helpdesk::Database& db, std::string directory) : db_(db), directory_(std::move(directory)) {
    Poco::File(directory_).createDirectories();
}

std::string UploadStore::newFilePath() const {
    return Poco::Path(directory_).append(Poco::UUIDGenerator::defaultGenerator().createRandom().toString()).toString();
}

long long UploadStore::add(const StoredUpload& u) {
    auto s = openSession(db_);
    std::string kind = u.kind, name = u.fileName, path = u.path, mime = u.mime, created = utcNowText();
    Poco::Int64 size = static_cast<Poco::Int64>(u.size), by = u.createdBy;
    Poco::Int32 rows = static_cast<Poco::Int32>(u.dataRows);
    Transaction tx(s);
    s << "INSERT INTO campaigns_uploads (kind, file_name, stored_path, size_bytes, mime, data_rows, created_by, created_at)"
         " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        use(kind), use(name), use(path), use(size), use(mime), use(rows), use(by), use(created), now;
    long long id = storage::lastInsertId(s, db_.dialect());
    tx.commit();
    return id;
}

namespace {
StoredUpload toUpload(const UploadRow& r) {
    StoredUpload u;
    u.id = r.id;
    u.kind = r.kind;
    u.fileName = r.fileName;
    u.path = r.path;
    u.size = static_cast<std::uint64_t>(r.size);
    u.mime = r.mime;
    u.dataRows = static_cast<std::size_t>(r.dataRows);
    u.createdBy = r.createdBy;
    if (!r.campaignId.isNull()) u.campaignId = r.campaignId.value();
    return u;
}
std::optional<StoredUpload> readUpload(Poco::Data::Statement& st) {
    std::vector<UploadRow> rows;
    st, into(rows);
    st.execute();
    if (rows.empty()) return std::nullopt;
    return toUpload(rows.front());
}
// The conditional attach: an upload serves one campaign only.
constexpr const char* kClaimUpload = "UPDATE campaigns_uploads SET campaign_id = ? WHERE id = ? AND campaign_id IS NULL";
const char* kUploadColumns =
    "SELECT id, kind, file_name, stored_path, size_bytes, mime, data_rows, created_by, campaign_id"
    " FROM campaigns_uploads ";
} // namespace

std::optional<StoredUpload> UploadStore::get(long long id) {
    auto s = openSession(db_);
    Poco::Int64 key = id;
    Poco::Data::Statement st(s);
    st << kUploadColumns << "WHERE id = ?", use(key);
    return readUpload(st);
}

std::optional<StoredUpload> UploadStore::findByCampaign(long long campaignId, const std::string& kind) {
    auto s = openSession(db_);
    Poco::Int64 key = campaignId;
    std::string k = kind;
    Poco::Data::Statement st(s);
    st << kUploadColumns << "WHERE campaign_id = ? AND kind = ? ORDER BY id DESC", use(key), use(k);
    return readUpload(st);
}

void UploadStore::setDataRows(long long id, std::size_t rows) {
    auto s = openSession(db_);
    Poco::Int64 key = id;
    Poco::Int32 n = static_cast<Poco::Int32>(rows);
    s << "UPDATE campaigns_uploads SET data_rows = ? WHERE id = ?", use(n), use(key), now;
}

void UploadStore::attach(Poco::Data::Session& session, long long id, long long campaignId) {
    Poco::Int64 key = id, campaign = campaignId;
    session << "UPDATE campaigns_uploads SET campaign_id = ? WHERE id = ?", use(campaign), use(key), now;
}

bool UploadStore::claim(Poco::Data::Session& session, long long id, long long campaignId) {
    Poco::Int64 key = id, campaign = campaignId;
    Poco::Data::Statement st(session);
    st << kClaimUpload, use(campaign), use(key);
    return st.execute() == 1;
}

namespace {
// Retention's reads: page by id, oldest first. The ended states are bound as parameters
// (kEndedStates), the kind too.
const std::string kUnusedBefore =
    std::string(kUploadColumns) + "WHERE campaign_id IS NULL AND created_at < ? AND id > ? ORDER BY id LIMIT ?";
const char* const kEndedSheetsBefore =
    "SELECT u.id, u.kind, u.file_name, u.stored_path, u.size_bytes, u.mime, u.data_rows, u.created_by, u.campaign_id"
    " FROM campaigns_uploads u JOIN campaigns_campaigns c ON c.id = u.campaign_id"
    " WHERE u.kind = ? AND c.state IN (?, ?, ?, ?, ?) AND COALESCE(c.finished_at, c.updated_at) < ? AND u.id > ?"
    " ORDER BY u.id LIMIT ?";
// States after which a campaign never reads its sheet again: sending reads the stored entries
// (retry-failed too), the results and errors downloads read entries and errors_json. An invalid
// campaign has no finished_at: its updated_at is when validation ended (it cannot be renamed).
constexpr CampaignState kEndedStates[] = {CampaignState::Completed, CampaignState::CompletedWithErrors, CampaignState::Failed,
                                          CampaignState::Cancelled, CampaignState::Invalid};
constexpr const char* kDeleteUnused = "DELETE FROM campaigns_uploads WHERE id = ? AND campaign_id IS NULL";
constexpr const char* kDeleteUsed = "DELETE FROM campaigns_uploads WHERE id = ? AND campaign_id = ?";

std::vector<StoredUpload> toUploads(const std::vector<UploadRow>& rows) {
    std::vector<StoredUpload> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(toUpload(r));
    return out;
}
} // namespace

std::vector<StoredUpload> UploadStore::unusedBefore(const Poco::Timestamp& before, long long afterId, std::size_t limit) {
    auto s = openSession(db_);
    std::string cutoff = utcText(before);
    Poco::Int64 after = afterId, n = static_cast<Poco::Int64>(limit);
    std::vector<UploadRow> rows;
    s << kUnusedBefore, use(cutoff), use(after), use(n), into(rows), now;
    return toUploads(rows);
}

std::vector<StoredUpload> UploadStore::endedSheetsBefore(const Poco::Timestamp& before, long long afterId, std::size_t limit) {
    auto s = openSession(db_);
    std::string kind = kSheetUpload, cutoff = utcText(before);
    std::vector<std::string> states;
    for (CampaignState st : kEndedStates) states.emplace_back(code(st));
    Poco::Int64 after = afterId, n = static_cast<Poco::Int64>(limit);
    std::vector<UploadRow> rows;
    s << kEndedSheetsBefore, use(kind), use(states[0]), use(states[1]), use(states[2]), use(states[3]), use(states[4]),
        use(cutoff), use(after), use(n), into(rows), now;
    return toUploads(rows);
}

bool UploadStore::remove(const StoredUpload& u) {
    auto s = openSession(db_);
    Poco::Int64 key = u.id, campaign = u.campaignId.value_or(0);
    Transaction tx(s);
    Poco::Data::Statement del(s);
    if (u.campaignId)
        del << kDeleteUsed, use(key), use(campaign);
    else
        del << kDeleteUnused, use(key);
    if (del.execute() != 1) return false; // rolled back: nothing to do
    Poco::File file(u.path);
    if (file.exists()) file.remove(); // throws: the row stays (rolled back) for the next purge
    tx.commit();
    return true;
}

} // namespace campaigns::campaign
