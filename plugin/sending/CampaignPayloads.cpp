#include "sending/CampaignPayloads.h"

#include "storage/RowMapping.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

using namespace Poco::Data::Keywords;

namespace campaigns::sending {
namespace {
// A template's columns (kSelectTemplate).
struct TemplateRow {
    std::string metaId, name, language, status, category, parameterFormat, componentsJson;
};
// What a campaign sends (kSelectCampaignContent).
struct CampaignContentRow {
    Poco::Int64 templateId = 0;
    std::string headerMediaId, headerMediaLink;
};
} // namespace
} // namespace campaigns::sending

template <>
class Poco::Data::TypeHandler<campaigns::sending::TemplateRow>
    : public campaigns::storage::RowHandler<campaigns::sending::TemplateRow, &campaigns::sending::TemplateRow::metaId,
                                            &campaigns::sending::TemplateRow::name, &campaigns::sending::TemplateRow::language,
                                            &campaigns::sending::TemplateRow::status, &campaigns::sending::TemplateRow::category,
                                            &campaigns::sending::TemplateRow::parameterFormat,
                                            &campaigns::sending::TemplateRow::componentsJson> {};
template <>
class Poco::Data::TypeHandler<campaigns::sending::CampaignContentRow>
    : public campaigns::storage::RowHandler<
          campaigns::sending::CampaignContentRow, &campaigns::sending::CampaignContentRow::templateId,
          &campaigns::sending::CampaignContentRow::headerMediaId, &campaigns::sending::CampaignContentRow::headerMediaLink> {};

namespace campaigns::sending {
namespace {
const char* const kSelectTemplate =
    "SELECT meta_id, name, language, status, category, parameter_format, components_json FROM campaigns_templates"
    " WHERE id = ?";
const char* const kSelectCampaignContent =
    "SELECT template_id, header_media_id, header_media_link FROM campaigns_campaigns WHERE id = ?";
} // namespace

std::optional<cloudapi::Template> loadTemplate(helpdesk::Database& db, long long templateId) {
    std::vector<TemplateRow> rows;
    auto s = db.session();
    Poco::Int64 id = templateId;
    s << kSelectTemplate, use(id), into(rows), now;
    if (rows.empty()) return std::nullopt;
    const auto& r = rows[0];
    Poco::JSON::Parser parser;
    auto parsed = parser.parse(r.componentsJson);
    Poco::JSON::Object::Ptr obj;
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) {
        obj = parsed.extract<Poco::JSON::Object::Ptr>();
    } else {
        obj = new Poco::JSON::Object;
        obj->set("components", parsed.extract<Poco::JSON::Array::Ptr>());
    }
    // The columns are the current truth (status changes arrive by webhook after the sync).
    obj->set("id", r.metaId.empty() ? std::to_string(templateId) : r.metaId);
    obj->set("name", r.name);
    obj->set("language", r.language);
    obj->set("status", r.status);
    obj->set("category", r.category);
    obj->set("parameter_format", r.parameterFormat);
    return cloudapi::parseTemplate(*obj);
}

std::shared_ptr<cloudapi::PayloadBuilder> loadPayloadBuilder(helpdesk::Database& db, long long campaignId, std::string& whyNot) {
    std::vector<CampaignContentRow> rows;
    {
        auto s = db.session();
        Poco::Int64 id = campaignId;
        s << kSelectCampaignContent, use(id), into(rows), now;
    }
    if (rows.empty()) {
        whyNot = "La campaña ya no existe.";
        return nullptr;
    }
    auto tmpl = loadTemplate(db, rows[0].templateId);
    if (!tmpl) {
        whyNot = "La plantilla de la campaña ya no existe en la cuenta; sincroniza las plantillas.";
        return nullptr;
    }
    if (tmpl->status != "APPROVED") {
        whyNot = "La plantilla «" + tmpl->name + "» está en estado " + tmpl->status +
                 " y WhatsApp no permite enviarla; la campaña queda en pausa hasta que vuelva a estar aprobada.";
        return nullptr;
    }
    cloudapi::HeaderContent header;
    if (!rows[0].headerMediaId.empty())
        header = cloudapi::HeaderContent::mediaId(rows[0].headerMediaId);
    else if (!rows[0].headerMediaLink.empty())
        header = cloudapi::HeaderContent::link(rows[0].headerMediaLink);
    try {
        return std::make_shared<cloudapi::PayloadBuilder>(*tmpl, header);
    } catch (const std::exception& e) {
        whyNot = e.what();
        return nullptr;
    }
}

std::string payloadForRow(helpdesk::Database& db, long long campaignId, const std::string& phone, const std::string& paramsJson) {
    std::string whyNot;
    const auto builder = loadPayloadBuilder(db, campaignId, whyNot);
    if (!builder) throw std::runtime_error(whyNot);
    return builder->build(phone, rowValues(*builder, paramsJson), "");
}

} // namespace campaigns::sending
