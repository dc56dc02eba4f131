// Administrator pages: departments, ticket metadata definitions, users and their API tokens.
#include "AccessPolicy.h"
#include "HostServices.h"
#include "HttpUtil.h"
#include "PageHelpers.h"

#include <Poco/Logger.h>
#include <Poco/NumberParser.h>
#include <Poco/Timestamp.h>

#include <map>
#include <stdexcept>

namespace refhost {
namespace {

using helpdesk::Role;
using Ctx = helpdesk::RequestContext;

std::string alert(const std::string& error) {
    return error.empty() ? "" : "<div class=\"alert\" role=\"alert\">" + htmlEscape(error) + "</div>";
}

// The page's words in the request's language, HTML-escaped.
struct Words {
    const HostText& text;
    std::string lang;
    explicit Words(HostServices& host, const Ctx& ctx) : text(host.text), lang(HostText::language(ctx.locale)) {}
    std::string operator()(const std::string& key) const { return htmlEscape(text.get(lang, key)); }
    std::string plain(const std::string& key) const { return text.get(lang, key); }
};

std::string typeKey(helpdesk::MetadataType type) {
    switch (type) {
        case helpdesk::MetadataType::Text:
            return "admin.metadata.type.text";
        case helpdesk::MetadataType::Paragraph:
            return "admin.metadata.type.paragraph";
        case helpdesk::MetadataType::YesNo:
            return "admin.metadata.type.yesno";
    }
    return "admin.metadata.type.text";
}

void departmentsPage(HostServices& host, Ctx& ctx, const std::string& error = {}, int status = 200) {
    const Words t(host, ctx);
    std::string body = "<h1>" + t("admin.departments.title") + "</h1>" + alert(error) +
                       "<div class=\"card\"><form method=\"post\" action=\"/admin/departments\">" + csrfField(ctx) +
                       "<label for=\"nombre\">" + t("admin.departments.new") +
                       "</label><input type=\"text\" id=\"nombre\" name=\"nombre\" required><button type=\"submit\">" +
                       t("admin.add") + "</button></form></div>";
    auto departments = host.directory.departments();
    if (departments.empty()) {
        body += "<p class=\"muted\">" + t("admin.departments.empty") + "</p>";
    } else {
        body += "<table><thead><tr><th>" + t("admin.name") + "</th><th>" + t("admin.actions") + "</th></tr></thead><tbody>";
        for (const auto& d : departments) {
            const std::string base = "/admin/departments/" + std::to_string(d.id);
            body += "<tr><td>" + htmlEscape(d.name) + "</td><td class=\"row-actions\"><form method=\"post\" action=\"" + base +
                    "/rename\">" + csrfField(ctx) + "<input type=\"text\" name=\"nombre\" aria-label=\"" +
                    t("admin.departments.newName") + "\" value=\"" + htmlEscape(d.name) +
                    "\" required><button type=\"submit\" class=\"secondary\">" + t("admin.departments.rename") +
                    "</button></form><form method=\"post\" action=\"" + base + "/delete\" data-confirm=\"" +
                    t("admin.departments.confirmDelete") + "\">" + csrfField(ctx) + "<button type=\"submit\" class=\"danger\">" +
                    t("admin.delete") + "</button></form></td></tr>";
        }
        body += "</tbody></table>";
    }
    host.shell.renderStatus(ctx, status, t.plain("admin.departments.title"), body);
}

void metadataPage(HostServices& host, Ctx& ctx, const std::string& error = {}, int status = 200) {
    const Words t(host, ctx);
    auto departments = host.directory.departments();
    std::string body =
        "<h1>" + t("admin.metadata.title") + "</h1>" + alert(error) + "<div class=\"card\"><h2>" + t("admin.metadata.new") +
        "</h2><form method=\"post\" action=\"/admin/metadata\">" + csrfField(ctx) + "<label for=\"nombre\">" + t("admin.name") +
        "</label><input type=\"text\" id=\"nombre\" name=\"nombre\" required><label for=\"clave\">" + t("admin.metadata.key") +
        "</label><input type=\"text\" id=\"clave\" name=\"clave\" placeholder=\"" + t("admin.metadata.keyPlaceholder") +
        "\"><label for=\"tipo\">" + t("admin.metadata.type") +
        "</label><select id=\"tipo\" name=\"tipo\"><option value=\"text\">" + t("admin.metadata.type.text") +
        "</option><option value=\"paragraph\">" + t("admin.metadata.type.paragraph") + "</option><option value=\"yesno\">" +
        t("admin.metadata.type.yesno") + "</option></select><label for=\"alcance\">" + t("admin.metadata.scope") +
        "</label><select id=\"alcance\" name=\"alcance\"><option value=\"ticket\">" + t("admin.metadata.scope.ticket") +
        "</option><option value=\"client\">" + t("admin.metadata.scope.client") +
        "</option></select><label for=\"departamentos\">" + t("admin.metadata.availableIn") +
        "</label><select id=\"departamentos\" name=\"departamentos\" multiple>";
    for (const auto& d : departments)
        body += "<option value=\"" + std::to_string(d.id) + "\">" + htmlEscape(d.name) + "</option>";
    body += "</select><button type=\"submit\">" + t("admin.add") + "</button></form></div>";
    auto definitions = host.directory.metadata();
    if (definitions.empty()) {
        body += "<p class=\"muted\">" + t("admin.metadata.empty") + "</p>";
    } else {
        body += "<table><thead><tr><th>" + t("admin.name") + "</th><th>" + t("admin.metadata.key") + "</th><th>" +
                t("admin.metadata.type") + "</th><th>" + t("admin.metadata.scope") + "</th><th>" +
                t("admin.metadata.departments") + "</th><th>" + t("admin.actions") + "</th></tr></thead><tbody>";
        for (const auto& m : definitions) {
            std::string deps;
            for (long long id : m.departmentIds) {
                for (const auto& d : departments) {
                    if (d.id == id) deps += (deps.empty() ? "" : ", ") + d.name;
                }
            }
            body +=
                "<tr><td>" + htmlEscape(m.name) + "</td><td><code>" + htmlEscape(m.integrationKey) + "</code></td><td>" +
                t(typeKey(m.type)) + "</td><td>" +
                t(m.scope == helpdesk::MetadataScope::Client ? "admin.metadata.scope.client" : "admin.metadata.scope.ticket") +
                "</td><td>" + (deps.empty() ? t("admin.metadata.allDepartments") : htmlEscape(deps)) +
                "</td><td class=\"row-actions\"><form method=\"post\" action=\"/admin/metadata/" + std::to_string(m.id) +
                "/delete\" data-confirm=\"" + t("admin.metadata.confirmDelete") + "\">" + csrfField(ctx) +
                "<button type=\"submit\" class=\"danger\">" + t("admin.delete") + "</button></form></td></tr>";
        }
        body += "</tbody></table>";
    }
    host.shell.renderStatus(ctx, status, t.plain("admin.metadata.menuTitle"), body);
}

// The lifetime of a new token: one of AuthService's allowed lifetimes, the default first.
std::string tokenDaysSelect(const Words& t, long long userId) {
    const std::string id = "dias-" + std::to_string(userId);
    std::string html = "<select name=\"dias\" id=\"" + id + "\" aria-label=\"" + t("admin.tokens.validity") + "\">";
    for (int days : kApiTokenDays)
        html += "<option value=\"" + std::to_string(days) + "\">" + t("admin.tokens.days." + std::to_string(days)) + "</option>";
    return html + "</select>";
}

// Every API token with its owner, use and state, and a "Revocar" button on the live ones.
std::string tokensTable(HostServices& host, Ctx& ctx, const Words& t) {
    const auto tokens = host.auth.apiTokens();
    std::string html = "<h2>" + t("admin.tokens.title") + "</h2>";
    if (tokens.empty()) return html + "<p class=\"muted\">" + t("admin.tokens.none") + "</p>";
    html += "<table id=\"tokens\"><thead><tr><th>" + t("admin.users.login") + "</th><th>" + t("admin.users.tokenLabel") +
            "</th><th>" + t("admin.tokens.created") + "</th><th>" + t("admin.tokens.lastUsed") + "</th><th>" +
            t("admin.tokens.expires") + "</th><th>" + t("admin.tokens.state") + "</th><th></th></tr></thead><tbody>";
    const long long nowMs = Poco::Timestamp().epochMicroseconds() / 1000;
    std::map<long long, std::string> logins; // one read of the users, not one per token
    for (const auto& u : host.directory.users()) logins[u.id] = u.login;
    for (const auto& k : tokens) {
        const auto owner = logins.find(k.userId);
        const bool expired = k.expiresAt != 0 && k.expiresAt <= nowMs;
        const std::string state = k.revokedAt ? t("admin.tokens.revoked")
                                  : expired   ? t("admin.tokens.expired")
                                              : t("admin.tokens.active");
        html += "<tr><td>" + htmlEscape(owner != logins.end() ? owner->second : std::string("?")) + "</td><td>" +
                htmlEscape(k.label) + "</td><td>" + formatLocalTime(k.createdAt) + "</td><td>" +
                (k.lastUsedAt ? formatLocalTime(k.lastUsedAt) : t("admin.tokens.never")) + "</td><td>" +
                (k.expiresAt ? formatLocalTime(k.expiresAt) : t("admin.tokens.noExpiry")) + "</td><td>" + state +
                "</td><td class=\"row-actions\">";
        if (!k.revokedAt && !expired)
            html += "<form method=\"post\" action=\"/admin/tokens/" + std::to_string(k.id) + "/revoke\">" + csrfField(ctx) +
                    "<button type=\"submit\" class=\"danger\">" + t("admin.tokens.revoke") + "</button></form>";
        html += "</td></tr>";
    }
    return html + "</tbody></table><p class=\"muted\">" + t("admin.tokens.lastUsedNote") + "</p>";
}

void usersPage(HostServices& host, Ctx& ctx, const std::string& error = {}, int status = 200, const std::string& newToken = {},
               const std::string& tokenOwner = {}) {
    const Words t(host, ctx);
    std::string body = "<h1>" + t("admin.users.title") + "</h1>" + alert(error);
    if (!newToken.empty()) {
        // The text holds <strong> around the user: escape the user, not the text.
        body += "<div class=\"notice\" role=\"status\"><p>" +
                host.text.get(t.lang, "admin.users.tokenCreated", {{"user", htmlEscape(tokenOwner)}}) +
                "</p><p class=\"token\" id=\"nuevo-token\">" + htmlEscape(newToken) + "</p></div>";
    }
    body += "<div class=\"card\"><h2>" + t("admin.users.new") + "</h2><form method=\"post\" action=\"/admin/users\">" +
            csrfField(ctx) + "<label for=\"login\">" + t("admin.users.login") +
            "</label><input type=\"text\" id=\"login\" name=\"login\" required>"
            "<label for=\"nombre\">" +
            t("admin.name") +
            "</label><input type=\"text\" id=\"nombre\" name=\"nombre\">"
            "<label for=\"rol\">" +
            t("admin.users.role") + "</label><select id=\"rol\" name=\"rol\"><option value=\"agent\">" +
            t("admin.users.role.agent") + "</option><option value=\"administrator\">" + t("admin.users.role.administrator") +
            "</option></select><label for=\"password\">" + t("admin.users.password") +
            "</label><input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"new-password\" required "
            "minlength=\"" +
            std::to_string(kMinPasswordLength) +
            "\">"
            "<button type=\"submit\">" +
            t("admin.add") + "</button></form></div><table><thead><tr><th>" + t("admin.users.login") + "</th><th>" +
            t("admin.name") + "</th><th>" + t("admin.users.role") + "</th><th>" + t("admin.users.token") +
            "</th></tr></thead><tbody>";
    for (const auto& u : host.directory.users()) {
        body += "<tr><td>" + htmlEscape(u.login) + "</td><td>" + htmlEscape(u.displayName) + "</td><td>" +
                t(u.role == Role::Administrator ? "admin.users.role.administrator" : "admin.users.role.agent") +
                "</td><td class=\"row-actions\"><form method=\"post\" action=\"/admin/users/" + std::to_string(u.id) +
                "/tokens\">" + csrfField(ctx) + "<input type=\"text\" name=\"etiqueta\" placeholder=\"" +
                t("admin.users.tokenLabel") + "\" aria-label=\"" + t("admin.users.tokenLabelAria") + "\">" +
                tokenDaysSelect(t, u.id) + "<button type=\"submit\" class=\"secondary\">" + t("admin.users.createToken") +
                "</button></form></td></tr>";
    }
    body += "</tbody></table>" + tokensTable(host, ctx, t);
    host.shell.renderStatus(ctx, status, t.plain("admin.users.title"), body);
}

// Runs a form action; a std::invalid_argument re-renders the page with the message and 400.
template <typename Action, typename Page>
void formAction(Ctx& ctx, const std::string& back, Action action, Page page) {
    try {
        action();
    } catch (const std::invalid_argument& e) {
        page(e.what(), 400);
        return;
    }
    redirect(ctx.response, back);
}

} // namespace

void registerAdminPages(HostServices& host) {
    auto add = [&host](const std::string& method, const std::string& pattern, helpdesk::Handler h) {
        host.routes.add({method, pattern, Role::Administrator, std::move(h)}, "host");
    };

    add("GET", "/admin/departments", [&host](Ctx& ctx) { departmentsPage(host, ctx); });
    add("POST", "/admin/departments", [&host](Ctx& ctx) {
        auto form = readForm(ctx);
        formAction(
            ctx, "/admin/departments", [&] { host.directory.addDepartment(form->get("nombre", "")); },
            [&](const std::string& e, int s) { departmentsPage(host, ctx, e, s); });
    });
    add("POST", "/admin/departments/{id}/rename", [&host](Ctx& ctx) {
        const long long id = pathId(ctx);
        auto form = readForm(ctx);
        formAction(
            ctx, "/admin/departments", [&] { host.directory.renameDepartment(id, form->get("nombre", "")); },
            [&](const std::string& e, int s) { departmentsPage(host, ctx, e, s); });
    });
    add("POST", "/admin/departments/{id}/delete", [&host](Ctx& ctx) {
        const long long id = pathId(ctx);
        formAction(
            ctx, "/admin/departments", [&] { host.directory.deleteDepartment(id); },
            [&](const std::string& e, int s) { departmentsPage(host, ctx, e, s); });
    });

    add("GET", "/admin/metadata", [&host](Ctx& ctx) { metadataPage(host, ctx); });
    add("POST", "/admin/metadata", [&host](Ctx& ctx) {
        auto form = readForm(ctx);
        formAction(
            ctx, "/admin/metadata",
            [&] {
                helpdesk::MetadataDefinition d;
                d.name = form->get("nombre", "");
                d.integrationKey = form->get("clave", "");
                auto type = parseMetadataType(form->get("tipo", "text"));
                auto scope = parseMetadataScope(form->get("alcance", "ticket"));
                if (!type) throw std::invalid_argument("Tipo de metadato inválido.");
                if (!scope) throw std::invalid_argument("Alcance inválido.");
                d.type = *type;
                d.scope = *scope;
                for (auto it = form->find("departamentos"); it != form->end() && it->first == "departamentos"; ++it) {
                    Poco::Int64 dep = 0;
                    if (!Poco::NumberParser::tryParse64(it->second, dep)) throw std::invalid_argument("Departamento inválido.");
                    d.departmentIds.push_back(dep);
                }
                host.directory.addMetadata(d);
            },
            [&](const std::string& e, int s) { metadataPage(host, ctx, e, s); });
    });
    add("POST", "/admin/metadata/{id}/delete", [&host](Ctx& ctx) {
        host.directory.deleteMetadata(pathId(ctx));
        redirect(ctx.response, "/admin/metadata");
    });

    add("GET", "/admin/users", [&host](Ctx& ctx) { usersPage(host, ctx); });
    add("POST", "/admin/users", [&host](Ctx& ctx) {
        auto form = readForm(ctx);
        formAction(
            ctx, "/admin/users",
            [&] {
                auto role = parseRole(form->get("rol", "agent"));
                if (!role) throw std::invalid_argument("Rol inválido.");
                host.auth.addUser(form->get("login", ""), form->get("nombre", ""), *role, form->get("password", ""));
            },
            [&](const std::string& e, int s) { usersPage(host, ctx, e, s); });
    });
    add("POST", "/admin/users/{id}/tokens", [&host](Ctx& ctx) {
        const long long id = pathId(ctx);
        auto form = readForm(ctx);
        auto user = host.directory.user(id);
        if (!user) throw helpdesk::HttpError(404, "user_not_found", "El usuario no existe.");
        // Shown in this response only (no redirect): the token is not stored anywhere readable.
        int days = kApiTokenDays[0];
        if (!Poco::NumberParser::tryParse(form->get("dias", std::to_string(days)), days))
            throw helpdesk::HttpError(400, "invalid_days", "Duración de token inválida.");
        std::string token;
        try {
            token = host.auth.createApiToken(id, form->get("etiqueta", ""), days);
        } catch (const std::invalid_argument& e) {
            usersPage(host, ctx, e.what(), 400);
            return;
        }
        ctx.response.set("Cache-Control", "no-store");
        usersPage(host, ctx, {}, 200, token, user->login);
    });
    add("POST", "/admin/tokens/{id}/revoke", [&host](Ctx& ctx) {
        // Idempotent for the admin: revoking a token twice lands on the same page.
        if (host.auth.revokeApiToken(pathId(ctx)))
            Poco::Logger::get("helpdesk.host.auth")
                .information("API token %s revoked by %s", std::to_string(pathId(ctx)),
                             ctx.user ? ctx.user->login : std::string("?"));
        redirect(ctx.response, "/admin/users");
    });
}

} // namespace refhost
