// The agent's ticket list and ticket view, where an agent writes and closes tickets.
#include "HostServices.h"
#include "HttpUtil.h"
#include "PageHelpers.h"

#include <Poco/NumberParser.h>

#include <stdexcept>

namespace refhost {
namespace {

std::string statusBadge(bool open) {
    return open ? "<span class=\"badge open\">Abierto</span>" : "<span class=\"badge closed\">Cerrado</span>";
}

// Shown while a customer's message waits for an agent's answer.
std::string awaitingBadge(const TicketSummary& t) {
    return t.awaitingSince ? " <span class=\"badge awaiting\">Esperando agente</span>" : "";
}

std::string departmentLabel(const TicketSummary& t) { return t.departmentName.empty() ? "Sin departamento" : t.departmentName; }

std::string metadataText(const MetadataValue& v) {
    if (v.type == helpdesk::MetadataType::YesNo) return v.value == "1" ? "Sí" : (v.value == "0" ? "No" : v.value);
    return v.value;
}

void listPage(HostServices& host, helpdesk::RequestContext& ctx) {
    TicketFilter filter;
    const std::string estado = queryParam(ctx, "estado").empty() ? "abiertos" : queryParam(ctx, "estado");
    if (estado == "abiertos") filter.open = true;
    if (estado == "cerrados") filter.open = false;
    if (estado == "sin-atender") filter.awaitingOnly = true;
    const std::string dep = queryParam(ctx, "departamento");
    Poco::Int64 depId = 0;
    if (dep == "ninguno") filter.departmentId = 0;
    else if (Poco::NumberParser::tryParse64(dep, depId) && depId > 0) filter.departmentId = depId;

    std::string body = "<h1>Tickets</h1><form class=\"filters\" method=\"get\" action=\"/tickets\"><div><label for=\"estado\">Estado</label>"
                       "<select id=\"estado\" name=\"estado\">";
    const std::vector<std::pair<std::string, std::string>> estados{
        {"abiertos", "Abiertos"}, {"cerrados", "Cerrados"}, {"todos", "Todos"}, {"sin-atender", "Con respuesta sin atender"}};
    for (const auto& [value, label] : estados) {
        body += "<option value=\"" + value + "\"" + (estado == value ? " selected" : "") + ">" + label + "</option>";
    }
    body += "</select></div><div><label for=\"departamento\">Departamento</label><select id=\"departamento\" name=\"departamento\">"
            "<option value=\"\">Todos</option><option value=\"ninguno\"" + std::string(dep == "ninguno" ? " selected" : "") +
            ">Sin departamento</option>";
    for (const auto& d : host.directory.departments()) {
        body += "<option value=\"" + std::to_string(d.id) + "\"" + (depId == d.id ? " selected" : "") + ">" + htmlEscape(d.name) + "</option>";
    }
    body += "</select></div><div><button type=\"submit\" class=\"secondary\">Filtrar</button></div></form>";
    auto tickets = host.tickets.list(filter);
    if (tickets.empty()) {
        body += "<p class=\"muted\">No hay tickets con estos filtros.</p>";
    } else {
        body += "<table><thead><tr><th>N.º</th><th>Asunto</th><th>Contacto</th><th>Departamento</th><th>Estado</th><th>Creado</th>"
                "</tr></thead><tbody>";
        for (const auto& t : tickets) {
            body += "<tr><td><a href=\"/tickets/" + std::to_string(t.id) + "\">#" + std::to_string(t.id) + "</a></td><td>" +
                    htmlEscape(t.subject.empty() ? "—" : t.subject) + "</td><td>" +
                    htmlEscape(t.contactPhone.empty() ? "—" : "+" + t.contactPhone) + "</td><td>" + htmlEscape(departmentLabel(t)) +
                    "</td><td>" + statusBadge(t.open) + awaitingBadge(t) + "</td><td>" + formatLocalTime(t.createdAt) + "</td></tr>";
        }
        body += "</tbody></table>";
    }
    host.shell.render(ctx, "Tickets", body);
}

void ticketPage(HostServices& host, helpdesk::RequestContext& ctx, long long id, const std::string& error = {}, int status = 200) {
    auto detail = host.tickets.get(id);
    if (!detail) throw helpdesk::HttpError(404, "ticket_not_found", "El ticket no existe.");
    const auto& t = detail->ticket;
    std::string body = "<p><a href=\"/tickets\">← Tickets</a></p><h1>Ticket #" + std::to_string(t.id) + " " + statusBadge(t.open) +
                       awaitingBadge(t) + "</h1>";
    if (!error.empty()) body += "<div class=\"alert\" role=\"alert\">" + htmlEscape(error) + "</div>";
    body += "<div class=\"card\"><dl class=\"meta-values\"><dt>Asunto</dt><dd>" + htmlEscape(t.subject.empty() ? "—" : t.subject) +
            "</dd><dt>Contacto</dt><dd>" +
            htmlEscape(t.contactPhone.empty() ? "—" : "+" + t.contactPhone) + "</dd><dt>Departamento</dt><dd>" +
            htmlEscape(departmentLabel(t)) + "</dd><dt>Creado</dt><dd>" + formatLocalTime(t.createdAt) + "</dd>";
    if (t.closeDeadline && t.open) body += "<dt>Cierre previsto</dt><dd>" + formatLocalTime(*t.closeDeadline) + "</dd>";
    if (t.closedAt) body += "<dt>Cerrado</dt><dd>" + formatLocalTime(*t.closedAt) + "</dd>";
    for (const auto& m : detail->metadata) body += "<dt>" + htmlEscape(m.name) + "</dt><dd>" + htmlEscape(metadataText(m)) + "</dd>";
    body += "</dl></div>";
    body += host.tickets.panels().render({t.id, t.open, t.externalKey, t.contactPhone, t.departmentId}, ctx.locale);
    body += "<h2>Mensajes</h2>";
    if (detail->messages.empty()) body += "<p class=\"muted\">Aún no hay mensajes.</p>";
    body += "<ul class=\"thread\">";
    for (const auto& m : detail->messages) {
        if (m.system) {
            body += "<li class=\"system\"><div>" + htmlEscape(m.text) + "</div><div class=\"meta\">" + formatLocalTime(m.at) +
                    "</div></li>";
            continue;
        }
        const bool out = m.direction == helpdesk::MessageDirection::Outbound;
        body += std::string("<li class=\"") + (out ? "out" : "in") + "\"><div class=\"meta\">" + htmlEscape(m.author) + " · " +
                (out ? "saliente" : "entrante") + " · " + formatLocalTime(m.at) + "</div><div>" + htmlEscape(m.text) + "</div></li>";
    }
    body += "</ul><div class=\"card\"><form method=\"post\" action=\"/tickets/" + std::to_string(t.id) + "/messages\">" + csrfField(ctx) +
            "<label for=\"texto\">Escribir mensaje</label><textarea id=\"texto\" name=\"texto\" required></textarea>"
            "<button type=\"submit\">Enviar mensaje</button></form>";
    if (t.open) {
        body += "<form method=\"post\" action=\"/tickets/" + std::to_string(t.id) + "/close\">" + csrfField(ctx) +
                "<button type=\"submit\" class=\"danger\">Cerrar ticket</button></form>";
    }
    body += "</div>";
    host.shell.renderStatus(ctx, status, "Ticket #" + std::to_string(t.id), body);
}

} // namespace

void registerTicketPages(HostServices& host) {
    host.routes.add({"GET", "/tickets", helpdesk::Role::Agent, [&host](helpdesk::RequestContext& ctx) { listPage(host, ctx); }}, "host");
    host.routes.add({"GET", "/tickets/{id}", helpdesk::Role::Agent,
                     [&host](helpdesk::RequestContext& ctx) { ticketPage(host, ctx, pathId(ctx)); }},
                    "host");
    host.routes.add({"POST", "/tickets/{id}/messages", helpdesk::Role::Agent,
                     [&host](helpdesk::RequestContext& ctx) {
                         const long long id = pathId(ctx);
                         auto form = readForm(ctx);
                         if (!host.tickets.get(id)) throw helpdesk::HttpError(404, "ticket_not_found", "El ticket no existe.");
                         try {
                             host.tickets.writeAsAgent(id, *ctx.user, form->get("texto", ""));
                         } catch (const std::invalid_argument& e) {
                             ticketPage(host, ctx, id, e.what(), 400);
                             return;
                         }
                         redirect(ctx.response, "/tickets/" + std::to_string(id));
                     }},
                    "host");
    host.routes.add({"POST", "/tickets/{id}/close", helpdesk::Role::Agent,
                     [&host](helpdesk::RequestContext& ctx) {
                         const long long id = pathId(ctx);
                         if (!host.tickets.get(id)) throw helpdesk::HttpError(404, "ticket_not_found", "El ticket no existe.");
                         host.tickets.closeBy(id, ctx.user->id);
                         redirect(ctx.response, "/tickets/" + std::to_string(id));
                     }},
                    "host");
}

} // namespace refhost
