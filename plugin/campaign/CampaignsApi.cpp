// POST/GET campaigns, GET/PATCH campaigns/{id}, GET campaigns/{id}/errors (an invalid
// campaign's rows with their errors, as CSV or xlsx).
#include "campaign/CampaignsApi.h"

#include "campaign/CampaignJson.h"
#include "campaign/CreationModule.h"
#include "campaign/ValidationPlan.h"
#include "web/ApiRequest.h"
#include "web/ErrorCodes.h"
#include "web/JsonHttp.h"

#include <helpdesk/RequestBody.h>

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>

#include <xlsxwriter.h>

#include <sstream>

namespace campaigns::campaign {

namespace {

constexpr const char* kBase = "/campaigns/api/v1/campaigns";

std::string jsonText(const Poco::JSON::Object& o) {
    std::ostringstream out;
    o.stringify(out);
    return out.str();
}

long long campaignId(helpdesk::RequestContext& ctx) {
    Poco::Int64 id = 0;
    if (!Poco::NumberParser::tryParse64(ctx.pathParams["id"], id) || id <= 0)
        throw helpdesk::HttpError(404, web::codes::kCampaignNotFound, "La campaña no existe.");
    return id;
}

std::optional<long long> optId(const Poco::JSON::Object& o, const char* key) {
    if (!o.has(key) || o.isNull(key)) return std::nullopt;
    std::string text = o.get(key).convert<std::string>();
    if (text.empty()) return std::nullopt;
    Poco::Int64 id = 0;
    if (!Poco::NumberParser::tryParse64(text, id))
        throw helpdesk::HttpError(400, web::codes::kValidationFailed, std::string("El campo ") + key + " no es válido.");
    return id;
}

CreationRequest toRequest(const Poco::JSON::Object& o, const helpdesk::RequestContext& ctx) {
    CreationRequest r;
    auto get = [&](const char* k) { return o.has(k) && !o.isNull(k) ? o.get(k) : Poco::Dynamic::Var(); };
    try {
        if (auto v = get("name"); !v.isEmpty()) r.name = v.convert<std::string>();
        r.departmentId = optId(o, "department_id");
        r.accountId = optId(o, "account_id").value_or(0);
        r.templateId = optId(o, "template_id").value_or(0);
        r.uploadId = optId(o, "upload_id").value_or(0);
        r.mediaFileId = optId(o, "media_file_id");
        if (auto v = get("allow_duplicates"); !v.isEmpty()) r.allowDuplicates = v.convert<bool>();
        if (auto v = get("expects_response"); !v.isEmpty()) r.expectsResponse = v.convert<bool>();
        if (auto v = get("include_suppressed_for_utility"); !v.isEmpty()) r.includeSuppressedForUtility = v.convert<bool>();
        if (auto v = get("frequency_cap_action"); !v.isEmpty()) {
            const auto action = capActionFromCode(v.convert<std::string>());
            if (!action)
                throw helpdesk::HttpError(400, web::codes::kValidationFailed,
                                          "frequency_cap_action debe ser «hold» (esperar a que se libere la ventana) o «skip» "
                                          "(no enviar).",
                                          R"([{"field":"frequency_cap_action","message":"Elige «hold» o «skip»."}])");
            r.frequencyCapAction = *action;
        }
        if (auto v = get("wait_hours"); !v.isEmpty()) r.waitHours = v.convert<int>();
        if (auto v = get("consent"); !v.isEmpty()) r.consent = v.convert<bool>();
        if (o.has("links") && !o.isNull("links")) {
            auto links = o.getObject("links");
            if (!links)
                throw helpdesk::HttpError(400, web::codes::kValidationFailed, "links debe ser un objeto {columna: metadato}.");
            for (const auto& [key, v] : *links) {
                validation::LinkOverride l;
                l.column = Poco::NumberParser::parseUnsigned(key);
                if (!v.isEmpty()) l.metadataId = v.convert<Poco::Int64>();
                r.links.push_back(l);
            }
        }
    } catch (const Poco::Exception& e) {
        throw helpdesk::HttpError(400, web::codes::kValidationFailed,
                                  "La solicitud tiene un dato con un tipo no válido: " + e.message());
    }
    if (ctx.user) {
        r.userId = ctx.user->id;
        r.userName = ctx.user->displayName.empty() ? ctx.user->login : ctx.user->displayName;
    }
    return r;
}

// The rows of an invalid campaign's errors file: one per stored issue.
struct ErrorsTable {
    std::vector<std::string> header{"fila", "columna", "encabezado", "codigo", "error"};
    Poco::JSON::Array::Ptr issues;

    std::size_t size() const { return issues->size(); }
    std::vector<std::string> row(std::size_t i) const {
        auto o = issues->getObject(static_cast<unsigned>(i));
        return {o->get("row").convert<std::string>(), o->getValue<std::string>("column"), o->getValue<std::string>("header"),
                o->getValue<std::string>("code"), o->getValue<std::string>("message")};
    }
};

void sendErrorsXlsx(Poco::Net::HTTPServerResponse& r, const ErrorsTable& t, const std::string& base) {
    Poco::TemporaryFile tmp;
    lxw_workbook* wb = workbook_new(tmp.path().c_str());
    if (!wb) throw std::runtime_error("errors download: cannot create workbook");
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Errores");
    for (std::size_t col = 0; col < t.header.size(); ++col)
        worksheet_write_string(ws, 0, static_cast<lxw_col_t>(col), t.header[col].c_str(), nullptr);
    for (std::size_t i = 0; i < t.size(); ++i) {
        auto cells = t.row(i);
        for (std::size_t col = 0; col < cells.size(); ++col)
            worksheet_write_string(ws, static_cast<lxw_row_t>(i + 1), static_cast<lxw_col_t>(col),
                                   neutralizeCell(cells[col]).c_str(), nullptr);
    }
    if (workbook_close(wb) != LXW_NO_ERROR) throw std::runtime_error("errors download: cannot write workbook");
    r.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    r.set("Content-Disposition", "attachment; filename=\"" + base + ".xlsx\"");
    r.setContentLength(static_cast<std::streamsize>(Poco::File(tmp.path()).getSize()));
    Poco::FileInputStream in(tmp.path());
    Poco::StreamCopier::copyStream(in, r.send());
}

std::string csvCell(const std::string& v) {
    std::string t = neutralizeCell(v), out = "\"";
    for (char ch : t) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + "\"";
}

void sendErrorsCsv(Poco::Net::HTTPServerResponse& r, const ErrorsTable& t, const std::string& base) {
    std::ostringstream out;
    out << "\xEF\xBB\xBF";
    for (std::size_t col = 0; col < t.header.size(); ++col) out << (col ? "," : "") << t.header[col];
    out << "\r\n";
    for (std::size_t i = 0; i < t.size(); ++i) {
        auto cells = t.row(i);
        for (std::size_t col = 0; col < cells.size(); ++col) out << (col ? "," : "") << csvCell(cells[col]);
        out << "\r\n";
    }
    std::string body = out.str();
    r.setContentType("text/csv; charset=utf-8");
    r.set("Content-Disposition", "attachment; filename=\"" + base + ".csv\"");
    r.setContentLength(static_cast<std::streamsize>(body.size()));
    r.send() << body;
}

void sendErrorsFile(helpdesk::RequestContext& ctx, const CampaignRecord& c, const std::string& format) {
    ErrorsTable table;
    table.issues = Poco::JSON::Parser().parse(c.errorsJson.empty() ? "[]" : c.errorsJson).extract<Poco::JSON::Array::Ptr>();
    const std::string base = "errores_campana_" + std::to_string(c.id);
    ctx.response.set("Cache-Control", "no-store");
    if (format == "xlsx")
        sendErrorsXlsx(ctx.response, table, base);
    else
        sendErrorsCsv(ctx.response, table, base);
}

CampaignFilter filterFrom(helpdesk::RequestContext& ctx) {
    Poco::Net::HTMLForm query(ctx.request);
    CampaignFilter f;
    if (auto v = query.get("state", ""); !v.empty()) f.state = v;
    Poco::Int64 n = 0;
    if (Poco::NumberParser::tryParse64(query.get("account", ""), n)) f.accountId = n;
    std::string department = query.get("department", "");
    if (department == "none")
        f.withoutDepartment = true;
    else if (Poco::NumberParser::tryParse64(department, n))
        f.departmentId = n;
    f.text = query.get("q", "");
    int page = 1, size = 25;
    if (Poco::NumberParser::tryParse(query.get("page", "1"), page)) f.page = page;
    if (Poco::NumberParser::tryParse(query.get("page_size", "25"), size)) f.pageSize = size;
    return f;
}

} // namespace

void answerCreateCampaign(helpdesk::RequestContext& ctx, CampaignCreation& creation, CampaignStore& store,
                          helpdesk::Directory& directory, web::IdempotentRequests& idempotency, const Words& words) {
    const std::string body = helpdesk::readRequestBody(ctx.request, kMaxJsonBody);
    idempotency.answer(ctx, body, [&] {
        auto request = toRequest(*web::parseJsonObject(body, web::EmptyBody::EmptyObject), ctx);
        CreationResult result;
        try {
            result = creation.create(request);
        } catch (const CreationRefused& e) {
            throwRefused(e);
        }
        auto c = store.get(result.campaignId);
        return web::JsonAnswer{201, jsonText(campaignJson(*c, departmentNames(directory), words))};
    });
}

CampaignsApi::CampaignsApi(CreationModule& module) : m_(module) {}

Words CampaignsApi::wordsFor(const helpdesk::RequestContext& ctx) {
    return [&text = m_.text(), locale = ctx.locale](const std::string& key) { return text.text(locale, key); };
}

Words CampaignsApi::spanishWords() {
    return [&text = m_.text()](const std::string& key) { return text.text("es", key); };
}

void CampaignsApi::registerRoutes(helpdesk::Router& router) {
    using helpdesk::Role;
    const std::string base = kBase;
    router.add({"POST", base, Role::Administrator, [this](auto& ctx) { create(ctx); }});
    router.add({"GET", base, Role::Administrator, [this](auto& ctx) { list(ctx); }});
    router.add({"GET", base + "/{id}", Role::Administrator, [this](auto& ctx) { show(ctx); }});
    router.add({"PATCH", base + "/{id}", Role::Administrator, [this](auto& ctx) { rename(ctx); }});
    router.add({"GET", base + "/{id}/errors", Role::Administrator, [this](auto& ctx) { errorsFile(ctx); }});
}

void CampaignsApi::create(helpdesk::RequestContext& ctx) {
    answerCreateCampaign(ctx, m_.creation(), m_.store(), m_.host().directory(), m_.idempotency(), wordsFor(ctx));
}

void CampaignsApi::list(helpdesk::RequestContext& ctx) {
    const CampaignFilter f = filterFrom(ctx);
    auto result = m_.store().list(f);
    auto names = departmentNames(m_.host().directory());
    Poco::JSON::Array items;
    const Words words = wordsFor(ctx);
    for (const auto& c : result.items) items.add(campaignJson(c, names, words));
    Poco::JSON::Object body;
    body.set("items", items);
    body.set("total", result.total);
    body.set("page", std::max(f.page, 1));
    body.set("page_size", std::clamp(f.pageSize, 1, 200));
    web::sendJson(ctx, body);
}

CampaignRecord CampaignsApi::campaignOrThrow(helpdesk::RequestContext& ctx) {
    auto c = m_.store().get(campaignId(ctx));
    if (!c) throw helpdesk::HttpError(404, web::codes::kCampaignNotFound, "La campaña no existe.");
    return *c;
}

void CampaignsApi::show(helpdesk::RequestContext& ctx) {
    const CampaignRecord c = campaignOrThrow(ctx);
    auto body = campaignJson(c, departmentNames(m_.host().directory()), wordsFor(ctx));
    body.set("errors", Poco::JSON::Parser().parse(c.errorsJson.empty() ? "[]" : c.errorsJson));
    body.set("excluded", Poco::JSON::Parser().parse(c.excludedJson.empty() ? "[]" : c.excludedJson));
    web::sendJson(ctx, body);
}

void CampaignsApi::rename(helpdesk::RequestContext& ctx) {
    const long long id = campaignId(ctx);
    auto body = web::readOptionalJsonObject(ctx, kMaxJsonBody);
    std::string name = body->has("name") && !body->isNull("name") ? body->get("name").convert<std::string>() : "";
    std::string_view trimmed = validation::trimCell(name);
    if (trimmed.empty() || validation::utf8Length(trimmed) > 200)
        throw helpdesk::HttpError(400, web::codes::kValidationFailed,
                                  "El nombre de la campaña es obligatorio y admite hasta 200 caracteres.",
                                  R"([{"field":"name","message":"El nombre es obligatorio y admite hasta 200 caracteres."}])");
    CampaignState state{};
    switch (m_.store().rename(id, std::string(trimmed), &state)) {
        case CampaignStore::Rename::NotFound:
            throw helpdesk::HttpError(404, web::codes::kCampaignNotFound, "La campaña no existe.");
        case CampaignStore::Rename::NotAllowed:
            throw helpdesk::HttpError(
                409, web::codes::kRenameNotAllowed,
                "Solo se puede renombrar una campaña Cargada o Completada; esta está " + stateLabel(state, spanishWords()) + ".");
        case CampaignStore::Rename::Done:
            break;
    }
    web::sendJson(ctx, campaignJson(*m_.store().get(id), departmentNames(m_.host().directory()), wordsFor(ctx)));
}

void CampaignsApi::errorsFile(helpdesk::RequestContext& ctx) {
    const CampaignRecord c = campaignOrThrow(ctx);
    if (downloadOf(c.state) != Download::Errors)
        throw helpdesk::HttpError(409, web::codes::kNoErrorFile, "Solo las campañas Inválidas tienen un archivo de errores.");
    Poco::Net::HTMLForm query(ctx.request);
    std::string format = query.get("format", "csv");
    if (format != "csv" && format != "xlsx")
        throw helpdesk::HttpError(400, web::codes::kInvalidParameter, "El formato debe ser csv o xlsx.");
    sendErrorsFile(ctx, c, format);
}

} // namespace campaigns::campaign
