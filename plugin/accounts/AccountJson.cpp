#include "accounts/AccountJson.h"

#include <Poco/String.h>

#include <map>

namespace campaigns::accounts {

namespace {

const std::map<std::string, std::string>& apiNames() {
    static const std::map<std::string, std::string> names = {{"displayName", "display_name"},
                                                             {"phoneNumberId", "phone_number_id"},
                                                             {"wabaId", "waba_id"},
                                                             {"accessToken", "access_token"},
                                                             {"appSecret", "app_secret"},
                                                             {"verifyToken", "verify_token"},
                                                             {"graphBaseUrl", "graph_base_url"},
                                                             {"graphVersion", "graph_version"},
                                                             {"throughputPerSecond", "throughput_per_second"},
                                                             {"dailyLimitTier", "daily_limit_tier"},
                                                             {"frequencyCapPerDay", "frequency_cap_per_day"},
                                                             {"inboundDepartmentId", "inbound_department_id"}};
    return names;
}

std::optional<std::string> trimmed(std::optional<std::string> v) {
    if (!v) return v;
    const auto first = v->find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return std::string();
    const auto last = v->find_last_not_of(" \t\r\n");
    return v->substr(first, last - first + 1);
}

} // namespace

Poco::JSON::Object accountJson(const AccountView& a) {
    Poco::JSON::Object o;
    o.set("id", a.id);
    o.set("display_name", a.displayName);
    o.set("phone_number_id", a.phoneNumberId);
    o.set("waba_id", a.wabaId);
    o.set("access_token_last4", a.accessTokenLast4);
    o.set("app_secret_last4", a.appSecretLast4);
    o.set("verify_token_last4", a.verifyTokenLast4);
    o.set("graph_base_url", a.graphBaseUrl);
    o.set("graph_version", a.graphVersion);
    o.set("throughput_per_second", a.throughputPerSecond);
    o.set("daily_limit_tier", a.dailyLimitTier);
    o.set("daily_limit", dailyLimitOf(a.dailyLimitTier));
    o.set("frequency_cap_per_day", a.frequencyCapPerDay); // marketing templates per number per 24 h; 0 = no cap
    o.set("enabled", a.enabled);
    // null = "Sin departamento"
    if (a.inboundDepartmentId > 0)
        o.set("inbound_department_id", a.inboundDepartmentId);
    else
        o.set("inbound_department_id", Poco::Dynamic::Var());
    o.set("needs_credentials", a.needsCredentials);
    o.set("created_at", a.createdAt);
    o.set("updated_at", a.updatedAt);
    return o;
}

std::vector<web::FieldProblem> validationProblems(const Account& account) {
    std::vector<web::FieldProblem> out;
    for (const auto& e : validateAccount(account)) {
        auto it = apiNames().find(e.field);
        out.push_back({it == apiNames().end() ? e.field : it->second, e.message});
    }
    return out;
}

std::vector<web::FieldProblem> endpointProblems(const Account* current, const Account& next, bool tokenTyped, bool allowHttp) {
    std::vector<web::FieldProblem> out;
    if (!allowHttp && Poco::icompare(next.graphBaseUrl.substr(0, 7), "http://") == 0)
        out.push_back({"graph_base_url",
                       "La URL base de la Graph API debe empezar con https:// (http:// solo en desarrollo, "
                       "con accounts.allow_http_graph_base_url = true)."});
    if (current && current->graphBaseUrl != next.graphBaseUrl && !tokenTyped)
        out.push_back({"access_token",
                       "Cambiaste la URL base de la Graph API: vuelve a escribir el token de acceso. "
                       "El token guardado no se envía a otra dirección."});
    return out;
}

AccountPatch patchFromJson(const Poco::JSON::Object& body, std::vector<web::FieldProblem>& problems) {
    AccountPatch p;
    p.displayName = trimmed(web::optString(body, "display_name", problems));
    p.phoneNumberId = trimmed(web::optString(body, "phone_number_id", problems));
    p.wabaId = trimmed(web::optString(body, "waba_id", problems));
    p.graphBaseUrl = trimmed(web::optString(body, "graph_base_url", problems));
    p.graphVersion = trimmed(web::optString(body, "graph_version", problems));
    p.dailyLimitTier = trimmed(web::optString(body, "daily_limit_tier", problems));
    p.throughputPerSecond = web::optInt(body, "throughput_per_second", problems);
    p.frequencyCapPerDay = web::optInt(body, "frequency_cap_per_day", problems);
    p.enabled = web::optBool(body, "enabled", problems);
    // null or 0: "Sin departamento".
    if (body.has("inbound_department_id")) {
        if (body.isNull("inbound_department_id"))
            p.inboundDepartmentId = 0;
        else if (auto d = web::optInt(body, "inbound_department_id", problems))
            p.inboundDepartmentId = *d;
    }
    auto secret = [&](const char* key) {
        auto v = web::optString(body, key, problems);
        return v && !v->empty() ? v : std::nullopt;
    };
    p.accessToken = secret("access_token");
    p.appSecret = secret("app_secret");
    p.verifyToken = secret("verify_token");
    return p;
}

Account accountFromJson(const Poco::JSON::Object& body, std::vector<web::FieldProblem>& problems) {
    const std::size_t typeProblems = problems.size();
    Account a = applyPatch(Account{}, patchFromJson(body, problems));
    if (problems.size() == typeProblems)
        for (auto& p : validationProblems(a)) problems.push_back(std::move(p));
    return a;
}

cloudapi::AccountEndpoint endpointOf(const Account& a) {
    cloudapi::AccountEndpoint e;
    e.baseUrl = a.graphBaseUrl;
    e.apiVersion = a.graphVersion;
    e.phoneNumberId = a.phoneNumberId;
    e.wabaId = a.wabaId;
    e.accessToken = a.accessToken;
    return e;
}

Poco::JSON::Object phoneNumberInfoJson(const cloudapi::PhoneNumberInfo& info, const Account& account) {
    Poco::JSON::Object o;
    o.set("ok", true);
    o.set("display_phone_number", info.displayPhoneNumber);
    o.set("verified_name", info.verifiedName);
    o.set("quality_rating", info.qualityRating);
    o.set("throughput_level", info.throughputLevel);
    o.set("messaging_limit_tier", info.messagingLimit);
    o.set("configured_daily_limit_tier", account.dailyLimitTier);
    // Meta raises or lowers the tier on its own; the administrator should know when ours is stale.
    o.set("tier_matches", info.messagingLimit.empty() || info.messagingLimit == account.dailyLimitTier ||
                              dailyLimitOf(info.messagingLimit) == dailyLimitOf(account.dailyLimitTier));
    return o;
}

} // namespace campaigns::accounts
