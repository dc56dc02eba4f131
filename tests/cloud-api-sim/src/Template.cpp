#include "Template.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/String.h>

#include <algorithm>

namespace cloudsim {

std::vector<std::string> placeholdersOf(const std::string& text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while ((pos = text.find("{{", pos)) != std::string::npos) {
        auto end = text.find("}}", pos + 2);
        if (end == std::string::npos) break;
        std::string name = Poco::trim(text.substr(pos + 2, end - pos - 2));
        if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
        pos = end + 2;
    }
    return out;
}

TemplateSpec specOf(const Poco::JSON::Array& components) {
    TemplateSpec spec;
    for (std::size_t i = 0; i < components.size(); ++i) {
        auto c = components.getObject(static_cast<unsigned>(i));
        if (!c) throw Poco::DataException("template component is not an object");
        std::string type = Poco::toUpper(c->optValue<std::string>("type", ""));
        if (type == "HEADER") {
            spec.headerFormat = Poco::toUpper(c->optValue<std::string>("format", "TEXT"));
            if (spec.headerFormat == "TEXT") spec.headerPlaceholders = placeholdersOf(c->optValue<std::string>("text", ""));
        } else if (type == "BODY") {
            spec.bodyPlaceholders = placeholdersOf(c->optValue<std::string>("text", ""));
        } else if (type == "BUTTONS") {
            auto buttons = c->getArray("buttons");
            if (!buttons) throw Poco::DataException("BUTTONS component without buttons");
            for (std::size_t b = 0; b < buttons->size(); ++b) {
                auto button = buttons->getObject(static_cast<unsigned>(b));
                if (!button) throw Poco::DataException("button is not an object");
                ButtonSpec bs;
                bs.type = Poco::toUpper(button->optValue<std::string>("type", ""));
                bs.text = button->optValue<std::string>("text", "");
                if (bs.type == "URL") bs.dynamicParams = placeholdersOf(button->optValue<std::string>("url", "")).empty() ? 0 : 1;
                if (bs.type == "COPY_CODE") bs.dynamicParams = 1;
                spec.buttons.push_back(bs);
            }
        }
    }
    return spec;
}

std::shared_ptr<Template> templateFromJson(const Poco::JSON::Object& json) {
    auto t = std::make_shared<Template>();
    t->name = json.optValue<std::string>("name", "");
    t->language = json.optValue<std::string>("language", "");
    if (t->name.empty() || t->language.empty()) throw Poco::DataException("template needs name and language");
    t->id = json.optValue<std::string>("id", "");
    // The template-status webhook carries the id as a bare JSON integer.
    if (t->id.find_first_not_of("0123456789") != std::string::npos)
        throw Poco::DataException("template id must be digits", t->id);
    t->status = Poco::toUpper(json.optValue<std::string>("status", "APPROVED"));
    t->category = Poco::toUpper(json.optValue<std::string>("category", "UTILITY"));
    t->parameterFormat = Poco::toUpper(json.optValue<std::string>("parameter_format", "POSITIONAL"));
    t->components = json.getArray("components");
    if (!t->components) throw Poco::DataException("template " + t->name + " has no components");
    t->spec = specOf(*t->components);
    return t;
}

Poco::JSON::Object::Ptr Template::toJson() const {
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("name", name);
    out->set("parameter_format", parameterFormat);
    out->set("components", components);
    out->set("language", language);
    out->set("status", status);
    out->set("category", category);
    out->set("id", id);
    return out;
}

} // namespace cloudsim
