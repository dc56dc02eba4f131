// Administrator pages: departments, ticket metadata definitions, users and their API tokens.
#include "AccessPolicy.h"
#include "HostServices.h"
#include "HttpUtil.h"
#include "PageHelpers.h"

#include <Poco/NumberParser.h>

#include <stdexcept>

namespace refhost {
namespace {

using helpdesk::Role;
using Ctx = helpdesk::RequestContext;

std::string alert(const std::string& error) {
    return error.empty() ? "" : "<div class=\"alert\" role=\"alert\">" + htmlEscape(error) + "</div>";
}

void departmentsPage(HostServices& host, Ctx& ctx, const std::string& error = {}, int status = 200) {
    std::string body = "<h1>Departamentos</h1>" + alert(error) +
                       "<div class=\"card\"><form method=\"post\" action=\"/admin/departments\">" + csrfField(ctx) +
                       "<label for=\"nombre\">Nuevo departamento</label><input type=\"text\" id=\"nombre\" name=\"nombre\" required>"
                       "<button type=\"submit\">Agregar</button></form></div>";
    auto departments = host.directory.departments();
    if (departments.empty()) {
        body += "<p class=\"muted\">Aún no hay departamentos.</p>";
    } else {
        body += "<table><thead><tr><th>Nombre</th><th>Acciones</th></tr></thead><tbody>";
        for (const auto& d : departments) {
            const std::string base = "/admin/departments/" + std::to_string(d.id);
            body += "<tr><td>" + htmlEscape(d.name) + "</td><td class=\"row-actions\"><form method=\"post\" action=\"" + base +
                    "/rename\">" + csrfField(ctx) + "<input type=\"text\" name=\"nombre\" aria-label=\"Nuevo nombre\" value=\"" +
                    htmlEscape(d.name) + "\" required><button type=\"submit\" class=\"secondary\">Renombrar</button></form>"
                    "<form method=\"post\" action=\"" + base + "/delete\" data-confirm=\"¿Eliminar el departamento?\">" +
                    csrfField(ctx) + "<button type=\"submit\" class=\"danger\">Eliminar</button></form></td></tr>";
        }
        body += "</tbody></table>";
    }
    host.shell.renderStatus(ctx, status, "Departamentos", body);
}

void metadataPage(HostServices& host, Ctx& ctx, const std::string& error = {}, int status = 200) {
    auto departments = host.directory.departments();
    std::string body = "<h1>Metadatos de ticket</h1>" + alert(error) +
                       "<div class=\"card\"><h2>Nuevo metadato</h2><form method=\"post\" action=\"/admin/metadata\">" + csrfField(ctx) +
                       "<label for=\"nombre\">Nombre</label><input type=\"text\" id=\"nombre\" name=\"nombre\" required>"
                       "<label for=\"clave\">Clave de integración</label><input type=\"text\" id=\"clave\" name=\"clave\" "
                       "placeholder=\"p. ej. numero_caso\"><label for=\"tipo\">Tipo</label><select id=\"tipo\" name=\"tipo\">"
                       "<option value=\"text\">Texto</option><option value=\"paragraph\">Párrafo</option><option value=\"yesno\">Sí/No</option>"
                       "</select><label for=\"alcance\">Alcance</label><select id=\"alcance\" name=\"alcance\"><option value=\"ticket\">Ticket"
                       "</option><option value=\"client\">Cliente</option></select><label for=\"departamentos\">Disponible en "
                       "(ninguno seleccionado = todos)</label><select id=\"departamentos\" name=\"departamentos\" multiple>";
    for (const auto& d : departments) body += "<option value=\"" + std::to_string(d.id) + "\">" + htmlEscape(d.name) + "</option>";
    body += "</select><button type=\"submit\">Agregar</button></form></div>";
    auto definitions = host.directory.metadata();
    if (definitions.empty()) {
        body += "<p class=\"muted\">Aún no hay metadatos.</p>";
    } else {
        body += "<table><thead><tr><th>Nombre</th><th>Clave de integración</th><th>Tipo</th><th>Alcance</th><th>Departamentos</th>"
                "<th>Acciones</th></tr></thead><tbody>";
        for (const auto& m : definitions) {
            std::string deps;
            for (long long id : m.departmentIds) {
                for (const auto& d : departments) {
                    if (d.id == id) deps += (deps.empty() ? "" : ", ") + d.name;
                }
            }
            body += "<tr><td>" + htmlEscape(m.name) + "</td><td><code>" + htmlEscape(m.integrationKey) + "</code></td><td>" +
                    metadataTypeLabel(m.type) + "</td><td>" + (m.scope == helpdesk::MetadataScope::Client ? "Cliente" : "Ticket") +
                    "</td><td>" + htmlEscape(deps.empty() ? "Todos" : deps) + "</td><td class=\"row-actions\"><form method=\"post\" "
                    "action=\"/admin/metadata/" + std::to_string(m.id) + "/delete\" data-confirm=\"¿Eliminar el metadato?\">" +
                    csrfField(ctx) + "<button type=\"submit\" class=\"danger\">Eliminar</button></form></td></tr>";
        }
        body += "</tbody></table>";
    }
    host.shell.renderStatus(ctx, status, "Metadatos", body);
}

void usersPage(HostServices& host, Ctx& ctx, const std::string& error = {}, int status = 200, const std::string& newToken = {},
               const std::string& tokenOwner = {}) {
    std::string body = "<h1>Usuarios</h1>" + alert(error);
    if (!newToken.empty()) {
        body += "<div class=\"notice\" role=\"status\"><p>Token de API creado para <strong>" + htmlEscape(tokenOwner) +
                "</strong>. Cópielo ahora: no se volverá a mostrar.</p><p class=\"token\" id=\"nuevo-token\">" + htmlEscape(newToken) +
                "</p></div>";
    }
    body += "<div class=\"card\"><h2>Nuevo usuario</h2><form method=\"post\" action=\"/admin/users\">" + csrfField(ctx) +
            "<label for=\"login\">Usuario</label><input type=\"text\" id=\"login\" name=\"login\" required>"
            "<label for=\"nombre\">Nombre</label><input type=\"text\" id=\"nombre\" name=\"nombre\">"
            "<label for=\"rol\">Rol</label><select id=\"rol\" name=\"rol\"><option value=\"agent\">Agente</option>"
            "<option value=\"administrator\">Administrador</option></select>"
            "<label for=\"password\">Contraseña</label><input type=\"password\" id=\"password\" name=\"password\" "
            "autocomplete=\"new-password\" required minlength=\"6\"><button type=\"submit\">Agregar</button></form></div>"
            "<table><thead><tr><th>Usuario</th><th>Nombre</th><th>Rol</th><th>Token de API</th></tr></thead><tbody>";
    for (const auto& u : host.directory.users()) {
        body += "<tr><td>" + htmlEscape(u.login) + "</td><td>" + htmlEscape(u.displayName) + "</td><td>" +
                (u.role == Role::Administrator ? "Administrador" : "Agente") + "</td><td class=\"row-actions\"><form method=\"post\" "
                "action=\"/admin/users/" + std::to_string(u.id) + "/tokens\">" + csrfField(ctx) +
                "<input type=\"text\" name=\"etiqueta\" placeholder=\"Etiqueta\" aria-label=\"Etiqueta del token\">"
                "<button type=\"submit\" class=\"secondary\">Crear token</button></form></td></tr>";
    }
    body += "</tbody></table>";
    host.shell.renderStatus(ctx, status, "Usuarios", body);
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
        formAction(ctx, "/admin/departments", [&] { host.directory.addDepartment(form->get("nombre", "")); },
                   [&](const std::string& e, int s) { departmentsPage(host, ctx, e, s); });
    });
    add("POST", "/admin/departments/{id}/rename", [&host](Ctx& ctx) {
        const long long id = pathId(ctx);
        auto form = readForm(ctx);
        formAction(ctx, "/admin/departments", [&] { host.directory.renameDepartment(id, form->get("nombre", "")); },
                   [&](const std::string& e, int s) { departmentsPage(host, ctx, e, s); });
    });
    add("POST", "/admin/departments/{id}/delete", [&host](Ctx& ctx) {
        const long long id = pathId(ctx);
        formAction(ctx, "/admin/departments", [&] { host.directory.deleteDepartment(id); },
                   [&](const std::string& e, int s) { departmentsPage(host, ctx, e, s); });
    });

    add("GET", "/admin/metadata", [&host](Ctx& ctx) { metadataPage(host, ctx); });
    add("POST", "/admin/metadata", [&host](Ctx& ctx) {
        auto form = readForm(ctx);
        formAction(ctx, "/admin/metadata",
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
        formAction(ctx, "/admin/users",
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
        const std::string token = host.auth.createApiToken(id, form->get("etiqueta", ""));
        ctx.response.set("Cache-Control", "no-store");
        usersPage(host, ctx, {}, 200, token, user->login);
    });
}

} // namespace refhost
