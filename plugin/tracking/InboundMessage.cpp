#include "tracking/InboundMessage.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <vector>

namespace campaigns::tracking {

namespace {

using Poco::JSON::Object;

std::string str(const Object::Ptr& o, const std::string& key) {
    if (!o || !o->has(key) || o->isNull(key)) return {};
    return o->getValue<std::string>(key);
}

// "[Imagen] caption", "[Documento: factura.pdf] caption": the type in brackets, then what the
// customer wrote with it.
std::string labelled(const std::string& label, const std::string& detail, const std::string& caption) {
    std::string line = "[" + label + (detail.empty() ? "" : ": " + detail) + "]";
    if (!caption.empty()) line += " " + caption;
    return line;
}

std::string mediaLine(const std::string& type, const Object::Ptr& media) {
    static const std::vector<std::pair<std::string, std::string>> labels = {
        {"image", "Imagen"}, {"video", "Video"}, {"audio", "Audio"}, {"document", "Documento"}, {"sticker", "Sticker"}};
    std::string label = type;
    for (const auto& [t, l] : labels)
        if (t == type) label = l;
    if (type == "audio" && media && media->optValue<bool>("voice", false)) label = "Nota de voz";
    return labelled(label, str(media, "filename"), str(media, "caption"));
}

std::string locationLine(const Object::Ptr& loc) {
    std::string detail = str(loc, "name");
    const std::string address = str(loc, "address");
    if (!address.empty()) detail += (detail.empty() ? "" : ", ") + address;
    std::string where;
    if (loc && loc->has("latitude") && loc->has("longitude"))
        where = loc->getValue<std::string>("latitude") + ", " + loc->getValue<std::string>("longitude");
    if (!where.empty()) detail += (detail.empty() ? "" : " ") + std::string("(") + where + ")";
    return labelled("Ubicación", detail, "");
}

std::string contactsLine(const Poco::JSON::Array::Ptr& contacts) {
    std::string detail;
    for (std::size_t i = 0; contacts && i < contacts->size(); ++i) {
        auto c = contacts->getObject(static_cast<unsigned>(i));
        if (!c) continue;
        std::string one = str(c->getObject("name"), "formatted_name");
        if (auto phones = c->getArray("phones"); phones && phones->size() > 0)
            one += (one.empty() ? "" : " ") + str(phones->getObject(0), "phone");
        if (!one.empty()) detail += (detail.empty() ? "" : "; ") + one;
    }
    return labelled("Contacto compartido", detail, "");
}

std::string interactiveLine(const Object::Ptr& i) {
    for (const char* k : {"button_reply", "list_reply"}) {
        if (auto r = i ? i->getObject(k) : nullptr) {
            std::string t = str(r, "title");
            const std::string d = str(r, "description");
            return d.empty() ? t : t + " — " + d;
        }
    }
    if (i && i->getObject("nfm_reply")) return labelled("Formulario respondido", str(i->getObject("nfm_reply"), "body"), "");
    return {};
}

std::string unsupportedLine(const Object::Ptr& m) {
    std::string detail;
    if (auto errors = m->getArray("errors"); errors && errors->size() > 0) {
        auto e = errors->getObject(0);
        detail = str(e, "title");
        if (detail.empty()) detail = str(e, "message");
    }
    return labelled("Mensaje no soportado por WhatsApp Cloud API", detail, "");
}

std::string lineFor(const std::string& type, const Object::Ptr& m) {
    if (type == "text") return str(m->getObject("text"), "body");
    if (type == "button") return str(m->getObject("button"), "text");
    if (type == "interactive") return interactiveLine(m->getObject("interactive"));
    if (type == "image" || type == "video" || type == "audio" || type == "document" || type == "sticker")
        return mediaLine(type, m->getObject(type));
    if (type == "location") return locationLine(m->getObject("location"));
    if (type == "contacts") return contactsLine(m->getArray("contacts"));
    if (type == "reaction") {
        auto r = m->getObject("reaction");
        const std::string emoji = str(r, "emoji");
        return emoji.empty() ? labelled("Reacción retirada", "", "") : labelled("Reacción", emoji, "");
    }
    if (type == "order") {
        auto o = m->getObject("order");
        const auto items = o && o->getArray("product_items") ? o->getArray("product_items")->size() : 0;
        return labelled("Pedido", std::to_string(items) + (items == 1 ? " producto" : " productos"), str(o, "text"));
    }
    if (type == "system") return labelled("Aviso de WhatsApp", "", str(m->getObject("system"), "body"));
    if (type == "unsupported") return unsupportedLine(m);
    return {};
}

} // namespace

InboundMessage parseInboundMessage(const std::string& payload) {
    Poco::JSON::Parser parser;
    auto parsed = parser.parse(payload);
    if (parsed.type() != typeid(Object::Ptr)) throw Poco::DataFormatException("inbound message event is not an object");
    auto root = parsed.extract<Object::Ptr>();
    auto m = root->getObject("message");
    if (!m) throw Poco::DataFormatException("inbound message event has no message");
    InboundMessage in;
    in.from = str(m, "from");
    if (auto ctx = m->getObject("context")) in.contextId = str(ctx, "id");
    in.type = str(m, "type");
    if (in.type.empty()) in.type = "desconocido";
    in.text = lineFor(in.type, m);
    if (in.type == "button") in.buttonPayload = str(m->getObject("button"), "payload");
    if (in.text.empty()) in.text = "[Mensaje de tipo " + in.type + "]";
    if (auto contacts = root->getArray("contacts"); contacts && contacts->size() > 0)
        in.author = str(contacts->getObject(0) ? contacts->getObject(0)->getObject("profile") : nullptr, "name");
    if (in.author.empty()) in.author = in.from.empty() ? std::string("Cliente") : "+" + in.from;
    return in;
}

} // namespace campaigns::tracking
