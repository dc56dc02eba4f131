#include "quality/NumberQualityStore.h"

#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"

#include <Poco/Data/Statement.h>

using namespace Poco::Data::Keywords;

namespace campaigns::quality {
namespace {
struct QualityRow {
    Poco::Int64 accountId = 0;
    std::string qualityRating, messagingLimitTier, lastEvent;
    int restricted = 0;
    std::string updatedAt;
};
} // namespace
} // namespace campaigns::quality

template <>
class Poco::Data::TypeHandler<campaigns::quality::QualityRow>
    : public campaigns::storage::RowHandler<
          campaigns::quality::QualityRow, &campaigns::quality::QualityRow::accountId,
          &campaigns::quality::QualityRow::qualityRating, &campaigns::quality::QualityRow::messagingLimitTier,
          &campaigns::quality::QualityRow::lastEvent, &campaigns::quality::QualityRow::restricted,
          &campaigns::quality::QualityRow::updatedAt> {};

namespace campaigns::quality {
namespace {

std::string selectSql(helpdesk::Dialect d) {
    return "SELECT account_id, quality_rating, messaging_limit_tier, last_event, restricted, " +
           storage::timeAsText(d, "updated_at") + " FROM campaigns_number_quality WHERE account_id = ?";
}
const char* const kCount = "SELECT COUNT(*) FROM campaigns_number_quality WHERE account_id = ?";
const char* const kInsert =
    "INSERT INTO campaigns_number_quality (quality_rating, messaging_limit_tier, last_event, restricted,"
    " updated_at, account_id) VALUES (?, ?, ?, ?, ?, ?)";
const char* const kUpdate =
    "UPDATE campaigns_number_quality SET"
    " quality_rating = CASE WHEN ? = '' THEN quality_rating ELSE ? END,"
    " messaging_limit_tier = CASE WHEN ? = '' THEN messaging_limit_tier ELSE ? END,"
    " last_event = ?, restricted = ?, updated_at = ? WHERE account_id = ?";

} // namespace

NumberQualityStore::NumberQualityStore(helpdesk::Database& db) : db_(db) {}

std::optional<NumberQuality> NumberQualityStore::get(long long accountId) {
    auto s = db_.session();
    return get(s, db_.dialect(), accountId);
}

std::optional<NumberQuality> NumberQualityStore::get(Poco::Data::Session& s, helpdesk::Dialect d, long long accountId) {
    std::vector<QualityRow> rows;
    Poco::Int64 id = accountId;
    s << selectSql(d), use(id), into(rows), now;
    if (rows.empty()) return std::nullopt;
    const auto& r = rows.front();
    return NumberQuality{r.accountId, r.qualityRating,   r.messagingLimitTier,
                         r.lastEvent, r.restricted != 0, storage::isoUtc(r.updatedAt)};
}

void NumberQualityStore::record(Poco::Data::Session& s, const NumberQuality& q) {
    Poco::Int64 id = q.accountId, count = 0;
    std::string rating = q.qualityRating, tier = q.messagingLimitTier, event = q.lastEvent, at = storage::utcNowText();
    int restricted = q.restricted ? 1 : 0;
    s << kCount, use(id), into(count), now;
    if (count == 0)
        s << kInsert, use(rating), use(tier), use(event), use(restricted), use(at), use(id), now;
    else
        s << kUpdate, use(rating), use(rating), use(tier), use(tier), use(event), use(restricted), use(at), use(id), now;
}

} // namespace campaigns::quality
