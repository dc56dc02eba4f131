#include "planning/TestMessages.h"

#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"
#include "suppressions/SuppressionStore.h"
#include "validation/PhoneNormalizer.h"
#include "web/ApiRequest.h"
#include "web/ErrorCodes.h"
#include "webhooks/WebhookEventStore.h"

#include <helpdesk/Http.h>

#include <map>

using namespace Poco::Data::Keywords;

namespace campaigns::planning {
namespace {
// kSelectTestMessage (times as text on both dialects)
struct TestMessageRow {
    long long id = 0, campaignId = 0, userId = 0;
    int rowNo = 0;
    std::string phone, state;
    int errorCode = 0;
    std::string errorReason, createdAt, updatedAt;
};
// kSelectTestByWamid
struct TestStateRow {
    long long id = 0;
    std::string state;
};
} // namespace
} // namespace campaigns::planning

template <>
class Poco::Data::TypeHandler<campaigns::planning::TestMessageRow>
    : public campaigns::storage::RowHandler<
          campaigns::planning::TestMessageRow, &campaigns::planning::TestMessageRow::id,
          &campaigns::planning::TestMessageRow::campaignId, &campaigns::planning::TestMessageRow::userId,
          &campaigns::planning::TestMessageRow::rowNo, &campaigns::planning::TestMessageRow::phone,
          &campaigns::planning::TestMessageRow::state, &campaigns::planning::TestMessageRow::errorCode,
          &campaigns::planning::TestMessageRow::errorReason, &campaigns::planning::TestMessageRow::createdAt,
          &campaigns::planning::TestMessageRow::updatedAt> {};
template <>
class Poco::Data::TypeHandler<campaigns::planning::TestStateRow>
    : public campaigns::storage::RowHandler<campaigns::planning::TestStateRow, &campaigns::planning::TestStateRow::id,
                                            &campaigns::planning::TestStateRow::state> {};

namespace campaigns::planning {
namespace {

const char* const kSelectCampaignAccount = "SELECT account_id FROM campaigns_campaigns WHERE id = ?";
const char* const kSelectRowParams = "SELECT params_json FROM campaigns_entries WHERE campaign_id = ? AND row_no = ?";
const char* const kSelectRowRange =
    "SELECT COALESCE(MIN(row_no), 0), COALESCE(MAX(row_no), 0) FROM campaigns_entries WHERE campaign_id = ?";
const char* const kCountRecent = "SELECT COUNT(*) FROM campaigns_test_messages WHERE campaign_id = ? AND created_at >= ?";
const char* const kInsertSending =
    "INSERT INTO campaigns_test_messages (campaign_id, user_id, row_no, phone, state, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, 'sending', ?, ?)";
const char* const kMarkAccepted =
    "UPDATE campaigns_test_messages SET state = 'accepted', wamid = ?, updated_at = ? WHERE id = ? AND state = 'sending'";
const char* const kMarkFailed =
    "UPDATE campaigns_test_messages SET state = 'failed', error_code = ?, error_reason = ?, updated_at = ? WHERE id = ?";
const char* const kSelectLastPhone = "SELECT phone FROM campaigns_test_messages WHERE user_id = ? ORDER BY id DESC LIMIT 1";
const char* const kSelectTestByWamid = "SELECT id, state FROM campaigns_test_messages WHERE wamid = ?";
const char* const kUpdateTestState =
    "UPDATE campaigns_test_messages SET state = ?, error_code = ?, error_reason = ?, updated_at = ? WHERE id = ?";

std::string selectTestMessage(helpdesk::Dialect d) {
    return "SELECT id, campaign_id, user_id, row_no, phone, state, error_code, error_reason, " +
           storage::timeAsText(d, "created_at") + ", " + storage::timeAsText(d, "updated_at") +
           " FROM campaigns_test_messages WHERE campaign_id = ? AND id = ?";
}

// Status webhooks that arrived before the wamid was stored wait for it (as OutboxStore does for
// entries): back to the queue. One autocommit statement, holding no lock the processor waits for.
std::string wakeWaiting() {
    using webhooks::Processing;
    return "UPDATE campaigns_webhook_events SET processed = " + webhooks::sqlValue(Processing::Pending) +
           " WHERE processed = " + webhooks::sqlValue(Processing::WaitingForWamid) + " AND wamid = ?";
}

int rankOf(const std::string& state) {
    static const std::map<std::string, int> ranks = {{"sending", 0},   {"accepted", 0}, {"sent", 1},
                                                     {"delivered", 2}, {"read", 3},     {"failed", 4}};
    const auto it = ranks.find(state);
    return it == ranks.end() ? 0 : it->second;
}

} // namespace

TestMessages::TestMessages(helpdesk::Database& db, const cloudapi::CloudApiClient& client, accounts::AccountStore& accounts,
                           RowPayload payload, Poco::Logger& log, std::function<Poco::Timestamp()> clock)
    : db_(db), client_(client), accounts_(accounts), payload_(std::move(payload)), log_(log), clock_(std::move(clock)) {
    if (!clock_) clock_ = [] { return Poco::Timestamp(); };
}

// NOLINTNEXTLINE(readability-function-size): the checks in the order the dialog reports them, then the send.
TestMessage TestMessages::send(long long campaignId, long long userId, int rowNo, const std::string& phoneInput) {
    std::string phoneError;
    const auto phone = validation::PhoneNormalizer().toE164(phoneInput, &phoneError);
    if (!phone) web::throwValidation({{"phone", phoneError}}, phoneError);
    if (rowNo < kFirstDataRow)
        web::throwValidation({{"row", "La fila debe ser 2 o mayor (la fila 1 es el encabezado del archivo)."}});
    Poco::Int64 accountId = 0;
    {
        std::vector<Poco::Int64> ids;
        auto s = db_.session();
        Poco::Int64 id = campaignId;
        s << kSelectCampaignAccount, use(id), into(ids), now;
        if (ids.empty()) throw helpdesk::HttpError(404, web::codes::kCampaignNotFound, "La campaña no existe.");
        accountId = ids[0];
    }
    checkRate(campaignId);
    std::vector<std::string> params;
    {
        auto s = db_.session();
        Poco::Int64 id = campaignId;
        int row = rowNo;
        s << kSelectRowParams, use(id), use(row), into(params), now;
    }
    if (params.empty())
        throw helpdesk::HttpError(404, web::codes::kEntryNotFound,
                                  "La fila " + std::to_string(rowNo) + " no está entre los destinatarios de la campaña.");
    const auto account = accounts_.get(accountId);
    if (!account) throw helpdesk::HttpError(404, web::codes::kAccountNotFound, "La cuenta de origen de la campaña no existe.");
    if (account->needsCredentials())
        throw helpdesk::HttpError(409, web::codes::kNeedsCredentials,
                                  "La cuenta de origen requiere credenciales: vuelve a escribirlas en «Cuentas de Origen».");
    refuseSuppressed(account->wabaId, *phone);
    std::string body;
    try {
        body = payload_(campaignId, *phone, params[0]);
    } catch (const std::exception& e) {
        throw helpdesk::HttpError(409, web::codes::kTemplateNotAvailable, e.what());
    }
    const long long id = insertSending(campaignId, userId, rowNo, *phone);
    const cloudapi::AccountEndpoint endpoint{account->graphBaseUrl, account->graphVersion, account->phoneNumberId,
                                             account->wabaId, account->accessToken};
    const auto outcome = client_.sendMessage(endpoint, body);
    recordOutcome(id, outcome);
    log_.information("campaigns: campaign %s: test message %s (row %d, account %s) by user %s: %s", std::to_string(campaignId),
                     std::to_string(id), rowNo, std::to_string(accountId), std::to_string(userId),
                     std::string(cloudapi::kindName(outcome.kind())));
    return *find(campaignId, id);
}

// Someone who asked not to receive campaigns is not written to, not even a test an administrator
// types by hand (a mistyped or reused number, a colleague who opted out).
void TestMessages::refuseSuppressed(const std::string& wabaId, const std::string& phone) {
    auto s = db_.session();
    if (suppressions::SuppressionStore::findAmong(s, db_.dialect(), wabaId, {phone}).empty()) return;
    throw helpdesk::HttpError(
        409, web::codes::kAlreadySuppressed,
        "El número +" + phone +
            " está en la lista de exclusión de la WABA (pidió no recibir campañas): no se le envía la prueba.");
}

void TestMessages::checkRate(long long campaignId) {
    auto s = db_.session();
    Poco::Int64 id = campaignId, recent = 0;
    std::string since = storage::utcText(clock_() - Poco::Timespan(60, 0));
    s << kCountRecent, use(id), use(since), into(recent), now;
    if (recent >= kMaxPerMinute)
        throw helpdesk::HttpError(429, web::codes::kTooManyTestMessages,
                                  "Ya se enviaron " + std::to_string(kMaxPerMinute) +
                                      " mensajes de prueba de esta campaña en el último minuto; espera un momento.");
}

long long TestMessages::insertSending(long long campaignId, long long userId, int rowNo, const std::string& phone) {
    auto s = db_.session();
    Poco::Int64 campaign = campaignId, user = userId;
    int row = rowNo;
    std::string p = phone, ts = storage::utcText(clock_());
    s << kInsertSending, use(campaign), use(user), use(row), use(p), use(ts), use(ts), now;
    return storage::lastInsertId(s, db_.dialect());
}

void TestMessages::recordOutcome(long long id, const cloudapi::SendOutcome& outcome) {
    auto s = db_.session();
    Poco::Int64 key = id;
    std::string ts = storage::utcText(clock_());
    if (outcome.is<cloudapi::Accepted>()) {
        std::string wamid = outcome.as<cloudapi::Accepted>().wamid;
        s << kMarkAccepted, use(wamid), use(ts), use(key), now;
        s << wakeWaiting(), use(wamid), now;
        return;
    }
    int code = outcome.code().value_or(0);
    std::string reason = outcome.reason().substr(0, 1000);
    s << kMarkFailed, use(code), use(reason), use(ts), use(key), now;
}

std::optional<TestMessage> TestMessages::find(long long campaignId, long long id) {
    std::vector<TestMessageRow> rows;
    auto s = db_.session();
    Poco::Int64 campaign = campaignId, key = id;
    s << selectTestMessage(db_.dialect()), use(campaign), use(key), into(rows), now;
    if (rows.empty()) return std::nullopt;
    const auto& r = rows[0];
    return TestMessage{r.id,    r.campaignId, r.userId,      r.rowNo,     r.phone,
                       r.state, r.errorCode,  r.errorReason, r.createdAt, r.updatedAt};
}

std::string TestMessages::lastPhone(long long userId) {
    std::vector<std::string> phones;
    auto s = db_.session();
    Poco::Int64 user = userId;
    s << kSelectLastPhone, use(user), into(phones), now;
    return phones.empty() ? std::string() : phones[0];
}

std::pair<int, int> TestMessages::rowRange(long long campaignId) {
    auto s = db_.session();
    Poco::Int64 id = campaignId, first = 0, last = 0;
    s << kSelectRowRange, use(id), into(first), into(last), now;
    return {static_cast<int>(first), static_cast<int>(last)};
}

bool applyTestMessageStatus(Poco::Data::Session& s, helpdesk::Dialect dialect, const std::string& wamid,
                            const std::string& status, int errorCode, const std::string& at) {
    if (wamid.empty()) return false;
    std::vector<TestStateRow> rows;
    std::string w = wamid;
    // A locking read on MySQL: its gap lock makes TestMessages' store of this wamid wait for this
    // transaction's "waiting" mark, so the wake-up after the store always sees it (Transaction.h).
    s << std::string(kSelectTestByWamid) + storage::forUpdate(dialect), use(w), into(rows), now;
    if (rows.empty()) return false;
    const auto& r = rows[0];
    const int current = rankOf(r.state), next = rankOf(status);
    const bool failed = status == "failed";
    if (status != "sent" && status != "delivered" && status != "read" && !failed) return true;
    if (current == rankOf("failed") || (failed ? current >= rankOf("delivered") : next <= current)) return true;
    std::string state = status, ts = at;
    std::string reason = failed ? "WhatsApp no entregó el mensaje de prueba (código " + std::to_string(errorCode) + ")." : "";
    int code = failed ? errorCode : 0;
    Poco::Int64 id = r.id;
    s << kUpdateTestState, use(state), use(code), use(reason), use(ts), use(id), now;
    return true;
}

} // namespace campaigns::planning
