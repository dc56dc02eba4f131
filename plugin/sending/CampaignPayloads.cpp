#include "sending/CampaignPayloads.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Tuple.h>

using namespace Poco::Data::Keywords;

namespace campaigns::sending {

std::optional<cloudapi::Template> loadTemplate(helpdesk::Database& db, long long templateId) {
    using Row = Poco::Tuple<std::string, std::string, std::string, std::string, std::string, std::string, std::string>;
    std::vector<Row> rows;
    auto s = db.session();
    Poco::Int64 id = templateId;
    s << "SELECT meta_id, name, language, status, category, parameter_format, components_json FROM campaigns_templates WHERE id = ?",
        use(id), into(rows), now;
    if (rows.empty()) return std::nullopt;
    const auto& r = rows[0];
    Poco::JSON::Parser parser;
    auto parsed = parser.parse(r.get<6>());
    Poco::JSON::Object::Ptr obj;
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) {
        obj = parsed.extract<Poco::JSON::Object::Ptr>();
    } else {
        obj = new Poco::JSON::Object;
        obj->set("components", parsed.extract<Poco::JSON::Array::Ptr>());
    }
    // The columns are the current truth (status changes arrive by webhook after the sync).
    obj->set("id", r.get<0>().empty() ? std::to_string(templateId) : r.get<0>());
    obj->set("name", r.get<1>());
    obj->set("language", r.get<2>());
    obj->set("status", r.get<3>());
    obj->set("category", r.get<4>());
    obj->set("parameter_format", r.get<5>());
    return cloudapi::parseTemplate(*obj);
}

std::shared_ptr<cloudapi::PayloadBuilder> loadPayloadBuilder(helpdesk::Database& db, long long campaignId, std::string& whyNot) {
    using Row = Poco::Tuple<Poco::Int64, std::string, std::string>;
    std::vector<Row> rows;
    {
        auto s = db.session();
        Poco::Int64 id = campaignId;
        s << "SELECT template_id, header_media_id, header_media_link FROM campaigns_campaigns WHERE id = ?", use(id),
            into(rows), now;
    }
    if (rows.empty()) {
        whyNot = "La campaña ya no existe.";
        return nullptr;
    }
    auto tmpl = loadTemplate(db, rows[0].get<0>());
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
    if (!rows[0].get<1>().empty()) header = cloudapi::HeaderContent::mediaId(rows[0].get<1>());
    else if (!rows[0].get<2>().empty()) header = cloudapi::HeaderContent::link(rows[0].get<2>());
    try {
        return std::make_shared<cloudapi::PayloadBuilder>(*tmpl, header);
    } catch (const std::exception& e) {
        whyNot = e.what();
        return nullptr;
    }
}

} // namespace campaigns::sending
