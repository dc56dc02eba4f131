// The host's JSON API under /api/v1, for scripts and end-to-end tests.
#include "HostServices.h"
#include "HttpUtil.h"
#include "PageHelpers.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <stdexcept>

namespace refhost {
namespace {

using helpdesk::Role;
using Ctx = helpdesk::RequestContext;
using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr userJson(const helpdesk::User& u) {
    Object::Ptr o = new Object;
    o->set("id", u.id);
    o->set("login", u.login);
    o->set("displayName", u.displayName);
    o->set("role", std::string(helpdesk::roleName(u.role)));
    return o;
}

Object::Ptr ticketJson(const TicketSummary& t) {
    Object::Ptr o = new Object;
    o->set("id", t.id);
    o->set("departmentId", t.departmentId ? Poco::Dynamic::Var(*t.departmentId) : Poco::Dynamic::Var());
    o->set("departmentName", t.departmentName);
    o->set("contactPhone", t.contactPhone);
    o->set("status", std::string(t.open ? "open" : "closed"));
    o->set("externalKey", t.externalKey);
    o->set("createdAt", formatIso(t.createdAt));
    o->set("closedAt", t.closedAt ? Poco::Dynamic::Var(formatIso(*t.closedAt)) : Poco::Dynamic::Var());
    o->set("closeDeadline", t.closeDeadline ? Poco::Dynamic::Var(formatIso(*t.closeDeadline)) : Poco::Dynamic::Var());
    o->set("subject", t.subject);
    o->set("awaitingSince", t.awaitingSince ? Poco::Dynamic::Var(formatIso(*t.awaitingSince)) : Poco::Dynamic::Var());
    return o;
}

// The text of an agent message from a JSON body {"text": ...} or a form field "texto"/"text".
std::string messageText(Ctx& ctx) {
    if (Poco::icompare(ctx.request.getContentType().substr(0, 16), "application/json") == 0) {
        auto body = parseJsonObject(readBody(ctx.request, 1024 * 1024));
        return body->optValue<std::string>("text", "");
    }
    auto form = readForm(ctx);
    return form->get("texto", form->get("text", ""));
}

void listTickets(HostServices& host, Ctx& ctx) {
    TicketFilter filter;
    filter.externalKey = queryParam(ctx, "external_key");
    const std::string status = queryParam(ctx, "status");
    if (status == "open")
        filter.open = true;
    else if (status == "closed")
        filter.open = false;
    else if (!status.empty())
        throw helpdesk::HttpError(400, "invalid_parameter", "status debe ser open o closed.");
    const std::string dep = queryParam(ctx, "department");
    if (!dep.empty()) {
        Poco::Int64 id = 0;
        if (!Poco::NumberParser::tryParse64(dep, id) || id < 0)
            throw helpdesk::HttpError(400, "invalid_parameter", "department debe ser un número.");
        filter.departmentId = id;
    }
    Array::Ptr items = new Array;
    for (const auto& t : host.tickets.list(filter)) items->add(ticketJson(t));
    Object result;
    result.set("tickets", items);
    sendJson(ctx.response, 200, result);
}

void getTicket(HostServices& host, Ctx& ctx) {
    auto detail = host.tickets.get(pathId(ctx));
    if (!detail) throw helpdesk::HttpError(404, "ticket_not_found", "El ticket no existe.");
    auto o = ticketJson(detail->ticket);
    Array::Ptr metadata = new Array;
    for (const auto& m : detail->metadata) {
        Object::Ptr v = new Object;
        v->set("metadataId", m.metadataId);
        v->set("name", m.name);
        v->set("value", m.value);
        metadata->add(v);
    }
    Array::Ptr messages = new Array;
    for (const auto& m : detail->messages) {
        Object::Ptr v = new Object;
        v->set("id", m.id);
        v->set("direction", std::string(m.direction == helpdesk::MessageDirection::Inbound ? "in" : "out"));
        v->set("author", m.author);
        v->set("userId", m.userId);
        v->set("text", m.text);
        v->set("at", formatIso(m.at));
        v->set("externalId", m.externalId);
        v->set("system", m.system);
        messages->add(v);
    }
    o->set("metadata", metadata);
    o->set("messages", messages);
    sendJson(ctx.response, 200, *o);
}

} // namespace

void registerApiRoutes(HostServices& host) {
    auto add = [&host](const std::string& method, const std::string& pattern, Role role, helpdesk::Handler h) {
        host.routes.add({method, pattern, role, std::move(h)}, "host");
    };
    add("GET", "/api/v1/me", Role::Agent, [](Ctx& ctx) { sendJson(ctx.response, 200, *userJson(*ctx.user)); });
    add("GET", "/api/v1/tickets", Role::Agent, [&host](Ctx& ctx) { listTickets(host, ctx); });
    add("GET", "/api/v1/tickets/{id}", Role::Agent, [&host](Ctx& ctx) { getTicket(host, ctx); });
    add("POST", "/api/v1/tickets/{id}/messages", Role::Agent, [&host](Ctx& ctx) {
        const long long id = pathId(ctx);
        if (!host.tickets.get(id)) throw helpdesk::HttpError(404, "ticket_not_found", "El ticket no existe.");
        const long long messageId = host.tickets.writeAsAgent(id, *ctx.user, messageText(ctx));
        Object o;
        o.set("id", messageId);
        sendJson(ctx.response, 201, o);
    });
    add("POST", "/api/v1/tickets/{id}/close", Role::Agent, [&host](Ctx& ctx) {
        const long long id = pathId(ctx);
        if (!host.tickets.get(id)) throw helpdesk::HttpError(404, "ticket_not_found", "El ticket no existe.");
        Object o;
        o.set("changed", host.tickets.closeBy(id, ctx.user->id));
        sendJson(ctx.response, 200, o);
    });
    add("GET", "/api/v1/departments", Role::Agent, [&host](Ctx& ctx) {
        Array::Ptr items = new Array;
        for (const auto& d : host.directory.departments()) {
            Object::Ptr o = new Object;
            o->set("id", d.id);
            o->set("name", d.name);
            items->add(o);
        }
        Object result;
        result.set("departments", items);
        sendJson(ctx.response, 200, result);
    });
    add("GET", "/api/v1/metadata", Role::Agent, [&host](Ctx& ctx) {
        Array::Ptr items = new Array;
        for (const auto& m : host.directory.metadata()) {
            Object::Ptr o = new Object;
            o->set("id", m.id);
            o->set("name", m.name);
            o->set("integrationKey", m.integrationKey);
            o->set("type", std::string(metadataTypeCode(m.type)));
            o->set("scope", std::string(metadataScopeCode(m.scope)));
            Array::Ptr deps = new Array;
            for (long long d : m.departmentIds) deps->add(d);
            o->set("departmentIds", deps);
            items->add(o);
        }
        Object result;
        result.set("metadata", items);
        sendJson(ctx.response, 200, result);
    });
}

} // namespace refhost
