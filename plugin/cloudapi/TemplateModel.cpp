#include "cloudapi/TemplateModel.h"

#include "cloudapi/Utf8Text.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <sstream>

namespace campaigns::cloudapi {

namespace {

std::string textField(const Poco::JSON::Object& o, const std::string& key) {
    if (!o.has(key) || o.isNull(key)) return {};
    const Poco::Dynamic::Var v = o.get(key);
    if (!v.isString()) throw TemplateParseError("el campo '" + key + "' no es texto");
    return v.extract<std::string>();
}

// Ids come as strings, but some Meta payloads send them as integers above 2^53; a double would
// silently change the digits, so only strings and integers are accepted.
std::string idField(const Poco::JSON::Object& o, const std::string& key) {
    if (!o.has(key) || o.isNull(key)) return {};
    const Poco::Dynamic::Var v = o.get(key);
    if (v.isString()) return v.extract<std::string>();
    if (v.isInteger()) return v.convert<std::string>();
    throw TemplateParseError("el campo '" + key + "' no es un identificador válido");
}

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c); });
    return s;
}

HeaderFormat headerFormatFrom(const std::string& format) {
    const std::string f = upper(format);
    if (f == "TEXT" || f.empty()) return HeaderFormat::Text;
    if (f == "IMAGE") return HeaderFormat::Image;
    if (f == "VIDEO") return HeaderFormat::Video;
    if (f == "DOCUMENT") return HeaderFormat::Document;
    if (f == "LOCATION") return HeaderFormat::Location;
    // GIF headers exist only on the Marketing Messages API, which this module does not use.
    throw TemplateParseError("formato de encabezado no soportado: " + format);
}

ButtonType buttonTypeFrom(const std::string& type) {
    const std::string t = upper(type);
    if (t == "QUICK_REPLY") return ButtonType::QuickReply;
    if (t == "URL") return ButtonType::Url;
    if (t == "PHONE_NUMBER") return ButtonType::PhoneNumber;
    if (t == "COPY_CODE") return ButtonType::CopyCode;
    return ButtonType::Other;
}

bool isPositionalToken(std::string_view t) {
    if (t.empty() || t.size() > 3 || t.front() == '0') return false;
    return std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isNamedToken(std::string_view t) {
    if (t.empty() || !((t.front() >= 'a' && t.front() <= 'z') || t.front() == '_')) return false;
    return std::all_of(t.begin(), t.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool isToken(std::string_view t, ParameterFormat f) {
    return f == ParameterFormat::Positional ? isPositionalToken(t) : isNamedToken(t);
}

// Calls visit(token, start, end) for every well-formed {{token}} of the format, where [start, end)
// spans the braces.
template <typename Visit>
void forEachPlaceholder(std::string_view text, ParameterFormat format, Visit visit) {
    std::size_t pos = 0;
    while ((pos = text.find("{{", pos)) != std::string_view::npos) {
        const std::size_t close = text.find("}}", pos + 2);
        if (close == std::string_view::npos) return;
        const std::string_view token = text.substr(pos + 2, close - pos - 2);
        if (isToken(token, format)) {
            visit(token, pos, close + 2);
            pos = close + 2;
        } else {
            ++pos;
        }
    }
}

std::string columnForBodyPlaceholder(std::string_view token, ParameterFormat f) {
    return f == ParameterFormat::Positional ? positionalColumn(token) : std::string(token);
}

std::string singlePlaceholder(std::string_view text, ParameterFormat f, const char* where) {
    const auto found = placeholdersIn(text, f);
    if (found.size() > 1) throw TemplateParseError(std::string(where) + " tiene más de una variable");
    return found.empty() ? std::string() : found.front();
}

// Replaces each placeholder with values[column(token)] when present.
template <typename ColumnOf>
std::string fill(std::string_view text, ParameterFormat format, const ParameterValues& values, ColumnOf columnOf) {
    std::string out;
    out.reserve(text.size());
    std::size_t copied = 0;
    forEachPlaceholder(text, format, [&](std::string_view token, std::size_t start, std::size_t end) {
        const auto it = values.find(columnOf(token));
        if (it == values.end()) return;
        out.append(text.substr(copied, start - copied));
        out.append(it->second);
        copied = end;
    });
    out.append(text.substr(copied));
    return out;
}

std::string headerNote(HeaderFormat f) {
    switch (f) {
        case HeaderFormat::Image:
            return "[Imagen]";
        case HeaderFormat::Video:
            return "[Video]";
        case HeaderFormat::Document:
            return "[Documento]";
        case HeaderFormat::Location:
            return "[Ubicación]";
        default:
            return {};
    }
}

} // namespace

bool Template::hasMediaHeader() const {
    return headerFormat == HeaderFormat::Image || headerFormat == HeaderFormat::Video || headerFormat == HeaderFormat::Document;
}

std::string positionalColumn(std::string_view placeholder) { return "parametro_" + std::string(placeholder); }

std::string urlButtonColumn(int buttonIndex) { return "boton_url_" + std::to_string(buttonIndex); }

std::vector<std::string> placeholdersIn(std::string_view text, ParameterFormat format) {
    std::vector<std::string> found;
    forEachPlaceholder(text, format, [&](std::string_view token, std::size_t, std::size_t) {
        if (std::find(found.begin(), found.end(), token) == found.end()) found.emplace_back(token);
    });
    if (format == ParameterFormat::Positional) {
        std::sort(found.begin(), found.end(),
                  [](const std::string& a, const std::string& b) { return std::stoi(a) < std::stoi(b); });
    }
    return found;
}

Template parseTemplate(const Poco::JSON::Object& json) {
    Template t;
    t.id = idField(json, "id");
    t.name = textField(json, "name");
    t.language = textField(json, "language");
    t.status = upper(textField(json, "status"));
    t.category = upper(textField(json, "category"));
    if (t.name.empty()) throw TemplateParseError("la plantilla no tiene nombre");
    const std::string format = upper(textField(json, "parameter_format"));
    if (format == "NAMED")
        t.parameterFormat = ParameterFormat::Named;
    else if (format.empty() || format == "POSITIONAL")
        t.parameterFormat = ParameterFormat::Positional;
    else
        throw TemplateParseError("formato de parámetros desconocido: " + format);

    const auto components = json.getArray("components");
    if (!components) throw TemplateParseError("la plantilla " + t.name + " no tiene componentes");
    bool hasBody = false;
    for (std::size_t i = 0; i < components->size(); ++i) {
        const auto c = components->getObject(static_cast<unsigned>(i));
        if (!c) throw TemplateParseError("componente no válido en la plantilla " + t.name);
        const std::string type = upper(textField(*c, "type"));
        if (type == "HEADER") {
            t.headerFormat = headerFormatFrom(textField(*c, "format"));
            if (t.headerFormat == HeaderFormat::Text) t.headerText = textField(*c, "text");
        } else if (type == "BODY") {
            hasBody = true;
            t.bodyText = textField(*c, "text");
        } else if (type == "FOOTER") {
            t.footerText = textField(*c, "text");
        } else if (type == "BUTTONS") {
            const auto buttons = c->getArray("buttons");
            if (!buttons) continue;
            for (std::size_t b = 0; b < buttons->size(); ++b) {
                const auto jb = buttons->getObject(static_cast<unsigned>(b));
                if (!jb) throw TemplateParseError("botón no válido en la plantilla " + t.name);
                Button button;
                button.typeName = upper(textField(*jb, "type"));
                button.type = buttonTypeFrom(button.typeName);
                button.text = textField(*jb, "text");
                button.url = textField(*jb, "url");
                button.index = static_cast<int>(b);
                t.buttons.push_back(std::move(button));
            }
        }
        // Unknown component types (carousels, limited-time offers) carry no values we send.
    }
    if (!hasBody) throw TemplateParseError("la plantilla " + t.name + " no tiene cuerpo");
    std::ostringstream source;
    json.stringify(source);
    t.sourceJson = source.str();
    return t;
}

Template parseTemplate(std::string_view json) {
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var root;
    try {
        root = parser.parse(std::string(json));
    } catch (const Poco::Exception& e) {
        throw TemplateParseError("JSON de plantilla no válido: " + e.displayText());
    }
    if (root.type() != typeid(Poco::JSON::Object::Ptr)) throw TemplateParseError("la plantilla no es un objeto JSON");
    const auto obj = root.extract<Poco::JSON::Object::Ptr>();
    if (!obj) throw TemplateParseError("la plantilla no es un objeto JSON");
    return parseTemplate(*obj);
}

std::vector<RequiredParameter> requiredParameters(const Template& t) {
    std::vector<RequiredParameter> out;
    const ParameterFormat f = t.parameterFormat;
    switch (t.headerFormat) {
        case HeaderFormat::Text: {
            const std::string token = singlePlaceholder(t.headerText, f, "El encabezado");
            if (!token.empty()) out.push_back({ParameterSlot::HeaderText, token, std::string(kHeaderTextColumn), -1});
            break;
        }
        case HeaderFormat::Image:
        case HeaderFormat::Video:
        case HeaderFormat::Document:
            // One media file for the whole campaign, chosen in the modal, not a file column.
            out.push_back({ParameterSlot::HeaderMedia, {}, {}, -1});
            break;
        case HeaderFormat::Location:
            out.push_back({ParameterSlot::HeaderLocation, {}, {}, -1});
            break;
        case HeaderFormat::None:
            break;
    }
    for (const std::string& token : placeholdersIn(t.bodyText, f))
        out.push_back({ParameterSlot::Body, token, columnForBodyPlaceholder(token, f), -1});
    for (const Button& b : t.buttons) {
        if (b.type == ButtonType::Url) {
            // Meta numbers URL suffix variables {{1}} even in NAMED templates.
            auto token = singlePlaceholder(b.url, ParameterFormat::Positional, "La URL del botón");
            if (token.empty()) token = singlePlaceholder(b.url, ParameterFormat::Named, "La URL del botón");
            if (!token.empty()) out.push_back({ParameterSlot::UrlButton, token, urlButtonColumn(b.index), b.index});
        } else if (b.type == ButtonType::CopyCode) {
            out.push_back({ParameterSlot::CopyCode, {}, std::string(kCouponColumn), b.index});
        }
    }
    return out;
}

std::string Preview::text() const {
    std::string out;
    for (const std::string* part : {&header, &body, &footer}) {
        if (part->empty()) continue;
        if (!out.empty()) out += "\n\n";
        out += *part;
    }
    return out;
}

Preview renderPreview(const Template& t, const ParameterValues& values) {
    const ParameterFormat f = t.parameterFormat;
    Preview p;
    if (t.headerFormat == HeaderFormat::Text) {
        p.header = fill(t.headerText, f, values, [](std::string_view) { return std::string(kHeaderTextColumn); });
    } else {
        p.header = headerNote(t.headerFormat);
    }
    p.body = fill(t.bodyText, f, values, [f](std::string_view tok) { return columnForBodyPlaceholder(tok, f); });
    p.footer = t.footerText;
    for (const Button& b : t.buttons) {
        if (b.type == ButtonType::Url) {
            const std::string column = urlButtonColumn(b.index);
            std::string url = fill(b.url, ParameterFormat::Positional, values, [&](std::string_view) { return column; });
            url = fill(url, ParameterFormat::Named, values, [&](std::string_view) { return column; });
            p.buttons.push_back(b.text + " (" + url + ")");
        } else if (b.type == ButtonType::CopyCode) {
            const auto it = values.find(kCouponColumn);
            p.buttons.push_back(b.text + (it != values.end() ? " (" + it->second + ")" : std::string()));
        } else {
            p.buttons.push_back(b.text);
        }
    }
    return p;
}

std::optional<std::string> validateParameterValue(std::string_view value, ParameterSlot slot) {
    const auto length = utf8CodePoints(value);
    if (!length) return "El valor contiene caracteres no válidos (no es texto UTF-8)";
    const bool blank =
        std::all_of(value.begin(), value.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
    if (blank) return "El valor está vacío";
    if (value.find_first_of("\n\r\t") != std::string_view::npos)
        return "El valor no puede contener saltos de línea ni tabulaciones";
    if (value.find("     ") != std::string_view::npos) return "El valor no puede tener más de cuatro espacios seguidos";
    std::size_t cap = kMaxBodyValueChars;
    switch (slot) {
        case ParameterSlot::HeaderText:
            cap = kMaxHeaderValueChars;
            break;
        case ParameterSlot::CopyCode:
            cap = kMaxCouponChars;
            break;
        case ParameterSlot::UrlButton:
            cap = kMaxUrlSuffixChars;
            if (value.find(' ') != std::string_view::npos) return "La parte variable de la URL no puede contener espacios";
            break;
        default:
            break;
    }
    if (*length > cap) return "El valor supera el máximo de " + std::to_string(cap) + " caracteres";
    return std::nullopt;
}

} // namespace campaigns::cloudapi
