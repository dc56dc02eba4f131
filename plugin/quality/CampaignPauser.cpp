#include "quality/CampaignPauser.h"

#include "storage/IdList.h"
#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"
#include "storage/Transaction.h"

#include <Poco/Data/Statement.h>

using namespace Poco::Data::Keywords;

namespace campaigns::quality {
namespace {
// A sending campaign about to be paused.
struct SendingRow {
    Poco::Int64 id = 0;
    Poco::Int64 accountId = 0;
};
} // namespace
} // namespace campaigns::quality

template <>
class Poco::Data::TypeHandler<campaigns::quality::SendingRow>
    : public campaigns::storage::RowHandler<campaigns::quality::SendingRow, &campaigns::quality::SendingRow::id,
                                            &campaigns::quality::SendingRow::accountId> {};

namespace campaigns::quality {
namespace {

const char* const kSelectSending = "SELECT id, account_id FROM campaigns_campaigns WHERE state = 'sending' AND ";
const char* const kPause =
    "UPDATE campaigns_campaigns SET state = 'paused', pause_code = ?, pause_reason = ?, updated_at = ?"
    " WHERE id = ? AND state = 'sending'";

} // namespace

CampaignPauser::CampaignPauser(helpdesk::Database& db, Poco::Logger& log) : db_(db), log_(log) {}

bool CampaignPauser::pause(long long campaignId, const std::string& code, const std::string& reason) {
    return !pauseWhere(Target::Campaign, {campaignId}, code, reason).empty();
}

std::vector<long long> CampaignPauser::pauseAccounts(const std::vector<long long>& accountIds, const std::string& code,
                                                     const std::string& reason) {
    return pauseWhere(Target::Account, accountIds, code, reason);
}

std::vector<long long> CampaignPauser::pauseTemplates(const std::vector<long long>& templateIds, const std::string& code,
                                                      const std::string& reason) {
    return pauseWhere(Target::Template, templateIds, code, reason);
}

std::vector<CampaignPauser::Paused> CampaignPauser::pauseIn(Poco::Data::Session& s, Target target,
                                                            const std::vector<long long>& keys, const std::string& code,
                                                            const std::string& reason) {
    if (keys.empty()) return {};
    const char* column = target == Target::Campaign ? "id" : target == Target::Account ? "account_id" : "template_id";
    std::vector<SendingRow> rows;
    std::vector<Poco::Int64> ids(keys.begin(), keys.end());
    Poco::Data::Statement select(s);
    // Locking on MySQL/MariaDB: the caller's transaction may have read these rows earlier (the
    // sender's outcome batch), and a plain SELECT would see that snapshot, not a resume since.
    select << std::string(kSelectSending) + column + " IN (" + storage::placeholders(ids.size()) + ")" +
                  storage::forUpdate(storage::dialectOf(s));
    for (auto& k : ids) select, use(k);
    select, into(rows);
    select.execute();
    std::string c = code, why = reason.substr(0, 500), at = storage::utcNowText();
    std::vector<Paused> paused;
    for (auto& r : rows) {
        Poco::Data::Statement update(s);
        update << kPause, use(c), use(why), use(at), use(r.id);
        if (update.execute() > 0) paused.push_back(Paused{r.id, r.accountId});
    }
    return paused;
}

void CampaignPauser::logPaused(const std::vector<Paused>& paused, const std::string& code, const std::string& reason) {
    for (const auto& p : paused)
        log_.warning("campaigns: campaign %s (account %s) paused by the quality breaker [%s]: %s", std::to_string(p.campaignId),
                     std::to_string(p.accountId), code, reason);
}

std::vector<long long> CampaignPauser::pauseWhere(Target target, const std::vector<long long>& keys, const std::string& code,
                                                  const std::string& reason) {
    auto paused =
        storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) { return pauseIn(s, target, keys, code, reason); });
    logPaused(paused, code, reason);
    std::vector<long long> out;
    for (const auto& p : paused) out.push_back(p.campaignId);
    return out;
}

} // namespace campaigns::quality
