#include "sending/SendStart.h"

#include "planning/WabaLimit.h"
#include "quality/StartGuard.h"
#include "sending/SendApi.h"
#include "storage/IdList.h"
#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"
#include "storage/Transaction.h"
#include "web/ErrorCodes.h"

#include <Poco/Data/Statement.h>

#include <helpdesk/Http.h>

#include <algorithm>

using namespace Poco::Data::Keywords;

namespace campaigns::sending {

struct StartRow { // SELECT state, entries_total, approved_at IS NOT NULL
    std::string state;
    long long entries = 0;
    int approved = 0;
};

} // namespace campaigns::sending

template <>
class Poco::Data::TypeHandler<campaigns::sending::StartRow>
    : public campaigns::storage::RowHandler<campaigns::sending::StartRow, &campaigns::sending::StartRow::state,
                                            &campaigns::sending::StartRow::entries, &campaigns::sending::StartRow::approved> {};

namespace campaigns::sending {

namespace {

const char* const kSelectStart =
    "SELECT state, entries_total, CASE WHEN approved_at IS NULL THEN 0 ELSE 1 END FROM campaigns_campaigns WHERE id = ?";
const char* const kRecordApprovalRequest =
    "UPDATE campaigns_campaigns SET approval_requested_by = COALESCE(approval_requested_by, ?), updated_at = ?"
    " WHERE id = ? AND approved_at IS NULL";

StartRow startRow(helpdesk::Database& db, long long id) {
    auto s = db.session();
    Poco::Int64 key = id;
    std::vector<StartRow> rows;
    s << kSelectStart, use(key), into(rows), now;
    if (rows.empty()) throw helpdesk::HttpError(404, web::codes::kCampaignNotFound, "La campaña no existe.");
    return rows.front();
}

// "Fecha de envío" is when sending starts; the response window ("Fecha de término") starts then too.
std::string deadlineSql(helpdesk::Dialect d) {
    return d == helpdesk::Dialect::MySQL ? "DATE_ADD(?, INTERVAL wait_hours HOUR)"
                                         : "strftime('%Y-%m-%d %H:%M:%f', ?, '+' || wait_hours || ' hours')";
}

} // namespace

void requireApproval(helpdesk::Database& db, long long campaignId, long long approvalMinRecipients, long long requestedBy) {
    if (approvalMinRecipients <= 0) return;
    const auto row = startRow(db, campaignId);
    if (row.entries <= approvalMinRecipients || row.approved) return;
    if (requestedBy > 0) {
        auto s = db.session();
        Poco::Int64 who = requestedBy, key = campaignId;
        std::string ts = storage::utcNowText();
        s << kRecordApprovalRequest, use(who), use(ts), use(key), now;
    }
    throw helpdesk::HttpError(409, web::codes::kApprovalRequired,
                              "La campaña tiene " + std::to_string(row.entries) + " destinatarios: con más de " +
                                  std::to_string(approvalMinRecipients) +
                                  " necesita la aprobación de otro administrador («Aprobar») antes de enviarse o programarse.");
}

bool startSending(helpdesk::Database& db, const StartRequest& r) {
    const auto row = startRow(db, r.campaignId);
    if (std::find(r.from.begin(), r.from.end(), row.state) == r.from.end())
        throw helpdesk::HttpError(409, web::codes::kInvalidState, r.stateRefusal, "[\"" + row.state + "\"]");
    requireApproval(db, r.campaignId, r.approvalMinRecipients, r.requestedBy);

    // The limit check and the move to sending in one transaction serialised per WABA: two starts of
    // the same WABA at once (two clicks, the scheduler on two hosts) would otherwise both count the
    // WABA's users before either started, pass, and together exceed the limit.
    auto s = db.session();
    const std::string waba = planning::wabaOfCampaign(s, r.campaignId);
    storage::SqlTransaction tx(s, db.dialect());
    planning::lockWaba(s, db.dialect(), waba);
    auto limit = planning::checkWabaLimit(s, r.campaignId);
    if (!limit.ok) throw helpdesk::HttpError(409, web::codes::kDailyLimit, limit.message);
    if (auto why = quality::startRefusal(db, r.campaignId)) throw helpdesk::HttpError(409, web::codes::kQualityHold, *why);

    std::string ts = storage::utcNowText(), target = "sending", hold = r.holdUntil.value_or("");
    Poco::Int64 key = r.campaignId;
    std::vector<std::string> states = r.from, extra = r.extraWhereValues; // bound by reference
    Poco::Data::Statement st(s);
    st << "UPDATE campaigns_campaigns SET state = ?, updated_at = ?, send_requested_at = ?, first_sent_at = ?,"
          " response_deadline = CASE WHEN expects_response = 1 THEN " +
              deadlineSql(db.dialect()) + " ELSE NULL END, schedule_problem = ''" + (r.holdUntil ? ", hold_until = ?" : "") +
              " WHERE id = ? AND state IN (" + storage::placeholders(states.size()) + ")" + r.extraWhere,
        use(target), use(ts), use(ts), use(ts), use(ts);
    if (r.holdUntil) st, use(hold);
    st, use(key);
    for (auto& f : states) st, use(f);
    for (auto& v : extra) st, use(v);
    const bool started = st.execute() == 1;
    tx.commit();
    return started;
}

} // namespace campaigns::sending
