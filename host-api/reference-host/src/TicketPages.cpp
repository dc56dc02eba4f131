// The agent's ticket list and ticket view, where an agent writes and closes tickets.
#include "HostServices.h"
#include "HttpUtil.h"
#include "PageHelpers.h"

#include <Poco/NumberParser.h>

#include <map>
#include <stdexcept>

namespace refhost {
namespace {

// The page's words in the request's language.
struct Words {
    const HostText& text;
    std::string lang;
    std::string operator()(const std::string& key, const std::map<std::string, std::string>& vars = {}) const {
        return htmlEscape(text.get(lang, key, vars));
    }
};

std::string statusBadge(const Words& t, bool open) {
    return open ? "<span class=\"badge open\">" + t("tickets.open") + "</span>"
                : "<span class=\"badge closed\">" + t("tickets.closed") + "</span>";
}

// Shown while a customer's message waits for an agent's answer.
std::string awaitingBadge(const Words& t, const TicketSummary& s) {
    return s.awaitingSince ? " <span class=\"badge awaiting\">" + t("tickets.awaiting") + "</span>" : "";
}

std::string departmentLabel(const Words& t, const TicketSummary& s) {
    return s.departmentName.empty() ? t("tickets.noDepartment") : htmlEscape(s.departmentName);
}

std::string metadataText(const Words& t, const MetadataValue& v) {
    if (v.type == helpdesk::MetadataType::YesNo) {
        return v.value == "1" ? t("tickets.yes") : (v.value == "0" ? t("tickets.no") : htmlEscape(v.value));
    }
    return htmlEscape(v.value);
}

void listPage(HostServices& host, helpdesk::RequestContext& ctx) {
    const Words t{host.text, HostText::language(ctx.locale)};
    TicketFilter filter;
    const std::string estado = queryParam(ctx, "estado").empty() ? "abiertos" : queryParam(ctx, "estado");
    if (estado == "abiertos") filter.open = true;
    if (estado == "cerrados") filter.open = false;
    if (estado == "sin-atender") filter.awaitingOnly = true;
    const std::string dep = queryParam(ctx, "departamento");
    Poco::Int64 depId = 0;
    if (dep == "ninguno")
        filter.departmentId = 0;
    else if (Poco::NumberParser::tryParse64(dep, depId) && depId > 0)
        filter.departmentId = depId;

    std::string body = "<h1>" + t("tickets.title") +
                       "</h1><form class=\"filters\" method=\"get\" action=\"/tickets\"><div>"
                       "<label for=\"estado\">" +
                       t("tickets.filter.state") + "</label><select id=\"estado\" name=\"estado\">";
    const std::vector<std::pair<std::string, std::string>> estados{{"abiertos", "tickets.filter.open"},
                                                                   {"cerrados", "tickets.filter.closed"},
                                                                   {"todos", "tickets.filter.all"},
                                                                   {"sin-atender", "tickets.filter.awaiting"}};
    for (const auto& [value, key] : estados) {
        body += "<option value=\"" + value + "\"" + (estado == value ? " selected" : "") + ">" + t(key) + "</option>";
    }
    body += "</select></div><div><label for=\"departamento\">" + t("tickets.filter.department") +
            "</label><select id=\"departamento\" name=\"departamento\"><option value=\"\">" + t("tickets.filter.all") +
            "</option><option value=\"ninguno\"" + std::string(dep == "ninguno" ? " selected" : "") + ">" +
            t("tickets.noDepartment") + "</option>";
    for (const auto& d : host.directory.departments()) {
        body += "<option value=\"" + std::to_string(d.id) + "\"" + (depId == d.id ? " selected" : "") + ">" + htmlEscape(d.name) +
                "</option>";
    }
    body += "</select></div><div><button type=\"submit\" class=\"secondary\">" + t("tickets.filter.submit") +
            "</button></div></form>";
    auto tickets = host.tickets.list(filter);
    if (tickets.empty()) {
        body += "<p class=\"muted\">" + t("tickets.empty") + "</p>";
    } else {
        body += "<table><thead><tr><th>" + t("tickets.col.number") + "</th><th>" + t("tickets.col.subject") + "</th><th>" +
                t("tickets.col.contact") + "</th><th>" + t("tickets.col.department") + "</th><th>" + t("tickets.col.state") +
                "</th><th>" + t("tickets.col.created") + "</th></tr></thead><tbody>";
        for (const auto& s : tickets) {
            body += "<tr><td><a href=\"/tickets/" + std::to_string(s.id) + "\">#" + std::to_string(s.id) + "</a></td><td>" +
                    htmlEscape(s.subject.empty() ? "—" : s.subject) + "</td><td>" +
                    htmlEscape(s.contactPhone.empty() ? "—" : "+" + s.contactPhone) + "</td><td>" + departmentLabel(t, s) +
                    "</td><td>" + statusBadge(t, s.open) + awaitingBadge(t, s) + "</td><td>" + formatLocalTime(s.createdAt) +
                    "</td></tr>";
        }
        body += "</tbody></table>";
    }
    host.shell.render(ctx, host.text.get(t.lang, "tickets.title"), body);
}

void ticketPage(HostServices& host, helpdesk::RequestContext& ctx, long long id, const std::string& error = {},
                int status = 200) {
    auto detail = host.tickets.get(id);
    if (!detail) throw helpdesk::HttpError(404, "ticket_not_found", "El ticket no existe.");
    const Words t{host.text, HostText::language(ctx.locale)};
    const auto& s = detail->ticket;
    const std::string title = host.text.get(t.lang, "tickets.ticket", {{"id", std::to_string(s.id)}});
    std::string body = "<p><a href=\"/tickets\">" + t("tickets.back") + "</a></p><h1>" + htmlEscape(title) + " " +
                       statusBadge(t, s.open) + awaitingBadge(t, s) + "</h1>";
    if (!error.empty()) body += "<div class=\"alert\" role=\"alert\">" + htmlEscape(error) + "</div>";
    body += "<div class=\"card\"><dl class=\"meta-values\"><dt>" + t("tickets.col.subject") + "</dt><dd>" +
            htmlEscape(s.subject.empty() ? "—" : s.subject) + "</dd><dt>" + t("tickets.col.contact") + "</dt><dd>" +
            htmlEscape(s.contactPhone.empty() ? "—" : "+" + s.contactPhone) + "</dd><dt>" + t("tickets.col.department") +
            "</dt><dd>" + departmentLabel(t, s) + "</dd><dt>" + t("tickets.col.created") + "</dt><dd>" +
            formatLocalTime(s.createdAt) + "</dd>";
    if (s.closeDeadline && s.open)
        body += "<dt>" + t("tickets.closeDeadline") + "</dt><dd>" + formatLocalTime(*s.closeDeadline) + "</dd>";
    if (s.closedAt) body += "<dt>" + t("tickets.closedAt") + "</dt><dd>" + formatLocalTime(*s.closedAt) + "</dd>";
    for (const auto& m : detail->metadata) body += "<dt>" + htmlEscape(m.name) + "</dt><dd>" + metadataText(t, m) + "</dd>";
    body += "</dl></div>";
    body += host.tickets.panels().render({s.id, s.open, s.externalKey, s.contactPhone, s.departmentId}, ctx.locale);
    body += "<h2>" + t("tickets.messages") + "</h2>";
    if (detail->messages.empty()) body += "<p class=\"muted\">" + t("tickets.noMessages") + "</p>";
    body += "<ul class=\"thread\">";
    for (const auto& m : detail->messages) {
        if (m.system) {
            body += "<li class=\"system\"><div>" + htmlEscape(m.text) + "</div><div class=\"meta\">" + formatLocalTime(m.at) +
                    "</div></li>";
            continue;
        }
        const bool out = m.direction == helpdesk::MessageDirection::Outbound;
        body += std::string("<li class=\"") + (out ? "out" : "in") + "\"><div class=\"meta\">" + htmlEscape(m.author) + " · " +
                t(out ? "tickets.outbound" : "tickets.inbound") + " · " + formatLocalTime(m.at) + "</div><div>" +
                htmlEscape(m.text) + "</div></li>";
    }
    body += "</ul><div class=\"card\"><form method=\"post\" action=\"/tickets/" + std::to_string(s.id) + "/messages\">" +
            csrfField(ctx) + "<label for=\"texto\">" + t("tickets.write") +
            "</label><textarea id=\"texto\" name=\"texto\" required></textarea>"
            "<button type=\"submit\">" +
            t("tickets.send") + "</button></form>";
    if (s.open) {
        body += "<form method=\"post\" action=\"/tickets/" + std::to_string(s.id) + "/close\">" + csrfField(ctx) +
                "<button type=\"submit\" class=\"danger\">" + t("tickets.close") + "</button></form>";
    }
    body += "</div>";
    host.shell.renderStatus(ctx, status, title, body);
}

} // namespace

void registerTicketPages(HostServices& host) {
    host.routes.add({"GET", "/tickets", helpdesk::Role::Agent, [&host](helpdesk::RequestContext& ctx) { listPage(host, ctx); }},
                    "host");
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
