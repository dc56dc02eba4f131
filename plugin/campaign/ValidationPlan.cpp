#include "campaign/ValidationPlan.h"

#include "campaign/CreationErrors.h"
#include "web/ErrorCodes.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace campaigns::campaign {

ValidationPlan makeValidationPlan(Poco::Data::Session& session, helpdesk::Directory& directory, long long templateId,
                                  std::optional<long long> departmentId, bool allowDuplicates,
                                  std::vector<validation::LinkOverride> links) {
    if (departmentId && !directory.department(*departmentId)) {
        throw CreationRefused(422, web::codes::kDepartmentNotFound, "El departamento elegido no existe.",
                              {{"department_id", "El departamento elegido no existe."}});
    }
    auto tmpl = findCampaignTemplate(session, templateId);
    if (!tmpl) {
        throw CreationRefused(422, web::codes::kTemplateNotFound, "La plantilla elegida no existe.",
                              {{"template_id", "La plantilla elegida no existe."}});
    }
    if (!tmpl->model.approved()) {
        std::string m = "La plantilla «" + tmpl->model.name + "» no está aprobada (estado " + tmpl->status +
                        "); solo se pueden enviar plantillas aprobadas.";
        throw CreationRefused(422, web::codes::kTemplateNotApproved, m, {{"template_id", m}});
    }
    if (!tmpl->availableTo(departmentId)) {
        std::string m = "La plantilla «" + tmpl->model.name + "» no está asignada al departamento elegido.";
        throw CreationRefused(422, web::codes::kTemplateNotAvailable, m, {{"template_id", m}});
    }
    ValidationPlan plan;
    plan.tmpl = std::move(*tmpl);
    auto columns = uploadColumnsOf(plan.tmpl.model);
    plan.linker = std::make_shared<validation::MetadataLinker>(directory.metadata(), departmentId);
    plan.options.parameterColumns = std::move(columns.names);
    plan.options.parameterRules = std::move(columns.rules);
    plan.options.allowDuplicatePhones = allowDuplicates;
    plan.options.linker = plan.linker.get();
    plan.options.linkOverrides = std::move(links);
    return plan;
}

std::string linksToJson(const std::vector<validation::LinkOverride>& links) {
    Poco::JSON::Array a;
    for (const auto& l : links) {
        Poco::JSON::Object o;
        o.set("column", static_cast<Poco::UInt64>(l.column));
        if (l.metadataId)
            o.set("metadata_id", *l.metadataId);
        else
            o.set("metadata_id", Poco::Dynamic::Var());
        a.add(o);
    }
    std::ostringstream out;
    a.stringify(out);
    return out.str();
}

std::vector<validation::LinkOverride> linksFromJson(const std::string& json) {
    std::vector<validation::LinkOverride> out;
    if (json.empty()) return out;
    auto parsed = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < parsed->size(); ++i) {
        auto o = parsed->getObject(static_cast<unsigned>(i));
        validation::LinkOverride l;
        l.column = o->getValue<std::size_t>("column");
        if (o->has("metadata_id") && !o->isNull("metadata_id")) l.metadataId = o->getValue<Poco::Int64>("metadata_id");
        out.push_back(l);
    }
    return out;
}

std::string issuesToJson(const std::vector<validation::UploadIssue>& issues, std::size_t max) {
    Poco::JSON::Array a;
    for (std::size_t i = 0; i < issues.size() && i < max; ++i) {
        const auto& is = issues[i];
        Poco::JSON::Object o;
        o.set("row", static_cast<Poco::UInt64>(is.row));
        o.set("column", is.columnLetter);
        o.set("column_index", static_cast<Poco::UInt64>(is.column));
        o.set("header", is.header);
        o.set("code", std::string(validation::errorCodeName(is.code)));
        o.set("message", is.message);
        a.add(o);
    }
    std::ostringstream out;
    a.stringify(out);
    return out.str();
}

} // namespace campaigns::campaign
