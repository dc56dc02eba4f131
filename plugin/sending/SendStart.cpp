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

struct QueuedRow { // kSelectQueuedRows
    Poco::Int64 id = 0;
    std::string phone;
};

} // namespace campaigns::sending

template <>
class Poco::Data::TypeHandler<campaigns::sending::StartRow>
    : public campaigns::storage::RowHandler<campaigns::sending::StartRow, &campaigns::sending::StartRow::state,
                                            &campaigns::sending::StartRow::entries, &campaigns::sending::StartRow::approved> {};
template <>
class Poco::Data::TypeHandler<campaigns::sending::QueuedRow>
    : public campaigns::storage::RowHandler<campaigns::sending::QueuedRow, &campaigns::sending::QueuedRow::id,
                                            &campaigns::sending::QueuedRow::phone> {};

namespace campaigns::sending {

namespace {

const char* const kSelectStart =
    "SELECT state, entries_total, CASE WHEN approved_at IS NULL THEN 0 ELSE 1 END FROM campaigns_campaigns WHERE id = ?";
const char* const kRecordApprovalRequest =
    "UPDATE campaigns_campaigns SET approval_requested_by = COALESCE(approval_requested_by, ?), updated_at = ?"
    " WHERE id = ? AND approved_at IS NULL";
// "Programar en tandas": the unique users the waves split, and the rows they are given to, in the
// order the outbox claims them.
const char* const kCountQueuedPhones =
    "SELECT COUNT(DISTINCT phone) FROM campaigns_entries WHERE campaign_id = ? AND state = 'queued'";
const char* const kSelectQueuedRows =
    "SELECT id, phone FROM campaigns_entries WHERE campaign_id = ? AND state = 'queued' ORDER BY id";
const char* const kInsertWave =
    "INSERT INTO campaigns_campaign_waves (campaign_id, number, starts_at, recipients) VALUES (?, ?, ?, ?)";
const std::string kDelayEntries =
    "UPDATE campaigns_entries SET next_attempt_at = ?, updated_at = ? WHERE state = 'queued' AND id IN ";

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

namespace {

void refuseState(helpdesk::Database& db, const StartRequest& r) {
    const auto row = startRow(db, r.campaignId);
    if (std::find(r.from.begin(), r.from.end(), row.state) == r.from.end())
        throw helpdesk::HttpError(409, web::codes::kInvalidState, r.stateRefusal, "[\"" + row.state + "\"]");
}

// The checks every start makes before the limit: the campaign's state, then the approval.
void refuseStateOrApproval(helpdesk::Database& db, const StartRequest& r) {
    refuseState(db, r);
    requireApproval(db, r.campaignId, r.approvalMinRecipients, r.requestedBy);
}

void refuseOnQuality(helpdesk::Database& db, long long campaignId) {
    if (auto why = quality::startRefusal(db, campaignId)) throw helpdesk::HttpError(409, web::codes::kQualityHold, *why);
}

// The one conditional UPDATE that starts a campaign; false when it was no longer in a `from` state.
bool moveToSending(Poco::Data::Session& s, helpdesk::Dialect dialect, const StartRequest& r) {
    std::string ts = storage::utcNowText(), target = "sending", hold = r.holdUntil.value_or("");
    Poco::Int64 key = r.campaignId;
    std::vector<std::string> states = r.from, extra = r.extraWhereValues; // bound by reference
    Poco::Data::Statement st(s);
    st << "UPDATE campaigns_campaigns SET state = ?, updated_at = ?, send_requested_at = ?, first_sent_at = ?,"
          " response_deadline = CASE WHEN expects_response = 1 THEN " +
              deadlineSql(dialect) + " ELSE NULL END, schedule_problem = ''" + (r.holdUntil ? ", hold_until = ?" : "") +
              " WHERE id = ? AND state IN (" + storage::placeholders(states.size()) + ")" + r.extraWhere,
        use(target), use(ts), use(ts), use(ts), use(ts);
    if (r.holdUntil) st, use(hold);
    st, use(key);
    for (auto& f : states) st, use(f);
    for (auto& v : extra) st, use(v);
    return st.execute() == 1;
}

// The limit check and the move to sending in one transaction serialised per WABA: two starts of
// the same WABA at once (two clicks, the scheduler on two hosts) would otherwise both count the
// WABA's users before either started, pass, and together exceed the limit. On MariaDB the lock is
// the transaction's first statement: a read before it would fix the snapshot before the other
// start commits.
template <class Fn>
auto underWabaLock(helpdesk::Database& db, long long campaignId, Fn fn) {
    auto s = db.session();
    const std::string waba = planning::wabaOfCampaign(s, campaignId);
    storage::SqlTransaction tx(s, db.dialect());
    planning::lockWaba(s, db.dialect(), waba);
    auto result = fn(s);
    tx.commit();
    return result;
}

// The waves of the campaign's queued unique users at `now`, refused unless there are several and
// the first one starts now (the limit check of a waved start).
std::vector<planning::Wave> wavesNow(Poco::Data::Session& s, long long campaignId, const Poco::Timestamp& now) {
    const auto limit = planning::checkWabaLimit(s, campaignId, now);
    Poco::Int64 unique = 0, key = campaignId;
    s << kCountQueuedPhones, use(key), into(unique), Poco::Data::Keywords::now;
    auto waves = planning::proposeWaves(unique, limit.dailyLimit, limit.usedLast24h, now, 0);
    if (waves.size() <= 1)
        throw helpdesk::HttpError(409, web::codes::kWavesNotNeeded,
                                  "No hace falta enviar en tandas: la campaña cabe en el cupo diario de la WABA. " +
                                      limit.message + " Envíala con «Enviar Campaña».");
    if (waves.front().startsAt != now)
        throw helpdesk::HttpError(409, web::codes::kDailyLimit,
                                  "Hoy no queda cupo en la WABA para una primera tanda: ya usó o tiene en cola " +
                                      std::to_string(limit.usedLast24h) + " de sus " + std::to_string(limit.dailyLimit) +
                                      " destinatarios distintos cada 24 horas. Vuelve a intentarlo cuando se libere cupo.");
    return waves;
}

// Stores the waves and gives each queued entry of a later wave its wave's start as
// next_attempt_at, on the start's transaction.
void storeWaves(Poco::Data::Session& s, long long campaignId, const std::vector<planning::Wave>& waves) {
    Poco::Int64 key = campaignId;
    for (const auto& w : waves) {
        Poco::Int32 number = w.number;
        Poco::Int64 recipients = w.recipients;
        std::string at = storage::utcText(w.startsAt);
        s << kInsertWave, use(key), use(number), use(at), use(recipients), now;
    }
    std::vector<QueuedRow> rows;
    s << kSelectQueuedRows, use(key), into(rows), now;
    std::vector<std::string> phones;
    phones.reserve(rows.size());
    for (const auto& r : rows) phones.push_back(r.phone);
    const auto numbers = planning::wavesOfRows(phones, waves);
    std::vector<std::vector<Poco::Int64>> idsOfWave(waves.size() + 1);
    for (std::size_t i = 0; i < rows.size(); ++i) idsOfWave[static_cast<std::size_t>(numbers[i])].push_back(rows[i].id);
    const std::string ts = storage::utcNowText();
    for (const auto& w : waves)
        if (w.number > 1)
            storage::executeForIds(s, kDelayEntries, idsOfWave[static_cast<std::size_t>(w.number)],
                                   {storage::utcText(w.startsAt), ts});
}

} // namespace

bool startSending(helpdesk::Database& db, const StartRequest& r) {
    refuseStateOrApproval(db, r);
    return underWabaLock(db, r.campaignId, [&](Poco::Data::Session& s) {
        auto limit = planning::checkWabaLimit(s, r.campaignId);
        if (!limit.ok) throw helpdesk::HttpError(409, web::codes::kDailyLimit, limit.message);
        refuseOnQuality(db, r.campaignId);
        return moveToSending(s, db.dialect(), r);
    });
}

std::optional<std::vector<planning::Wave>> startInWaves(helpdesk::Database& db, const StartRequest& r,
                                                        const Poco::Timestamp& now) {
    refuseStateOrApproval(db, r);
    return underWabaLock(db, r.campaignId, [&](Poco::Data::Session& s) -> std::optional<std::vector<planning::Wave>> {
        std::vector<planning::Wave> waves;
        try {
            waves = wavesNow(s, r.campaignId, now);
        } catch (const helpdesk::HttpError&) {
            // A second click that waited for the first one's start reads it as used quota: it is
            // told the campaign already started, not that the limit is full.
            refuseState(db, r);
            throw;
        }
        refuseOnQuality(db, r.campaignId);
        if (!moveToSending(s, db.dialect(), r)) return std::nullopt;
        storeWaves(s, r.campaignId, waves);
        return waves;
    });
}

} // namespace campaigns::sending
