#include "templates/TemplateJson.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

namespace campaigns::templates {

namespace {

// Example values Meta keeps with a positional body ("example": {"body_text": [["a", "b"]]}) and
// named parameters ({"body_text_named_params": [{"param_name", "example"}]}), by placeholder.
std::map<std::string, std::string> bodyExamples(const std::string& sourceJson) {
    std::map<std::string, std::string> out;
    Poco::JSON::Parser parser;
    auto root = parser.parse(sourceJson).extract<Poco::JSON::Object::Ptr>();
    auto components = root ? root->getArray("components") : nullptr;
    if (!components) return out;
    for (std::size_t i = 0; i < components->size(); ++i) {
        auto c = components->getObject(static_cast<unsigned>(i));
        if (!c || !c->has("type") || c->get("type").convert<std::string>() != "BODY") continue;
        auto example = c->getObject("example");
        if (!example) continue;
        if (auto rows = example->getArray("body_text"); rows && rows->size() > 0) {
            if (auto first = rows->getArray(0))
                for (std::size_t k = 0; k < first->size(); ++k)
                    out[std::to_string(k + 1)] = first->get(static_cast<unsigned>(k)).convert<std::string>();
        }
        if (auto named = example->getArray("body_text_named_params")) {
            for (std::size_t k = 0; k < named->size(); ++k) {
                auto p = named->getObject(static_cast<unsigned>(k));
                if (p && p->has("param_name") && p->has("example"))
                    out[p->get("param_name").convert<std::string>()] = p->get("example").convert<std::string>();
            }
        }
    }
    return out;
}

std::string describe(const cloudapi::RequiredParameter& p) {
    switch (p.slot) {
        case cloudapi::ParameterSlot::HeaderText:
            return "Encabezado, variable {{" + p.placeholder + "}}";
        case cloudapi::ParameterSlot::HeaderMedia:
            return "Encabezado, archivo multimedia";
        case cloudapi::ParameterSlot::HeaderLocation:
            return "Encabezado, ubicación";
        case cloudapi::ParameterSlot::Body:
            return "Cuerpo, variable {{" + p.placeholder + "}}";
        case cloudapi::ParameterSlot::UrlButton:
            return "Botón de URL " + std::to_string(p.buttonIndex + 1) + ", final variable de la dirección";
        case cloudapi::ParameterSlot::CopyCode:
            return "Botón de copiar código, código de cupón";
    }
    return "";
}

} // namespace

std::string slotName(cloudapi::ParameterSlot slot) {
    switch (slot) {
        case cloudapi::ParameterSlot::HeaderText:
            return "header_text";
        case cloudapi::ParameterSlot::HeaderMedia:
            return "header_media";
        case cloudapi::ParameterSlot::HeaderLocation:
            return "header_location";
        case cloudapi::ParameterSlot::Body:
            return "body";
        case cloudapi::ParameterSlot::UrlButton:
            return "url_button";
        case cloudapi::ParameterSlot::CopyCode:
            return "copy_code";
    }
    return "";
}

Poco::JSON::Object templateJson(const StoredTemplate& t) {
    const cloudapi::Template model = t.model();
    Poco::JSON::Object o;
    o.set("id", t.id);
    o.set("account_id", t.accountId);
    o.set("meta_id", t.metaId);
    o.set("name", t.name);
    o.set("language", t.language);
    o.set("status", t.status);
    o.set("approved", t.approved());
    o.set("category", t.category);
    o.set("parameter_format", t.parameterFormat);
    o.set("parameter_count", t.parameterCount);
    o.set("header_type", t.headerType);
    Poco::JSON::Array required;
    for (const auto& p : cloudapi::requiredParameters(model)) {
        Poco::JSON::Object r;
        r.set("slot", slotName(p.slot));
        r.set("placeholder", p.placeholder);
        r.set("column", p.column);
        r.set("from_upload_file", p.fromUploadFile());
        if (p.buttonIndex >= 0) r.set("button_index", p.buttonIndex);
        r.set("description", describe(p));
        required.add(r);
    }
    o.set("required_parameters", required);
    // Quick-reply buttons are sent without a payload of their own, so a press comes back with the
    // button's text as its payload: what the page offers to mark as opt-out (issue 12).
    Poco::JSON::Array quickReplies;
    for (const auto& b : model.buttons)
        if (b.type == cloudapi::ButtonType::QuickReply) quickReplies.add(b.text);
    o.set("quick_replies", quickReplies);
    // The page says what a media or location header is in its own language (header_type); the
    // bracketed Spanish note is for the ticket's record of the message, not for this preview.
    auto preview = cloudapi::renderPreview(model, {});
    if (model.headerFormat != cloudapi::HeaderFormat::Text) preview.header.clear();
    o.set("preview", preview.text());
    Poco::JSON::Array departments;
    for (long long d : t.departmentIds) departments.add(d);
    o.set("department_ids", departments);
    o.set("synced_at", t.syncedAt);
    return o;
}

Poco::JSON::Object syncReportJson(const SyncReport& report) {
    Poco::JSON::Object o;
    o.set("account_id", report.accountId);
    o.set("pages", report.pages);
    o.set("listed", static_cast<Poco::UInt64>(report.listed));
    o.set("added", report.counts.added);
    o.set("updated", report.counts.updated);
    o.set("unchanged", report.counts.unchanged);
    o.set("removed", report.counts.removed);
    Poco::JSON::Array skipped;
    for (const auto& s : report.counts.skipped) skipped.add(s);
    o.set("skipped", skipped);
    return o;
}

exports::FormatTemplate formatOf(const cloudapi::Template& t) {
    exports::FormatTemplate f;
    f.name = t.name;
    f.language = t.language;
    f.hasImageHeader = t.headerFormat == cloudapi::HeaderFormat::Image;
    const auto examples = t.sourceJson.empty() ? std::map<std::string, std::string>() : bodyExamples(t.sourceJson);
    for (const auto& p : cloudapi::requiredParameters(t)) {
        if (!p.fromUploadFile()) continue;
        exports::FormatParameter fp;
        fp.column = p.column;
        fp.description = describe(p);
        if (p.slot == cloudapi::ParameterSlot::Body)
            if (auto it = examples.find(p.placeholder); it != examples.end()) fp.example = it->second;
        f.parameters.push_back(std::move(fp));
    }
    return f;
}

} // namespace campaigns::templates
