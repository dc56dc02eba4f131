#include "accounts/AccountsApi.h"

#include "accounts/AccountJson.h"
#include "web/ApiRequest.h"
#include "web/ErrorCodes.h"
#include "web/JsonHttp.h"

#include <Poco/JSON/Array.h>

#include <sstream>

namespace campaigns::accounts {

namespace {
const std::string kBase = "/campaigns/api/v1/accounts";

std::string who(const helpdesk::RequestContext& ctx) { return ctx.user ? ctx.user->login : std::string("?"); }

std::string jsonDetails(const Poco::JSON::Object& detail) {
    Poco::JSON::Array details;
    details.add(detail);
    std::ostringstream out;
    details.stringify(out);
    return out.str();
}
} // namespace

AccountsApi::AccountsApi(AccountStore& store, cloudapi::CloudApiClient& client, Poco::Logger& log,
                         std::function<void()> onChanged, bool allowHttpGraph)
    : store_(store), client_(client), log_(log), onChanged_(std::move(onChanged)), allowHttpGraph_(allowHttpGraph) {}

void AccountsApi::registerRoutes(helpdesk::Router& router) {
    using helpdesk::Role;
    router.add({"GET", kBase, Role::Administrator, [this](auto& ctx) { list(ctx); }});
    router.add({"POST", kBase, Role::Administrator, [this](auto& ctx) { create(ctx); }});
    router.add({"GET", kBase + "/{id}", Role::Administrator, [this](auto& ctx) { show(ctx); }});
    router.add({"PATCH", kBase + "/{id}", Role::Administrator, [this](auto& ctx) { update(ctx); }});
    router.add({"POST", kBase + "/{id}/test", Role::Administrator, [this](auto& ctx) { testConnection(ctx); }});
}

AccountView AccountsApi::viewOrThrow(long long id) {
    auto view = store_.view(id);
    if (!view)
        throw helpdesk::HttpError(404, web::codes::kAccountNotFound, "No existe la cuenta de origen " + std::to_string(id) + ".");
    return *view;
}

void AccountsApi::list(helpdesk::RequestContext& ctx) {
    Poco::JSON::Array items;
    for (const auto& a : store_.list()) items.add(accountJson(a));
    Poco::JSON::Object body;
    body.set("items", items);
    web::sendJson(ctx, body);
}

void AccountsApi::show(helpdesk::RequestContext& ctx) {
    web::sendJson(ctx, accountJson(viewOrThrow(web::pathId(ctx, "id", "la cuenta de origen", web::codes::kAccountNotFound))));
}

void AccountsApi::create(helpdesk::RequestContext& ctx) {
    auto body = web::readJsonObject(ctx);
    std::vector<web::FieldProblem> problems;
    Account account = accountFromJson(*body, problems);
    for (auto& p : endpointProblems(nullptr, account, true, allowHttpGraph_)) problems.push_back(std::move(p));
    if (!problems.empty()) web::throwValidation(problems, "La cuenta no se guardó: revisa los campos marcados.");
    long long id = 0;
    try {
        id = store_.create(account);
    } catch (const std::invalid_argument& e) {
        throw helpdesk::HttpError(409, web::codes::kDuplicatePhoneNumberId, e.what(),
                                  "[{\"field\":\"phone_number_id\",\"message\":\"Ya está en uso por otra cuenta.\"}]");
    }
    log_.information("campaigns: account %s (%s, phone-number id %s) added by %s", std::to_string(id), account.displayName,
                     account.phoneNumberId, who(ctx));
    if (onChanged_) onChanged_();
    web::sendJson(ctx, accountJson(viewOrThrow(id)), 201);
}

void AccountsApi::update(helpdesk::RequestContext& ctx) {
    const long long id = web::pathId(ctx, "id", "la cuenta de origen", web::codes::kAccountNotFound);
    auto body = web::readJsonObject(ctx);
    std::vector<web::FieldProblem> problems;
    AccountPatch patch = patchFromJson(*body, problems);
    if (!problems.empty()) web::throwValidation(problems, "La cuenta no se guardó: revisa los campos marcados.");
    auto current = store_.get(id);
    if (!current)
        throw helpdesk::HttpError(404, web::codes::kAccountNotFound, "No existe la cuenta de origen " + std::to_string(id) + ".");
    const Account next = applyPatch(*current, patch);
    problems = validationProblems(next);
    for (auto& p : endpointProblems(&*current, next, patch.accessToken.has_value(), allowHttpGraph_))
        problems.push_back(std::move(p));
    if (!problems.empty()) web::throwValidation(problems, "La cuenta no se guardó: revisa los campos marcados.");
    try {
        store_.update(id, patch);
    } catch (const std::invalid_argument& e) {
        throw helpdesk::HttpError(409, web::codes::kDuplicatePhoneNumberId, e.what(),
                                  "[{\"field\":\"phone_number_id\",\"message\":\"Ya está en uso por otra cuenta.\"}]");
    }
    log_.information("campaigns: account %s edited by %s%s", std::to_string(id), who(ctx),
                     std::string(patch.enabled ? (*patch.enabled ? " (enabled)" : " (disabled)") : ""));
    if (onChanged_) onChanged_();
    web::sendJson(ctx, accountJson(viewOrThrow(id)));
}

void AccountsApi::testConnection(helpdesk::RequestContext& ctx) {
    const long long id = web::pathId(ctx, "id", "la cuenta de origen", web::codes::kAccountNotFound);
    auto account = store_.get(id);
    if (!account)
        throw helpdesk::HttpError(404, web::codes::kAccountNotFound, "No existe la cuenta de origen " + std::to_string(id) + ".");
    if (account->needsCredentials())
        throw helpdesk::HttpError(409, web::codes::kNeedsCredentials,
                                  "La cuenta requiere credenciales: edítala y vuelve a escribir el token de acceso, la clave "
                                  "secreta de la app y el token de verificación.");
    try {
        auto info = client_.phoneNumberInfo(endpointOf(*account));
        store_.recordDisplayPhoneNumber(id, info.displayPhoneNumber); // how quality webhooks name the number
        log_.information("campaigns: account %s connection test succeeded (number %s, tier %s)", std::to_string(id),
                         info.displayPhoneNumber, info.messagingLimit);
        web::sendJson(ctx, phoneNumberInfoJson(info, *account));
    } catch (const cloudapi::CloudApiError& e) {
        const auto& outcome = e.outcome();
        log_.warning("campaigns: account %s connection test failed: %s (HTTP %d, code %s)", std::to_string(id), outcome.reason(),
                     e.httpStatus(), outcome.code() ? std::to_string(*outcome.code()) : std::string("-"));
        Poco::JSON::Object detail;
        detail.set("http_status", e.httpStatus());
        if (outcome.code()) detail.set("meta_code", *outcome.code());
        detail.set("kind", std::string(cloudapi::kindName(outcome.kind())));
        throw helpdesk::HttpError(502, web::codes::kConnectionFailed, "No se pudo conectar con la cuenta: " + outcome.reason(),
                                  jsonDetails(detail));
    }
}

} // namespace campaigns::accounts
