#include "cloudapi/PayloadBuilder.h"

#include "cloudapi/PayloadJson.h"

#include <algorithm>

namespace campaigns::cloudapi {

using cloudapi::HeaderFormat;
using cloudapi::ParameterSlot;
using cloudapi::RequiredParameter;

namespace {

const char* mediaType(HeaderFormat f) {
    switch (f) {
        case HeaderFormat::Image:
            return "image";
        case HeaderFormat::Video:
            return "video";
        case HeaderFormat::Document:
            return "document";
        default:
            return nullptr;
    }
}

std::string headerComponent(const cloudapi::Template& t, const HeaderContent& h) {
    using Source = HeaderContent::Source;
    std::string out;
    if (const char* type = mediaType(t.headerFormat)) {
        if (h.source != Source::MediaId && h.source != Source::Link)
            throw PayloadError("La plantilla " + t.name + " requiere un archivo de encabezado (" + type + ")");
        if (h.value.empty()) throw PayloadError("El archivo de encabezado no tiene identificador ni enlace");
        out = R"({"type":"header","parameters":[{"type":")";
        out += type;
        out += R"(",")";
        out += type;
        out += h.source == Source::MediaId ? R"(":{"id":)" : R"(":{"link":)";
        appendJsonString(out, h.value);
        if (t.headerFormat == HeaderFormat::Document && !h.filename.empty()) {
            out += R"(,"filename":)";
            appendJsonString(out, h.filename);
        }
        out += "}}]}";
    } else if (t.headerFormat == HeaderFormat::Location) {
        if (h.source != Source::Location || h.latitude.empty() || h.longitude.empty())
            throw PayloadError("La plantilla " + t.name + " requiere una ubicación de encabezado");
        out = R"({"type":"header","parameters":[{"type":"location","location":{"latitude":)";
        appendJsonString(out, h.latitude);
        out += R"(,"longitude":)";
        appendJsonString(out, h.longitude);
        out += R"(,"name":)";
        appendJsonString(out, h.name);
        out += R"(,"address":)";
        appendJsonString(out, h.address);
        out += "}}]}";
    }
    return out;
}

const std::string& valueFor(const RequiredParameter& p, const cloudapi::ParameterValues& values) {
    const auto it = values.find(p.column);
    if (it == values.end() || it->second.empty()) throw PayloadError("Falta el valor de la columna " + p.column);
    return it->second;
}

void appendTextParameter(std::string& out, const RequiredParameter& p, const std::string& value, bool named) {
    out += R"({"type":"text",)";
    if (named) {
        out += R"("parameter_name":)";
        appendJsonString(out, p.placeholder);
        out += ',';
    }
    out += R"("text":)";
    appendJsonString(out, value);
    out += '}';
}

} // namespace

HeaderContent HeaderContent::mediaId(std::string id) {
    HeaderContent h;
    h.source = Source::MediaId;
    h.value = std::move(id);
    return h;
}

HeaderContent HeaderContent::link(std::string url) {
    HeaderContent h;
    h.source = Source::Link;
    h.value = std::move(url);
    return h;
}

PayloadBuilder::PayloadBuilder(cloudapi::Template tmpl, HeaderContent header)
    : template_(std::move(tmpl)), parameters_(cloudapi::requiredParameters(template_)) {
    headerMediaJson_ = headerComponent(template_, header);
    // Everything from "template" to the components array is the same for every row.
    std::string tail = R"("template":{"name":)";
    appendJsonString(tail, template_.name);
    tail += R"(,"language":{"code":)";
    appendJsonString(tail, template_.language);
    tail += R"(},"components":[)";
    prefix_ = std::move(tail);
}

std::string PayloadBuilder::build(std::string_view recipient, const cloudapi::ParameterValues& values,
                                  std::string_view callbackData) const {
    std::string out;
    buildInto(out, recipient, values, callbackData);
    return out;
}

void PayloadBuilder::buildInto(std::string& out, std::string_view recipient, const cloudapi::ParameterValues& values,
                               std::string_view callbackData) const {
    if (!recipient.empty() && recipient.front() == '+') recipient.remove_prefix(1);
    if (recipient.empty() || recipient.size() > 15 ||
        !std::all_of(recipient.begin(), recipient.end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw PayloadError("El teléfono debe tener solo dígitos en formato internacional (E.164)");
    if (callbackData.size() > kMaxCallbackDataChars) throw PayloadError("Los datos de seguimiento superan los 512 caracteres");

    const bool named = template_.parameterFormat == cloudapi::ParameterFormat::Named;
    out.clear();
    out.reserve(256 + prefix_.size() + headerMediaJson_.size());
    out += R"({"messaging_product":"whatsapp","recipient_type":"individual","to":"+)";
    out.append(recipient);
    out += R"(","type":"template",)";
    if (!callbackData.empty()) {
        out += R"("biz_opaque_callback_data":)";
        appendJsonString(out, callbackData);
        out += ',';
    }
    out += prefix_;

    bool firstComponent = true;
    auto openComponent = [&] {
        if (!firstComponent) out += ',';
        firstComponent = false;
    };
    if (!headerMediaJson_.empty()) {
        openComponent();
        out += headerMediaJson_;
    }
    // requiredParameters lists the header first, then body parameters in send order, then buttons.
    bool bodyOpen = false;
    for (const RequiredParameter& p : parameters_) {
        if (p.slot != ParameterSlot::Body && bodyOpen) {
            out += "]}";
            bodyOpen = false;
        }
        switch (p.slot) {
            case ParameterSlot::HeaderText:
                openComponent();
                out += R"({"type":"header","parameters":[)";
                appendTextParameter(out, p, valueFor(p, values), named);
                out += "]}";
                break;
            case ParameterSlot::Body:
                if (!bodyOpen) {
                    openComponent();
                    out += R"({"type":"body","parameters":[)";
                    bodyOpen = true;
                } else {
                    out += ',';
                }
                appendTextParameter(out, p, valueFor(p, values), named);
                break;
            case ParameterSlot::UrlButton:
                openComponent();
                out += R"({"type":"button","sub_type":"url","index":")";
                out += std::to_string(p.buttonIndex);
                out += R"(","parameters":[{"type":"text","text":)";
                appendJsonString(out, valueFor(p, values));
                out += "}]}";
                break;
            case ParameterSlot::CopyCode:
                openComponent();
                out += R"({"type":"button","sub_type":"copy_code","index":")";
                out += std::to_string(p.buttonIndex);
                out += R"(","parameters":[{"type":"coupon_code","coupon_code":)";
                appendJsonString(out, valueFor(p, values));
                out += "}]}";
                break;
            case ParameterSlot::HeaderMedia:
            case ParameterSlot::HeaderLocation:
                break; // fixed per campaign, already written
        }
    }
    if (bodyOpen) out += "]}";
    out += "]}}";
}

} // namespace campaigns::cloudapi
