#include "suppressions/SuppressionsApi.h"

#include "suppressions/SuppressionCsv.h"
#include "validation/PhoneNormalizer.h"
#include "web/ApiRequest.h"
#include "web/ErrorCodes.h"
#include "web/JsonHttp.h"

#include <Poco/JSON/Array.h>
#include <Poco/NumberParser.h>
#include <helpdesk/RequestBody.h>

#include <Poco/StreamCopier.h>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace campaigns::suppressions {

namespace {

const std::string kBase = "/campaigns/api/v1/suppressions";
const std::string kTemplatePayloads = "/campaigns/api/v1/templates/{id}/optout-payloads";
constexpr std::size_t kMaxPayloadChars = 255;
constexpr std::size_t kMaxImportBytes = 10 * 1024 * 1024;
constexpr std::size_t kMaxReasonChars = 500;
constexpr std::size_t kMaxExportRows = 1'000'000;
constexpr std::size_t kMaxReportedRows = 1000; // bad import rows listed in the answer

std::string who(const helpdesk::RequestContext& ctx) {
    if (!ctx.user) return "?";
    return ctx.user->displayName.empty() ? ctx.user->login : ctx.user->displayName;
}

bool isWabaId(const std::string& s) {
    return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// "…4321" for log lines: never a whole number.
std::string tail(const std::string& phone) { return phone.size() <= 4 ? "…" : "…" + phone.substr(phone.size() - 4); }

Poco::JSON::Object toJson(const Suppression& s) {
    Poco::JSON::Object o;
    o.set("waba_id", s.wabaId);
    o.set("phone", s.phone);
    o.set("reason", s.reason);
    o.set("source", s.source);
    o.set("campaign_id", s.campaignId.isNull() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(s.campaignId.value()));
    o.set("entry_id", s.entryId.isNull() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(s.entryId.value()));
    o.set("created_at", s.createdAt.substr(0, 19));
    o.set("created_by", s.createdBy);
    return o;
}

Poco::JSON::Object toJson(const SuppressionHistoryLine& h) {
    Poco::JSON::Object o;
    o.set("action", h.action);
    o.set("reason", h.reason);
    o.set("source", h.source);
    o.set("campaign_id", h.campaignId.isNull() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(h.campaignId.value()));
    o.set("changed_at", h.changedAt.substr(0, 19));
    o.set("changed_by", h.changedBy);
    return o;
}

std::size_t queryNumber(const helpdesk::RequestContext& ctx, const std::string& name, std::size_t fallback, std::size_t max) {
    auto v = web::queryValue(ctx, name);
    unsigned n = 0;
    if (!v || !Poco::NumberParser::tryParseUnsigned(*v, n)) return fallback;
    return std::min<std::size_t>(n, max);
}

std::string wabaFromQuery(const helpdesk::RequestContext& ctx, bool required) {
    std::string waba = web::queryValue(ctx, "waba_id").value_or("");
    if (waba.empty() && !required) return waba;
    if (!isWabaId(waba)) web::throwValidation({{"waba_id", "Elige la cuenta de WhatsApp Business (WABA) de la lista."}});
    return waba;
}

// waba_id, phone and reason of an add or remove request; 400 with every problem.
SuppressionChange changeFrom(const Poco::JSON::Object& body, bool reasonRequired) {
    std::vector<web::FieldProblem> problems;
    SuppressionChange c;
    c.wabaId = web::optString(body, "waba_id", problems).value_or("");
    const std::string phone = web::optString(body, "phone", problems).value_or("");
    c.reason = web::optString(body, "reason", problems).value_or("");
    if (!isWabaId(c.wabaId)) problems.push_back({"waba_id", "Elige la cuenta de WhatsApp Business (WABA) de la lista."});
    std::string error;
    if (auto e164 = validation::PhoneNormalizer().toE164(phone, &error))
        c.phone = *e164;
    else
        problems.push_back({"phone", error});
    if (reasonRequired && c.reason.find_first_not_of(" \t") == std::string::npos)
        problems.push_back({"reason", "Escribe el motivo."});
    if (c.reason.size() > kMaxReasonChars)
        problems.push_back({"reason", "El motivo admite hasta " + std::to_string(kMaxReasonChars) + " caracteres."});
    if (!problems.empty()) web::throwValidation(problems);
    return c;
}

} // namespace

SuppressionsApi::SuppressionsApi(SuppressionStore& store, Poco::Logger& log) : store_(store), log_(log) {}

void SuppressionsApi::registerRoutes(helpdesk::Router& router) {
    using helpdesk::Role;
    router.add({"GET", kBase, Role::Administrator, [this](auto& ctx) { list(ctx); }});
    router.add({"POST", kBase, Role::Administrator, [this](auto& ctx) { add(ctx); }});
    router.add({"GET", kBase + "/export.csv", Role::Administrator, [this](auto& ctx) { exportCsv(ctx); }});
    router.add({"POST", kBase + "/import", Role::Administrator, [this](auto& ctx) { importCsv(ctx); }});
    router.add({"DELETE", kBase + "/{waba_id}/{phone}", Role::Administrator, [this](auto& ctx) { remove(ctx); }});
    router.add({"GET", kBase + "/{waba_id}/{phone}/history", Role::Administrator, [this](auto& ctx) { history(ctx); }});
    router.add({"GET", kTemplatePayloads, Role::Administrator, [this](auto& ctx) { showOptOutPayloads(ctx); }});
    router.add({"PUT", kTemplatePayloads, Role::Administrator, [this](auto& ctx) { setOptOutPayloads(ctx); }});
}

void SuppressionsApi::list(helpdesk::RequestContext& ctx) {
    SuppressionQuery q;
    q.wabaId = wabaFromQuery(ctx, false);
    std::string search = web::queryValue(ctx, "q").value_or("");
    search.erase(std::remove_if(search.begin(), search.end(), [](unsigned char c) { return !std::isdigit(c); }), search.end());
    q.phoneContains = search;
    q.limit = std::max<std::size_t>(1, queryNumber(ctx, "limit", 50, 500));
    q.offset = queryNumber(ctx, "offset", 0, 100'000'000);
    Poco::JSON::Array items;
    for (const auto& s : store_.list(q)) items.add(toJson(s));
    Poco::JSON::Object body;
    body.set("items", items);
    body.set("total", store_.count(q));
    body.set("limit", q.limit);
    body.set("offset", q.offset);
    web::sendJson(ctx, body);
}

void SuppressionsApi::add(helpdesk::RequestContext& ctx) {
    SuppressionChange c = changeFrom(*web::readJsonObject(ctx), true);
    c.source = source::kManual;
    c.by = who(ctx);
    if (!store_.add(c))
        throw helpdesk::HttpError(409, web::codes::kAlreadySuppressed,
                                  "Ese número ya está en la lista de exclusión de esta cuenta.");
    log_.information("campaigns: WABA %s: number %s added to the suppression list by %s", c.wabaId, tail(c.phone), c.by);
    auto stored = store_.find(c.wabaId, c.phone);
    if (!stored)
        throw helpdesk::HttpError(500, web::codes::kSuppressionNotStored, "El número no quedó guardado; inténtalo de nuevo.");
    web::sendJson(ctx, toJson(*stored), 201);
}

void SuppressionsApi::remove(helpdesk::RequestContext& ctx) {
    auto body = web::readJsonObject(ctx);
    body->set("waba_id", ctx.pathParams["waba_id"]);
    body->set("phone", ctx.pathParams["phone"]);
    SuppressionChange c = changeFrom(*body, true);
    c.source = source::kManual;
    c.by = who(ctx);
    if (!store_.remove(c))
        throw helpdesk::HttpError(404, web::codes::kNotSuppressed, "Ese número no está en la lista de exclusión de esta cuenta.");
    log_.information("campaigns: WABA %s: number %s removed from the suppression list by %s", c.wabaId, tail(c.phone), c.by);
    Poco::JSON::Object answer;
    answer.set("removed", true);
    web::sendJson(ctx, answer);
}

void SuppressionsApi::history(helpdesk::RequestContext& ctx) {
    const std::string waba = ctx.pathParams["waba_id"], phone = ctx.pathParams["phone"];
    if (!isWabaId(waba)) throw helpdesk::HttpError(404, web::codes::kWabaNotFound, "No existe esa cuenta de WhatsApp Business.");
    Poco::JSON::Array items;
    for (const auto& h : store_.history(waba, phone, 200)) items.add(toJson(h));
    Poco::JSON::Object body;
    body.set("items", items);
    web::sendJson(ctx, body);
}

void SuppressionsApi::exportCsv(helpdesk::RequestContext& ctx) {
    SuppressionQuery q;
    q.wabaId = wabaFromQuery(ctx, false);
    q.limit = kMaxExportRows;
    const std::string body = suppressions::exportCsv(store_.list(q));
    auto& r = ctx.response;
    r.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    r.setContentType("text/csv; charset=utf-8");
    r.set("Content-Disposition",
          "attachment; filename=\"lista-de-exclusion" + (q.wabaId.empty() ? "" : "-" + q.wabaId) + ".csv\"");
    r.set("Cache-Control", "no-store");
    r.setContentLength(static_cast<std::streamsize>(body.size()));
    r.send() << body;
}

void SuppressionsApi::importCsv(helpdesk::RequestContext& ctx) {
    const std::string waba = wabaFromQuery(ctx, true);
    std::string defaultReason = web::queryValue(ctx, "reason").value_or("");
    if (defaultReason.empty()) defaultReason = "Importado";
    std::string text;
    try {
        // Bounded while streaming: a larger file is refused after at most kMaxImportBytes + 8 KiB.
        text = helpdesk::readRequestBody(ctx.request, kMaxImportBytes);
    } catch (const helpdesk::HttpError& e) {
        if (e.status != 413) throw;
        throw helpdesk::HttpError(413, web::codes::kFileTooLarge, "El archivo supera los 10 MB; divídelo en partes.");
    }
    auto rows = parseImportCsv(text, defaultReason.substr(0, kMaxReasonChars));
    Poco::JSON::Array bad;
    std::size_t badCount = 0;
    for (const auto& r : rows) {
        if (r.error.empty()) continue;
        ++badCount;
        if (bad.size() >= kMaxReportedRows) continue;
        Poco::JSON::Object o;
        o.set("line", r.line);
        o.set("field", "phone");
        o.set("message", r.error);
        bad.add(o);
    }
    if (rows.empty()) throw helpdesk::HttpError(422, web::codes::kEmptyFile, "El archivo no tiene números.");
    if (badCount > 0) {
        std::ostringstream details;
        bad.stringify(details);
        throw helpdesk::HttpError(422, web::codes::kInvalidRows,
                                  "No se importó nada: " + std::to_string(badCount) +
                                      (badCount == 1 ? " línea tiene" : " líneas tienen") +
                                      " un teléfono no válido. Corrígelas y vuelve a importar.",
                                  details.str());
    }
    const std::size_t added = store_.importAll(waba, rows, who(ctx));
    log_.information("campaigns: WABA %s: %z numbers imported to the suppression list by %s (%z new)", waba, rows.size(),
                     who(ctx), added);
    Poco::JSON::Object body;
    body.set("rows", rows.size());
    body.set("added", added);
    body.set("already_listed", rows.size() - added);
    web::sendJson(ctx, body);
}

void SuppressionsApi::showOptOutPayloads(helpdesk::RequestContext& ctx) {
    const long long id = web::pathId(ctx, "id", "la plantilla", web::codes::kTemplateNotFound);
    Poco::JSON::Array payloads;
    for (const auto& p : store_.optOutPayloads(id)) payloads.add(p);
    Poco::JSON::Object body;
    body.set("template_id", id);
    body.set("payloads", payloads);
    web::sendJson(ctx, body);
}

void SuppressionsApi::setOptOutPayloads(helpdesk::RequestContext& ctx) {
    const long long id = web::pathId(ctx, "id", "la plantilla", web::codes::kTemplateNotFound);
    auto body = web::readJsonObject(ctx);
    auto list = body->getArray("payloads");
    if (!list) web::throwValidation({{"payloads", "Envía payloads como una lista de textos."}});
    std::vector<std::string> payloads;
    std::vector<web::FieldProblem> problems;
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto v = list->get(static_cast<unsigned>(i));
        if (!v.isString() || v.toString().empty() || v.toString().size() > kMaxPayloadChars) {
            problems.push_back({"payloads", "El elemento " + std::to_string(i + 1) + " debe ser un texto de 1 a " +
                                                std::to_string(kMaxPayloadChars) + " caracteres."});
            continue;
        }
        payloads.push_back(v.toString());
    }
    if (!problems.empty()) web::throwValidation(problems);
    if (!store_.setOptOutPayloads(id, payloads))
        throw helpdesk::HttpError(404, web::codes::kTemplateNotFound, "No existe la plantilla " + std::to_string(id) + ".");
    log_.information("campaigns: template %s: %z opt-out button payloads set by %s", std::to_string(id), payloads.size(),
                     who(ctx));
    showOptOutPayloads(ctx);
}

} // namespace campaigns::suppressions
