#include "web/IdempotentRequests.h"

#include "storage/SqlDialect.h"
#include "web/ErrorCodes.h"
#include "web/JsonHttp.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/DigestEngine.h>
#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>
#include <Poco/SHA2Engine.h>

#include <sstream>

using namespace Poco::Data::Keywords;

namespace campaigns::web {

namespace {

constexpr const char* kDeleteStale =
    "DELETE FROM campaigns_idempotency_keys WHERE user_id = ? AND idem_key = ?"
    " AND (created_at < ? OR (status = 0 AND created_at < ?))";
constexpr const char* kInsertColumns =
    " campaigns_idempotency_keys (user_id, idem_key, request_hash, status, created_at) VALUES (?, ?, ?, 0, ?)";
constexpr const char* kSelectKept =
    "SELECT request_hash, status, response_body FROM campaigns_idempotency_keys WHERE user_id = ? AND idem_key = ?";
constexpr const char* kKeep =
    "UPDATE campaigns_idempotency_keys SET status = ?, response_body = ? WHERE user_id = ? AND idem_key = ?";
constexpr const char* kForget = "DELETE FROM campaigns_idempotency_keys WHERE user_id = ? AND idem_key = ? AND status = 0";
constexpr const char* kExpire = "DELETE FROM campaigns_idempotency_keys WHERE created_at < ?";

// A first request that has been running this long is taken as lost (its host stopped).
const Poco::Timespan kAbandoned(10 * Poco::Timespan::MINUTES);

bool validKey(const std::string& key) {
    if (key.empty() || key.size() > IdempotentRequests::kMaxKeyChars) return false;
    for (unsigned char c : key)
        if (c < 0x21 || c > 0x7e) return false;
    return true;
}

std::string requestHash(const helpdesk::RequestContext& ctx, const std::string& body) {
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(ctx.request.getMethod());
    sha.update('\n');
    sha.update(ctx.request.getURI());
    sha.update('\n');
    sha.update(body);
    return Poco::DigestEngine::digestToHex(sha.digest());
}

} // namespace

std::string errorBody(const helpdesk::HttpError& e) {
    Poco::JSON::Object o;
    o.set("error", e.code);
    o.set("message", std::string(e.what()));
    std::ostringstream out;
    o.stringify(out);
    std::string text = out.str();
    text.pop_back(); // details is JSON text already: spliced in, as the host does
    return text + ",\"details\":" + (e.detailsJson.empty() ? std::string("[]") : e.detailsJson) + "}";
}

IdempotentRequests::IdempotentRequests(helpdesk::Database& db, Poco::Timespan keep) : db_(db), keep_(keep) {}

IdempotentRequests::Claim IdempotentRequests::claim(long long user, const std::string& key, const std::string& hash,
                                                    JsonAnswer& kept) {
    auto s = db_.session();
    Poco::Int64 u = user;
    std::string k = key, h = hash;
    for (int attempt = 0; attempt < 2; ++attempt) {
        const Poco::Timestamp now_;
        std::string expired = storage::utcText(now_ - keep_), abandoned = storage::utcText(now_ - kAbandoned),
                    created = storage::utcText(now_);
        s << kDeleteStale, use(u), use(k), use(expired), use(abandoned), now;
        Poco::Data::Statement insert(s);
        insert << std::string(storage::insertIgnore(db_.dialect())) + kInsertColumns, use(u), use(k), use(h), use(created);
        if (insert.execute() == 1) return Claim::Owned;

        Poco::Data::Statement select(s);
        select << kSelectKept, use(u), use(k);
        select.execute();
        Poco::Data::RecordSet rs(select);
        if (!rs.moveFirst()) continue; // deleted in between: try to take it again
        if (rs["request_hash"].convert<std::string>() != hash) return Claim::Reused;
        const int status = rs["status"].convert<int>();
        if (status == 0) return Claim::InProgress;
        kept.status = status;
        kept.body = rs["response_body"].isEmpty() ? std::string() : rs["response_body"].convert<std::string>();
        return Claim::Replay;
    }
    return Claim::InProgress;
}

void IdempotentRequests::keep(long long user, const std::string& key, const JsonAnswer& answer) {
    auto s = db_.session();
    Poco::Int64 u = user;
    int status = answer.status;
    std::string k = key, body = answer.body;
    s << kKeep, use(status), use(body), use(u), use(k), now;
}

void IdempotentRequests::forget(long long user, const std::string& key) {
    auto s = db_.session();
    Poco::Int64 u = user;
    std::string k = key;
    s << kForget, use(u), use(k), now;
}

void IdempotentRequests::answer(helpdesk::RequestContext& ctx, const std::string& body, const std::function<JsonAnswer()>& act) {
    const std::string key = ctx.request.get(kHeader, "");
    if (!ctx.request.has(kHeader)) {
        const JsonAnswer a = act();
        sendJsonText(ctx, a.body, a.status);
        return;
    }
    if (!validKey(key))
        throw helpdesk::HttpError(400, web::codes::kInvalidIdempotencyKey,
                                  "La cabecera Idempotency-Key debe tener entre 1 y 200 caracteres ASCII visibles.");
    const long long user = ctx.user ? ctx.user->id : 0;
    JsonAnswer a;
    switch (claim(user, key, requestHash(ctx, body), a)) {
        case Claim::Replay:
            ctx.response.set("Idempotent-Replayed", "true");
            sendJsonText(ctx, a.body, a.status);
            return;
        case Claim::Reused:
            throw helpdesk::HttpError(
                422, web::codes::kIdempotencyKeyReused,
                "Esta Idempotency-Key ya se usó con otra solicitud; usa una clave nueva para una solicitud distinta.");
        case Claim::InProgress:
            throw helpdesk::HttpError(
                409, web::codes::kIdempotencyInProgress,
                "Una solicitud con la misma Idempotency-Key todavía se está procesando; vuelve a intentarlo en unos segundos.");
        case Claim::Owned:
            break;
    }
    auto release = [&] {
        try {
            forget(user, key);
        } catch (const std::exception& e) {
            // The original failure is what the caller must see; this one is only logged.
            Poco::Logger::get("campaigns")
                .error("campaigns: idempotency key of user %s not released after a failure: %s", std::to_string(user),
                       std::string(e.what()));
        }
    };
    try {
        a = act();
    } catch (const helpdesk::HttpError& e) {
        if (e.status >= 500) {
            release();
            throw;
        }
        // Refusals are answers too: kept and sent here, so the retry's body is byte for byte the same.
        a = {e.status, errorBody(e)};
    } catch (...) {
        release();
        throw;
    }
    keep(user, key, a);
    sendJsonText(ctx, a.body, a.status);
}

int IdempotentRequests::expire() {
    auto s = db_.session();
    std::string cutoff = storage::utcText(Poco::Timestamp() - keep_);
    Poco::Data::Statement st(s);
    st << kExpire, use(cutoff);
    return static_cast<int>(st.execute());
}

} // namespace campaigns::web
