#include "SendValidator.h"

#include <Poco/JSON/Array.h>
#include <Poco/NumberFormatter.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <algorithm>
#include <map>

namespace cloudsim {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

struct RequestParts {
    Array::Ptr header;
    Array::Ptr body;
    std::map<int, Object::Ptr> buttons; // by index
};

std::string countMismatch(const std::string& component, std::size_t got, std::size_t expected) {
    return component + ": localizable_params (" + Poco::NumberFormatter::format(got) +
           ") does not match the expected number of params (" + Poco::NumberFormatter::format(expected) + ")";
}

std::optional<GraphError> splitComponents(const Object& templateObject, RequestParts& parts) {
    if (!templateObject.has("components")) return std::nullopt;
    auto components = templateObject.getArray("components");
    if (!components) return graphError(100, "Parameter 'components' must be an array");
    for (std::size_t i = 0; i < components->size(); ++i) {
        auto c = components->getObject(static_cast<unsigned>(i));
        if (!c) return graphError(100, "Each component must be an object");
        std::string type = Poco::toLower(c->optValue<std::string>("type", ""));
        Array::Ptr params = c->has("parameters") ? c->getArray("parameters") : Array::Ptr(new Array);
        if (!params) return graphError(100, "Parameter 'parameters' must be an array");
        if (type == "header")
            parts.header = params;
        else if (type == "body")
            parts.body = params;
        else if (type == "button") {
            int index = 0;
            std::string indexText = c->optValue<std::string>("index", "");
            if (!Poco::NumberParser::tryParse(indexText, index) || index < 0)
                return graphError(131008, "button: parameter 'index' is required and must be a number");
            parts.buttons[index] = c;
        } else {
            return graphError(100, "Invalid component type '" + type + "'");
        }
    }
    return std::nullopt;
}

std::optional<GraphError> checkHeader(const Template& t, const Array::Ptr& given) {
    std::size_t count = given ? given->size() : 0;
    const std::string& format = t.spec.headerFormat;
    if (format == "IMAGE" || format == "VIDEO" || format == "DOCUMENT") {
        std::string expected = Poco::toLower(format);
        std::string received = "UNKNOWN";
        Object::Ptr p = count == 1 ? given->getObject(0) : nullptr;
        if (p) {
            std::string type = p->optValue<std::string>("type", "");
            // Meta only knows lowercase types; "IMAGE" is as unknown as a missing parameter.
            if (type == Poco::toLower(type) && !type.empty()) received = Poco::toUpper(type);
        }
        if (received != format)
            return graphError(132012, "header: Format mismatch, expected " + format + ", received " + received);
        auto media = p->getObject(expected);
        if (!media || (media->optValue<std::string>("link", "").empty() && media->optValue<std::string>("id", "").empty()))
            return graphError(131008, "header: " + expected + " requires a link or an id");
        return std::nullopt;
    }
    if (format == "LOCATION") {
        Object::Ptr p = count == 1 ? given->getObject(0) : nullptr;
        if (!p || p->optValue<std::string>("type", "") != "location")
            return graphError(132012, "header: Format mismatch, expected LOCATION, received UNKNOWN");
        return std::nullopt;
    }
    std::size_t expected = t.spec.headerPlaceholders.size();
    if (count != expected) return graphError(132000, countMismatch("header", count, expected));
    return std::nullopt;
}

std::optional<GraphError> checkTextParams(const Template& t, const std::string& component, const Array::Ptr& given,
                                          const std::vector<std::string>& placeholders) {
    std::size_t count = given ? given->size() : 0;
    if (count != placeholders.size()) return graphError(132000, countMismatch(component, count, placeholders.size()));
    std::vector<std::string> seen;
    for (std::size_t i = 0; i < count; ++i) {
        auto p = given->getObject(static_cast<unsigned>(i));
        if (!p) return graphError(100, component + ": each parameter must be an object");
        std::string type = p->optValue<std::string>("type", "");
        if (type != "text" && type != "currency" && type != "date_time")
            return graphError(132012, component + ": Format mismatch, expected TEXT, received " +
                                          (type.empty() ? std::string("UNKNOWN") : Poco::toUpper(type)));
        if (!p->has(type)) return graphError(131008, component + ": parameter '" + type + "' is required");
        if (t.named()) {
            std::string name = p->optValue<std::string>("parameter_name", "");
            if (name.empty())
                return graphError(131008, component + ": parameter_name is required for templates with NAMED parameters");
            if (std::find(placeholders.begin(), placeholders.end(), name) == placeholders.end())
                return graphError(132000, component + ": parameter_name '" + name + "' is not in the template");
            if (std::find(seen.begin(), seen.end(), name) != seen.end())
                return graphError(132000, component + ": parameter_name '" + name + "' is repeated");
            seen.push_back(name);
        }
    }
    return std::nullopt;
}

std::optional<GraphError> checkButtons(const Template& t, const RequestParts& parts, std::vector<QuickReply>& quickReplies) {
    const auto& buttons = t.spec.buttons;
    for (const auto& [index, component] : parts.buttons) {
        if (static_cast<std::size_t>(index) >= buttons.size())
            return graphError(131009, "button: index " + Poco::NumberFormatter::format(index) + " is not in the template");
        std::string subType = Poco::toUpper(component->optValue<std::string>("sub_type", ""));
        if (subType != buttons[index].type)
            return graphError(132012, "button at index " + Poco::NumberFormatter::format(index) + ": Format mismatch, expected " +
                                          buttons[index].type + ", received " +
                                          (subType.empty() ? std::string("UNKNOWN") : subType));
    }
    for (std::size_t i = 0; i < buttons.size(); ++i) {
        auto it = parts.buttons.find(static_cast<int>(i));
        Array::Ptr params = it == parts.buttons.end() ? nullptr : it->second->getArray("parameters");
        std::size_t count = params ? params->size() : 0;
        const auto& spec = buttons[i];
        if (spec.type == "QUICK_REPLY") {
            QuickReply qr{spec.text, spec.text};
            if (count > 1) return graphError(132000, countMismatch("button", count, 1));
            if (count == 1)
                qr.payload = params->getObject(0) ? params->getObject(0)->optValue<std::string>("payload", spec.text) : spec.text;
            quickReplies.push_back(qr);
        } else if (count != static_cast<std::size_t>(spec.dynamicParams)) {
            return graphError(132000, countMismatch("button", count, static_cast<std::size_t>(spec.dynamicParams)));
        }
    }
    return std::nullopt;
}

} // namespace

SendCheck checkParameters(const TemplatePtr& templ, const Object& templateObject) {
    SendCheck out;
    out.templ = templ;
    RequestParts parts;
    if ((out.error = splitComponents(templateObject, parts))) return out;
    if ((out.error = checkHeader(*templ, parts.header))) return out;
    if ((out.error = checkTextParams(*templ, "body", parts.body, templ->spec.bodyPlaceholders))) return out;
    out.error = checkButtons(*templ, parts, out.quickReplies);
    return out;
}

SendCheck validateTemplateSend(const TemplateCatalog& catalog, const Object& templateObject) {
    SendCheck out;
    std::string name = templateObject.optValue<std::string>("name", "");
    auto language = templateObject.getObject("language");
    std::string code = language ? language->optValue<std::string>("code", "") : "";
    if (name.empty()) {
        out.error = graphError(131008, "Parameter 'template.name' is required");
        return out;
    }
    if (code.empty()) {
        out.error = graphError(131008, "Parameter 'template.language.code' is required");
        return out;
    }
    auto templ = catalog.find(name, code);
    if (!templ) {
        out.error = graphError(132001, "template name (" + name + ") does not exist in " + code);
        return out;
    }
    if (templ->status == "PAUSED")
        out.error = graphError(132015, "Template " + name + " is paused");
    else if (templ->status == "DISABLED")
        out.error = graphError(132016, "Template " + name + " is disabled");
    else if (templ->status != "APPROVED")
        out.error = graphError(132001, "template name (" + name + ") in " + code + " is " + templ->status + ", not APPROVED");
    if (out.error) return out;
    return checkParameters(templ, templateObject);
}

} // namespace cloudsim
