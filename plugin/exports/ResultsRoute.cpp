#include "exports/ResultsRoute.h"

#include "campaign/CampaignState.h"
#include "cloudapi/TemplateModel.h"
#include "exports/ResultsExport.h"
#include "web/ErrorCodes.h"

#include <Poco/Data/Session.h>
#include <Poco/File.h>
#include <Poco/NumberParser.h>
#include <Poco/TemporaryFile.h>
#include <Poco/URI.h>

#include <optional>

using namespace Poco::Data::Keywords;

namespace campaigns::exports {
namespace {

long long campaignIdFrom(const helpdesk::RequestContext& ctx) {
    const auto it = ctx.pathParams.find("id");
    Poco::Int64 id = 0;
    if (it == ctx.pathParams.end() || !Poco::NumberParser::tryParse64(it->second, id) || id <= 0)
        throw helpdesk::HttpError(404, web::codes::kCampaignNotFound, "La campaña no existe.");
    return id;
}

std::string formatFrom(const helpdesk::RequestContext& ctx) {
    std::string format = "csv";
    for (const auto& [name, value] : Poco::URI(ctx.request.getURI()).getQueryParameters())
        if (name == "format") format = value;
    if (format != "csv" && format != "xlsx")
        throw helpdesk::HttpError(400, web::codes::kInvalidParameter, "El formato de descarga debe ser csv o xlsx.",
                                  R"([{"field":"format","allowed":["csv","xlsx"]}])");
    return format;
}

// "Completada, Finalizada con errores o Error": the states whose results can be downloaded.
std::string resultsStatesText(const campaign::Words& spanish) {
    std::vector<std::string> labels;
    for (auto s : campaign::allCampaignStates())
        if (campaign::downloadOf(s) == campaign::Download::Results) labels.emplace_back(campaign::stateLabel(s, spanish));
    std::string text;
    for (std::size_t i = 0; i < labels.size(); ++i) text += (i == 0 ? "" : i + 1 == labels.size() ? " o " : ", ") + labels[i];
    return text;
}

void attachmentHeaders(helpdesk::RequestContext& ctx, const std::string& contentType, const std::string& fileName) {
    auto& r = ctx.response;
    r.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    r.setContentType(contentType);
    r.set("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    r.set("Cache-Control", "no-store");
    r.set("X-Content-Type-Options", "nosniff");
}

} // namespace

ResultsRoute::ResultsRoute(helpdesk::Database& db, std::string tempDir, campaign::Words spanish, Poco::Logger& log)
    : db_(db), tempDir_(std::move(tempDir)), spanish_(std::move(spanish)), log_(log) {}

void ResultsRoute::registerRoutes(helpdesk::Router& router) {
    router.add({"GET", "/campaigns/api/v1/campaigns/{id}/results", helpdesk::Role::Administrator,
                [this](helpdesk::RequestContext& ctx) { handle(ctx); }});
}

std::vector<std::string> ResultsRoute::parameterColumns(long long campaignId, long long templateId) {
    auto session = db_.session();
    Poco::Int64 cid = campaignId, tid = templateId;
    std::vector<std::string> firstParams;
    session << "SELECT params_json FROM campaigns_entries WHERE campaign_id = ? ORDER BY id LIMIT 1", use(cid), into(firstParams),
        now;
    std::vector<std::string> components;
    session << "SELECT components_json FROM campaigns_templates WHERE id = ?", use(tid), into(components), now;

    std::optional<std::vector<std::string>> named;
    if (!components.empty()) {
        try {
            std::vector<std::string> columns;
            for (const auto& p : cloudapi::requiredParameters(cloudapi::parseTemplate(components.front())))
                if (p.fromUploadFile()) columns.push_back(p.column);
            named = std::move(columns);
        } catch (const cloudapi::TemplateParseError& e) {
            // The stored listing no longer parses; the values are still exported under plain names.
            log_.warning("campaigns: results of campaign " + std::to_string(campaignId) + " use parametro_N headers: template " +
                         std::to_string(templateId) + ": " + e.what());
        }
    }
    if (firstParams.empty()) return named ? *named : std::vector<std::string>{};
    const std::size_t count = parseParams(firstParams.front()).size();
    if (named && named->size() == count) return *named;
    return genericParameterColumns(count);
}

void ResultsRoute::handle(helpdesk::RequestContext& ctx) {
    const long long id = campaignIdFrom(ctx);
    const std::string format = formatFrom(ctx);

    std::vector<std::string> states;
    std::vector<Poco::Int64> templateIds;
    {
        auto session = db_.session();
        Poco::Int64 cid = id;
        session << "SELECT state, template_id FROM campaigns_campaigns WHERE id = ?", use(cid), into(states), into(templateIds),
            now;
    }
    if (states.empty()) throw helpdesk::HttpError(404, web::codes::kCampaignNotFound, "La campaña no existe.");
    const auto state = campaign::campaignStateFromCode(states.front());
    if (!state || campaign::downloadOf(*state) != campaign::Download::Results) {
        const std::string label = state ? campaign::stateLabel(*state, spanish_) : states.front();
        throw helpdesk::HttpError(409, web::codes::kResultsNotAvailable,
                                  "Los resultados se pueden descargar cuando la campaña terminó de enviarse (" +
                                      resultsStatesText(spanish_) + "); esta campaña está " + label + ".",
                                  R"([{"state":")" + std::string(state ? code(*state) : "desconocido") + R"("}])");
    }
    const auto columns = parameterColumns(id, templateIds.front());
    ResultsPager pager(db_, id);

    if (format == "csv") {
        attachmentHeaders(ctx, "text/csv; charset=utf-8", resultsFileName(id, "csv"));
        ctx.response.setChunkedTransferEncoding(true);
        writeResultsCsv(pager, columns, ctx.response.send());
        return;
    }
    // xlsx cannot be streamed while written (the zip directory comes last): build it, then send.
    Poco::File(tempDir_).createDirectories();
    Poco::TemporaryFile file(tempDir_); // removed when the request ends, sent or not
    const std::string path = file.path();
    writeResultsXlsx(pager, columns, path, tempDir_);
    attachmentHeaders(ctx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", resultsFileName(id, "xlsx"));
    ctx.response.sendFile(path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

} // namespace campaigns::exports
