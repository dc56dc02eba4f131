#include "planning/WabaLimit.h"

#include "accounts/Account.h"
#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"
#include "web/ErrorCodes.h"

#include <helpdesk/Http.h>

#include <algorithm>

using namespace Poco::Data::Keywords;

namespace campaigns::planning {
namespace {
// kSelectCampaignWaba
struct CampaignWabaRow {
    long long uniquePhones = 0;
    std::string wabaId, tier;
};
} // namespace
} // namespace campaigns::planning

template <>
class Poco::Data::TypeHandler<campaigns::planning::CampaignWabaRow>
    : public campaigns::storage::RowHandler<
          campaigns::planning::CampaignWabaRow, &campaigns::planning::CampaignWabaRow::uniquePhones,
          &campaigns::planning::CampaignWabaRow::wabaId, &campaigns::planning::CampaignWabaRow::tier> {};

namespace campaigns::planning {
namespace {

const char* const kSelectCampaignWaba =
    "SELECT c.unique_phones, a.waba_id, a.daily_limit_tier FROM campaigns_campaigns c"
    " JOIN campaigns_accounts a ON a.id = c.account_id WHERE c.id = ?";
const char* const kCountWabaAccounts = "SELECT COUNT(*) FROM campaigns_accounts WHERE waba_id = ?";
const char* const kWabaOfCampaign =
    "SELECT a.waba_id FROM campaigns_campaigns c JOIN campaigns_accounts a ON a.id = c.account_id WHERE c.id = ?";
const char* const kLockWabaMySql = "SELECT id FROM campaigns_accounts WHERE waba_id = ? ORDER BY id FOR UPDATE";
// Only campaigns that sent something within the window: the entries of campaigns that ended before
// it would otherwise be read one by one each time the plan opens. Every number of the WABA counts,
// and so do the phones other started campaigns still hold in their queue: two campaigns scheduled
// for the same minute (or sent one after the other) would otherwise each pass the check on an
// empty count and together exceed the limit.
const char* const kCountWabaUsers =
    "SELECT COUNT(DISTINCT e.phone) FROM campaigns_accounts a JOIN campaigns_campaigns c ON c.account_id = a.id"
    " JOIN campaigns_entries e ON e.campaign_id = c.id"
    " WHERE a.waba_id = ? AND c.first_sent_at IS NOT NULL AND (c.finished_at IS NULL OR c.finished_at >= ?)"
    " AND (e.accepted_at >= ? OR (c.state IN ('sending', 'paused') AND e.state IN ('queued', 'claimed', 'dispatching')))";

std::string describe(const LimitCheck& c) {
    const std::string shared =
        c.wabaAccounts > 1 ? " (compartido por los " + std::to_string(c.wabaAccounts) + " números de la WABA " + c.wabaId + ")"
                           : "";
    if (c.dailyLimit == 0) return "La cuenta no tiene límite diario de destinatarios.";
    if (!c.ok)
        return "La WABA puede escribir a " + std::to_string(c.dailyLimit) + " destinatarios distintos cada 24 horas" + shared +
               "; ya usó o tiene en cola " + std::to_string(c.usedLast24h) + " y esta campaña tiene " +
               std::to_string(c.campaignUnique) +
               ". Prográmala en tandas («Programar en tandas» en el plan de envío), divídela o espera a que se libere cupo.";
    return "Cupo diario" + shared + ": " + std::to_string(c.usedLast24h) + " usados de " + std::to_string(c.dailyLimit) +
           "; esta campaña usará " + std::to_string(c.campaignUnique) + ".";
}

} // namespace

LimitCheck checkWabaLimit(helpdesk::Database& db, long long campaignId, const Poco::Timestamp& asOf) {
    auto s = db.session();
    return checkWabaLimit(s, campaignId, asOf);
}

std::string wabaOfCampaign(Poco::Data::Session& s, long long campaignId) {
    Poco::Int64 id = campaignId;
    std::vector<std::string> wabas;
    s << kWabaOfCampaign, use(id), into(wabas), now;
    return wabas.empty() ? std::string() : wabas.front();
}

void lockWaba(Poco::Data::Session& s, helpdesk::Dialect d, const std::string& wabaId) {
    if (d != helpdesk::Dialect::MySQL) return;
    std::string waba = wabaId;
    std::vector<Poco::Int64> ids;
    s << kLockWabaMySql, use(waba), into(ids), now;
}

LimitCheck checkWabaLimit(Poco::Data::Session& s, long long campaignId, const Poco::Timestamp& asOf) {
    std::vector<CampaignWabaRow> rows;
    Poco::Int64 id = campaignId;
    s << kSelectCampaignWaba, use(id), into(rows), now;
    if (rows.empty()) throw helpdesk::HttpError(404, web::codes::kCampaignNotFound, "La campaña no existe.");
    LimitCheck c;
    c.wabaId = rows[0].wabaId;
    c.tier = rows[0].tier;
    c.campaignUnique = rows[0].uniquePhones;
    c.dailyLimit = std::max(0LL, accounts::dailyLimitOf(c.tier));
    std::string waba = c.wabaId;
    Poco::Int64 accounts = 0, used = 0;
    s << kCountWabaAccounts, use(waba), into(accounts), now;
    std::string since = storage::utcText(asOf - Poco::Timespan(24 * Poco::Timespan::HOURS));
    s << kCountWabaUsers, use(waba), use(since), use(since), into(used), now;
    c.wabaAccounts = accounts;
    c.usedLast24h = used;
    c.ok = c.dailyLimit == 0 || c.usedLast24h + c.campaignUnique <= c.dailyLimit;
    c.message = describe(c);
    return c;
}

} // namespace campaigns::planning
