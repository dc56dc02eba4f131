#include "templates/TemplatesApi.h"

#include "templates/TemplateJson.h"
#include "web/ApiRequest.h"
#include "web/ErrorCodes.h"
#include "web/JsonHttp.h"

#include <Poco/JSON/Array.h>
#include <Poco/URI.h>

#include <set>
#include <sstream>

namespace campaigns::templates {

namespace {

const std::string kBase = "/campaigns/api/v1/templates";

std::optional<long long> positiveId(const std::string& text) {
    std::size_t used = 0;
    long long id = 0;
    try {
        id = std::stoll(text, &used);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (used != text.size() || id <= 0) return std::nullopt;
    return id;
}

[[noreturn]] void badParameter(const std::string& name, const std::string& message) {
    web::throwValidation({{name, message}}, "El filtro de plantillas no es válido.");
}

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return s;
}

} // namespace

TemplatesApi::TemplatesApi(TemplateStore& store, TemplateSync& sync, helpdesk::Directory& directory)
    : store_(store), sync_(sync), directory_(directory) {}

void TemplatesApi::registerRoutes(helpdesk::Router& router) {
    using helpdesk::Role;
    router.add({"POST", "/campaigns/api/v1/accounts/{id}/templates/sync", Role::Administrator, [this](auto& ctx) { sync(ctx); }});
    router.add({"GET", kBase, Role::Administrator, [this](auto& ctx) { list(ctx); }});
    router.add({"GET", kBase + "/{id}", Role::Administrator, [this](auto& ctx) { show(ctx); }});
    router.add({"PUT", kBase + "/{id}/departments", Role::Administrator, [this](auto& ctx) { setDepartments(ctx); }});
    router.add({"GET", kBase + "/{id}/format", Role::Administrator, [this](auto& ctx) { format(ctx); }});
}

TemplateFilter TemplatesApi::filterFrom(const std::map<std::string, std::string>& query) {
    TemplateFilter f;
    if (auto it = query.find("account"); it != query.end() && !it->second.empty()) {
        f.accountId = positiveId(it->second);
        if (!f.accountId) badParameter("account", "La cuenta debe ser un número de cuenta de origen.");
    }
    if (auto it = query.find("department"); it != query.end() && !it->second.empty() && it->second != "none") {
        f.departmentId = positiveId(it->second);
        if (!f.departmentId)
            badParameter("department", "El departamento debe ser un número de departamento o \"none\" (Sin departamento).");
    }
    if (auto it = query.find("status"); it != query.end() && !it->second.empty()) f.status = upper(it->second);
    if (auto it = query.find("approved_only"); it != query.end()) {
        if (it->second == "1" || it->second == "true")
            f.approvedOnly = true;
        else if (!(it->second == "0" || it->second == "false" || it->second.empty()))
            badParameter("approved_only", "Usa approved_only=1 para ver solo plantillas aprobadas.");
    }
    return f;
}

void TemplatesApi::sync(helpdesk::RequestContext& ctx) {
    const long long id = web::pathId(ctx, "id", "la cuenta de origen", web::codes::kAccountNotFound);
    try {
        web::sendJson(ctx, syncReportJson(sync_.syncAccount(id)));
    } catch (const std::out_of_range& e) {
        throw helpdesk::HttpError(404, web::codes::kAccountNotFound, e.what());
    } catch (const std::invalid_argument& e) {
        throw helpdesk::HttpError(409, web::codes::kNeedsCredentials, e.what()); // the account's secrets cannot be opened
    } catch (const cloudapi::CloudApiError& e) {
        throw helpdesk::HttpError(502, web::codes::kSyncFailed,
                                  "No se pudieron sincronizar las plantillas: " + e.outcome().reason());
    }
}

void TemplatesApi::list(helpdesk::RequestContext& ctx) {
    std::map<std::string, std::string> query;
    for (const auto& [k, v] : Poco::URI(ctx.request.getURI()).getQueryParameters()) query.emplace(k, v);
    const TemplateFilter filter = filterFrom(query);
    if (filter.departmentId && !directory_.department(*filter.departmentId))
        badParameter("department", "No existe el departamento " + std::to_string(*filter.departmentId) + ".");
    Poco::JSON::Array items;
    for (const auto& t : store_.list(filter)) items.add(templateJson(t));
    Poco::JSON::Object body;
    body.set("items", items);
    web::sendJson(ctx, body);
}

StoredTemplate TemplatesApi::templateOrThrow(helpdesk::RequestContext& ctx) {
    const long long id = web::pathId(ctx, "id", "la plantilla", web::codes::kTemplateNotFound);
    auto t = store_.get(id);
    if (!t) throw helpdesk::HttpError(404, web::codes::kTemplateNotFound, "No existe la plantilla " + std::to_string(id) + ".");
    return *t;
}

void TemplatesApi::show(helpdesk::RequestContext& ctx) { web::sendJson(ctx, templateJson(templateOrThrow(ctx))); }

void TemplatesApi::setDepartments(helpdesk::RequestContext& ctx) {
    const long long id = web::pathId(ctx, "id", "la plantilla", web::codes::kTemplateNotFound);
    auto body = web::readJsonObject(ctx);
    auto ids = body->getArray("department_ids");
    if (!ids) web::throwValidation({{"department_ids", "Envía department_ids como una lista de números."}});
    std::set<long long> known;
    for (const auto& d : directory_.departments()) known.insert(d.id);
    std::vector<long long> chosen;
    std::vector<web::FieldProblem> problems;
    for (std::size_t i = 0; i < ids->size(); ++i) {
        auto v = ids->get(static_cast<unsigned>(i));
        if (!v.isInteger()) {
            problems.push_back({"department_ids", "El elemento " + std::to_string(i + 1) + " no es un número."});
            continue;
        }
        const auto d = v.convert<long long>();
        if (!known.count(d))
            problems.push_back({"department_ids", "No existe el departamento " + std::to_string(d) + "."});
        else
            chosen.push_back(d);
    }
    if (!problems.empty()) web::throwValidation(problems, "Los departamentos no se guardaron.");
    if (!store_.setDepartments(id, chosen))
        throw helpdesk::HttpError(404, web::codes::kTemplateNotFound, "No existe la plantilla " + std::to_string(id) + ".");
    web::sendJson(ctx, templateJson(*store_.get(id)));
}

void TemplatesApi::format(helpdesk::RequestContext& ctx) {
    const StoredTemplate t = templateOrThrow(ctx);
    const std::string type = web::queryValue(ctx, "type").value_or("xlsx");
    if (type != "xlsx" && type != "csv")
        web::throwValidation({{"type", "El formato se descarga como xlsx o csv."}}, "Tipo de archivo no válido.");
    const auto format = formatOf(t.model());
    std::ostringstream out;
    if (type == "xlsx")
        exports::writeFormatXlsx(format, out);
    else
        exports::writeFormatCsv(format, out);
    const std::string bytes = out.str();
    auto& r = ctx.response;
    r.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    r.setContentType(type == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                    : "text/csv; charset=utf-8");
    r.set("Content-Disposition", "attachment; filename=\"" + exports::formatFileName(format, type) + "\"");
    r.set("Cache-Control", "no-store");
    r.setContentLength(static_cast<std::streamsize>(bytes.size()));
    r.send() << bytes;
}

} // namespace campaigns::templates
