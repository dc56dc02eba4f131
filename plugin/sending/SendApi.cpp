#include "sending/SendApi.h"

#include "planning/WabaLimit.h"
#include "quality/CampaignPauser.h"
#include "quality/PauseCodes.h"
#include "sending/CampaignResumer.h"
#include "sending/FailedRetry.h"
#include "sending/OutboxStore.h"
#include "sending/SendStart.h"
#include "storage/IdList.h"
#include "storage/SqlDialect.h"
#include "storage/Transaction.h"
#include "web/ApiRequest.h"
#include "web/ErrorCodes.h"
#include "web/IdempotentRequests.h"
#include "web/JsonHttp.h"

#include <Poco/Data/Statement.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/NumberParser.h>

#include <helpdesk/RequestBody.h>

#include <algorithm>
#include <memory>
#include <sstream>

using namespace Poco::Data::Keywords;

namespace campaigns::sending {

namespace {

long long campaignIdOf(const helpdesk::RequestContext& ctx) {
    Poco::Int64 id = 0;
    auto it = ctx.pathParams.find("id");
    if (it == ctx.pathParams.end() || !Poco::NumberParser::tryParse64(it->second, id) || id <= 0)
        throw helpdesk::HttpError(400, web::codes::kInvalidId, "El identificador de la campaña no es válido.");
    return id;
}

std::string stateOf(helpdesk::Database& db, long long id) {
    OutboxStore outbox(db);
    auto state = outbox.campaignState(id);
    if (state.empty()) throw helpdesk::HttpError(404, web::codes::kCampaignNotFound, "La campaña no existe.");
    return state;
}

// Moves the campaign from one of `from` to `to`, or answers 409 naming the current state.
// `extraSet` is the caller's fixed SQL (", column = ?" ...); its values come in `extraValues`.
void transition(helpdesk::Database& db, long long id, const std::vector<std::string>& from, const std::string& to,
                const std::string& refusal, const std::string& extraSet = {}, const std::vector<std::string>& extraValues = {}) {
    auto s = db.session();
    std::string ts = storage::utcNowText(), target = to;
    Poco::Int64 key = id;
    std::vector<std::string> values = extraValues, states = from; // bound by reference
    Poco::Data::Statement st(s);
    st << "UPDATE campaigns_campaigns SET state = ?, updated_at = ?" + extraSet + " WHERE id = ? AND state IN (" +
              storage::placeholders(states.size()) + ")",
        use(target), use(ts);
    for (auto& v : values) st, use(v);
    st, use(key);
    for (auto& f : states) st, use(f);
    if (st.execute() == 0) {
        const std::string current = stateOf(db, id);
        throw helpdesk::HttpError(409, web::codes::kInvalidState, refusal, "[\"" + current + "\"]");
    }
}

Poco::JSON::Object stateBody(helpdesk::Database& db, long long id) {
    Poco::JSON::Object body;
    body.set("id", id);
    body.set("state", stateOf(db, id));
    return body;
}

void answerState(helpdesk::RequestContext& ctx, helpdesk::Database& db, long long id) { web::sendJson(ctx, stateBody(db, id)); }

// Largest body POST .../send reads (it takes none; fetch() helpers send "{}").
constexpr std::size_t kMaxSendBody = 64 * 1024;

Poco::JSON::Object groupJson(const FailureGroup& g) {
    static const char* const kRetryable[] = {"yes", "on_request", "never"};
    Poco::JSON::Object o;
    o.set("class", code(g.cls));
    o.set("retryable", kRetryable[static_cast<int>(g.retryable)]);
    o.set("count", g.count);
    o.set("ready", g.ready);
    o.set("checked", g.retryable == Retryable::Yes && g.ready > 0); // what the dialog ticks first
    if (!g.nextReadyAt.empty()) o.set("next_ready_at", g.nextReadyAt);
    if (!g.allReadyAt.empty()) o.set("all_ready_at", g.allReadyAt);
    if (g.cls == FailureClass::Unknown)
        o.set("warning", "WhatsApp pudo haber recibido estos mensajes: reintentarlos puede enviarlos dos veces.");
    Poco::JSON::Array reasons;
    for (const auto& r : g.reasons) {
        Poco::JSON::Object reason;
        reason.set("error_code", r.errorCode);
        reason.set("reason", r.reason);
        reason.set("count", r.count);
        reasons.add(reason);
    }
    o.set("reasons", reasons);
    return o;
}

Poco::JSON::Object previewJson(long long id, const FailurePreview& p) {
    Poco::JSON::Object body;
    body.set("id", id);
    body.set("state", p.state);
    body.set("attempt", p.attempt);
    body.set("retried", p.retried);
    body.set("finished", p.state == "completed_with_errors" || p.state == "failed");
    Poco::JSON::Array groups;
    for (const auto& g : p.groups) groups.add(groupJson(g));
    body.set("groups", groups);
    return body;
}

// {"classes": [...], "expected_attempt": n, "accept_duplicates": bool}; no classes: the ones
// retryable outright. 400 naming the field for a class that does not exist or is never retried,
// and for `unknown` without accept_duplicates.
RetryRequest retryRequestOf(const Poco::JSON::Object::Ptr& body) {
    std::vector<web::FieldProblem> problems;
    RetryRequest r;
    r.expectedAttempt = web::optInt(*body, "expected_attempt", problems);
    const bool duplicatesAccepted = web::optBool(*body, "accept_duplicates", problems).value_or(false);
    if (!body->has("classes")) {
        r.classes = defaultRetryClasses();
    } else if (auto list = body->getArray("classes"); !list || list->size() == 0) {
        problems.push_back({"classes", "Elige al menos un tipo de fallo para reintentar."});
    } else {
        for (std::size_t i = 0; i < list->size(); ++i) {
            const auto cls = failureClassFromCode(list->get(i).toString());
            if (!cls)
                problems.push_back({"classes", "El tipo de fallo «" + list->get(i).toString() + "» no existe."});
            else if (retryableOf(*cls) == Retryable::Never)
                problems.push_back({"classes", "Los fallos «" + std::string(code(*cls)) + "» no se reintentan nunca."});
            else
                r.classes.push_back(*cls);
        }
    }
    if (std::find(r.classes.begin(), r.classes.end(), FailureClass::Unknown) != r.classes.end() && !duplicatesAccepted)
        problems.push_back({"accept_duplicates",
                            "Los envíos sin resultado pueden duplicarse: confirma accept_duplicates para "
                            "reintentarlos."});
    if (!problems.empty()) web::throwValidation(problems);
    return r;
}

void refuseUnlessRequeued(const RetryResult& done) {
    switch (done.outcome) {
        case RetryResult::Outcome::Requeued:
            return;
        case RetryResult::Outcome::NotFinished:
            if (done.state.empty()) throw helpdesk::HttpError(404, web::codes::kCampaignNotFound, "La campaña no existe.");
            throw helpdesk::HttpError(409, web::codes::kInvalidState,
                                      "Solo se pueden reintentar los envíos fallidos de una campaña terminada.",
                                      "[\"" + done.state + "\"]");
        case RetryResult::Outcome::AttemptChanged:
            throw helpdesk::HttpError(409, web::codes::kRetryAttemptChanged,
                                      "La campaña ya se reintentó (intento " + std::to_string(done.attempt) +
                                          "); vuelve a abrir «Reintentar fallidos» para ver lo que queda.");
        case RetryResult::Outcome::NothingToRetry:
            if (done.state.empty()) throw helpdesk::HttpError(404, web::codes::kCampaignNotFound, "La campaña no existe.");
            throw helpdesk::HttpError(
                409, web::codes::kNothingToRetry,
                "La campaña no tiene envíos fallidos de los tipos elegidos que se puedan reintentar ahora.");
    }
}

} // namespace

SendApi::SendApi(helpdesk::Database& db, std::function<void()> wake, counters::DayKey dayKey, long long approvalMinRecipients)
    : db_(db),
      wake_(std::move(wake)),
      dayKey_(std::move(dayKey)),
      idempotency_(std::make_unique<web::IdempotentRequests>(db)),
      approvalMinRecipients_(approvalMinRecipients) {}

SendApi::~SendApi() = default;

void SendApi::registerRoutes(helpdesk::Router& router) {
    using helpdesk::Role;
    const std::string base = "/campaigns/api/v1/campaigns/{id}";
    router.add({"GET", base + "/retry-failed", Role::Administrator, [this](auto& ctx) { retryFailedPreview(ctx); }});
    router.add({"POST", base + "/retry-failed", Role::Administrator, [this](auto& ctx) { retryFailed(ctx); }});
    router.add({"GET", base + "/send-check", Role::Administrator, [this](auto& ctx) { sendCheck(ctx); }});
    router.add({"POST", base + "/send", Role::Administrator, [this](auto& ctx) { send(ctx); }});
    router.add({"POST", base + "/pause", Role::Administrator, [this](auto& ctx) { pause(ctx); }});
    router.add({"POST", base + "/resume", Role::Administrator, [this](auto& ctx) { resume(ctx); }});
    router.add({"POST", base + "/cancel", Role::Administrator, [this](auto& ctx) { cancel(ctx); }});
}

void SendApi::wake() const {
    if (wake_) wake_();
}

// "Reintentar fallidos", step 1: the failures of the campaign by class, with what a retry may take.
void SendApi::retryFailedPreview(helpdesk::RequestContext& ctx) {
    const long long id = campaignIdOf(ctx);
    const FailurePreview preview = FailedRetry(db_, dayKey_).preview(id);
    if (preview.state.empty()) throw helpdesk::HttpError(404, web::codes::kCampaignNotFound, "La campaña no existe.");
    web::sendJson(ctx, previewJson(id, preview));
}

// Step 2: the chosen classes as a new attempt of the same campaign. Twice the same request (a
// double click, a retried POST with its Idempotency-Key) makes one attempt: the key answers the
// repeat, and `expected_attempt` (the attempt the dialog showed) is checked under the campaign's
// row lock.
void SendApi::retryFailed(helpdesk::RequestContext& ctx) {
    const long long id = campaignIdOf(ctx);
    const std::string raw = helpdesk::readRequestBody(ctx.request, kMaxSendBody);
    idempotency_->answer(ctx, raw, [&] {
        RetryRequest request = retryRequestOf(web::parseJsonObject(raw, web::EmptyBody::EmptyObject));
        request.campaignId = id;
        if (holdPolicy_) request.holdUntil = holdPolicy_(id);
        const RetryResult done = FailedRetry(db_, dayKey_).retry(request);
        refuseUnlessRequeued(done);
        wake();
        Poco::JSON::Object body;
        body.set("id", id);
        body.set("state", stateOf(db_, id));
        body.set("attempt", done.attempt);
        body.set("requeued", static_cast<Poco::UInt64>(done.requeued));
        Poco::JSON::Object byClass;
        for (const auto& [cls, n] : done.byClass) byClass.set(code(cls), static_cast<Poco::UInt64>(n));
        body.set("by_class", byClass);
        std::ostringstream out;
        body.stringify(out);
        return web::JsonAnswer{200, out.str()};
    });
}

void SendApi::sendCheck(helpdesk::RequestContext& ctx) {
    auto c = planning::checkWabaLimit(db_, campaignIdOf(ctx));
    Poco::JSON::Object body;
    body.set("daily_limit", c.dailyLimit);
    body.set("used_last_24h", c.usedLast24h);
    body.set("campaign_unique_phones", c.campaignUnique);
    body.set("ok", c.ok);
    body.set("message", c.message);
    web::sendJson(ctx, body);
}

void SendApi::send(helpdesk::RequestContext& ctx) {
    const long long id = campaignIdOf(ctx);
    idempotency_->answer(ctx, helpdesk::readRequestBody(ctx.request, kMaxSendBody), [&] {
        // The same start as the scheduler's (sending/SendStart.h): state, approval, daily limit.
        StartRequest start;
        start.campaignId = id;
        start.approvalMinRecipients = approvalMinRecipients_;
        start.requestedBy = ctx.user ? ctx.user->id : 0;
        if (holdPolicy_) start.holdUntil = holdPolicy_(id);
        if (!startSending(db_, start))
            throw helpdesk::HttpError(409, web::codes::kInvalidState, start.stateRefusal, "[\"" + stateOf(db_, id) + "\"]");
        wake();
        std::ostringstream out;
        stateBody(db_, id).stringify(out);
        return web::JsonAnswer{200, out.str()};
    });
}

// The administrator's "Pausar": the one way a campaign is paused (quality::CampaignPauser), with the
// administrator's code and reason; 409 naming the current state when it is not sending.
void SendApi::pause(helpdesk::RequestContext& ctx) {
    const long long id = campaignIdOf(ctx);
    const auto paused = storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) {
        return quality::CampaignPauser::pauseIn(s, quality::CampaignPauser::Target::Campaign, {id}, quality::pause::kAdmin,
                                                quality::kAdminReason);
    });
    if (paused.empty())
        throw helpdesk::HttpError(409, web::codes::kInvalidState, "Solo se puede pausar una campaña que se está enviando.",
                                  "[\"" + stateOf(db_, id) + "\"]");
    answerState(ctx, db_, id);
}

void SendApi::resume(helpdesk::RequestContext& ctx) {
    const long long id = campaignIdOf(ctx);
    // Only an administrator resumes, whatever the pause's code; outside its send window the
    // campaign resumes held until the window opens (CampaignResumer, as after an outage).
    const auto hold = CampaignResumer::holdFor(holdPolicy_, id);
    auto s = db_.session();
    if (!CampaignResumer::resumeIn(s, id, hold))
        throw helpdesk::HttpError(409, web::codes::kInvalidState, "Solo se puede reanudar una campaña en pausa.",
                                  "[\"" + stateOf(db_, id) + "\"]");
    wake();
    answerState(ctx, db_, id);
}

void SendApi::cancel(helpdesk::RequestContext& ctx) {
    const long long id = campaignIdOf(ctx);
    transition(db_, id, {"sending", "paused"}, "cancelled",
               "Solo se puede cancelar una campaña que se está enviando o está en pausa.",
               ", finished_at = ?, pause_code = '', pause_reason = ''", {storage::utcNowText()});
    OutboxStore(db_).cancelQueued(id);
    answerState(ctx, db_, id);
}

} // namespace campaigns::sending
