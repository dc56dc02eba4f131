#include "TemplateCatalog.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/NumberFormatter.h>
#include <Poco/NumberParser.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <mutex>
#include <sstream>

namespace cloudsim {
namespace {

// The fixtures named in the simulator's README; tests depend on their exact texts.
const char* const kFixtures = R"JSON([
 {"name":"bienvenida","language":"es","status":"APPROVED","category":"UTILITY","parameter_format":"POSITIONAL",
  "components":[{"type":"BODY","text":"Hola {{1}}, tu caso {{2}} fue registrado.",
                 "example":{"body_text":[["Ana","12345"]]}}]},
 {"name":"promo_imagen","language":"es","status":"APPROVED","category":"MARKETING","parameter_format":"POSITIONAL",
  "components":[{"type":"HEADER","format":"IMAGE","example":{"header_handle":["https://scontent.whatsapp.net/sim/promo.jpg"]}},
                {"type":"BODY","text":"{{1}}, aprovecha {{2}} de descuento esta semana.",
                 "example":{"body_text":[["Ana","20%"]]}},
                {"type":"FOOTER","text":"Responde No gracias para no recibir promociones"},
                {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Me interesa"},
                                             {"type":"QUICK_REPLY","text":"No gracias"}]}]},
 {"name":"recordatorio_nombrado","language":"es","status":"APPROVED","category":"UTILITY","parameter_format":"NAMED",
  "components":[{"type":"BODY","text":"Hola {{nombre}}, te recordamos tu cita del {{fecha}}.",
                 "example":{"body_text_named_params":[{"param_name":"nombre","example":"Ana"},
                                                      {"param_name":"fecha","example":"5 de mayo"}]}}]},
 {"name":"aviso_en","language":"en_US","status":"APPROVED","category":"UTILITY","parameter_format":"POSITIONAL",
  "components":[{"type":"BODY","text":"Hello {{1}}, your case {{2}} was registered.",
                 "example":{"body_text":[["Ann","12345"]]}}]},
 {"name":"seguimiento_pedido","language":"es","status":"APPROVED","category":"UTILITY","parameter_format":"POSITIONAL",
  "components":[{"type":"BODY","text":"Tu pedido {{1}} va en camino.","example":{"body_text":[["A-100"]]}},
                {"type":"BUTTONS","buttons":[{"type":"URL","text":"Ver pedido",
                                              "url":"https://tienda.example.com/pedidos/{{1}}","example":["https://tienda.example.com/pedidos/A-100"]}]}]},
 {"name":"pendiente","language":"es","status":"PENDING","category":"MARKETING","parameter_format":"POSITIONAL",
  "components":[{"type":"BODY","text":"Plantilla en revisión para {{1}}."}]},
 {"name":"rechazada","language":"es","status":"REJECTED","category":"MARKETING","parameter_format":"POSITIONAL",
  "components":[{"type":"BODY","text":"Plantilla rechazada para {{1}}."}]},
 {"name":"pausada","language":"es","status":"PAUSED","category":"MARKETING","parameter_format":"POSITIONAL",
  "components":[{"type":"BODY","text":"Plantilla pausada para {{1}}."}]}
])JSON";

// Enough extra templates that a client needs three pages at limit=25.
constexpr int kGenerated = 52;

std::string templateId(std::size_t index) { return "10" + Poco::NumberFormatter::format0(index + 1, 14); }

} // namespace

std::vector<std::shared_ptr<Template>> TemplateCatalog::builtIns() {
    std::vector<std::shared_ptr<Template>> out;
    Poco::JSON::Parser parser;
    auto fixtures = parser.parse(kFixtures).extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < fixtures->size(); ++i)
        out.push_back(templateFromJson(*fixtures->getObject(static_cast<unsigned>(i))));
    for (int n = 1; n <= kGenerated; ++n) {
        std::string json =
            R"({"name":"generada_)" + Poco::NumberFormatter::format0(n, 2) +
            R"(","language":"es","status":"APPROVED","category":"UTILITY","components":[{"type":"BODY","text":"Aviso )" +
            Poco::NumberFormatter::format(n) + R"( para {{1}}."}]})";
        out.push_back(templateFromJson(*parser.parse(json).extract<Poco::JSON::Object::Ptr>()));
        parser.reset();
    }
    for (std::size_t i = 0; i < out.size(); ++i) out[i]->id = templateId(i);
    return out;
}

TemplateCatalog::TemplateCatalog() {
    for (auto& t : builtIns()) loaded_.push_back(t);
    current_ = loaded_;
}

void TemplateCatalog::loadFile(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    Poco::JSON::Parser parser;
    auto root = parser.parse(text);
    Poco::JSON::Array::Ptr items;
    if (root.type() == typeid(Poco::JSON::Array::Ptr))
        items = root.extract<Poco::JSON::Array::Ptr>();
    else
        items = root.extract<Poco::JSON::Object::Ptr>()->getArray("data");
    if (!items) throw Poco::DataException("templates file needs a data array", path);
    for (std::size_t i = 0; i < items->size(); ++i) {
        auto obj = items->getObject(static_cast<unsigned>(i));
        if (!obj) throw Poco::DataException("template entry is not an object", path);
        add(templateFromJson(*obj));
    }
}

void TemplateCatalog::add(const std::shared_ptr<Template>& t) {
    std::unique_lock lock(mutex_);
    if (t->id.empty()) t->id = templateId(loaded_.size() + 1000);
    for (auto& existing : loaded_) {
        if (existing->name == t->name && existing->language == t->language) {
            existing = t;
            current_ = loaded_;
            return;
        }
    }
    loaded_.push_back(t);
    current_ = loaded_;
}

void TemplateCatalog::reset() {
    std::unique_lock lock(mutex_);
    current_ = loaded_;
}

TemplatePtr TemplateCatalog::find(const std::string& name, const std::string& language) const {
    std::shared_lock lock(mutex_);
    for (const auto& t : current_)
        if (t->name == name && t->language == language) return t;
    return nullptr;
}

bool TemplateCatalog::hasName(const std::string& name) const {
    std::shared_lock lock(mutex_);
    for (const auto& t : current_)
        if (t->name == name) return true;
    return false;
}

std::vector<TemplatePtr> TemplateCatalog::list() const {
    std::shared_lock lock(mutex_);
    return current_;
}

std::vector<TemplatePtr> TemplateCatalog::setStatus(const std::string& name, const std::string& language,
                                                    const std::string& status) {
    std::unique_lock lock(mutex_);
    std::vector<TemplatePtr> changed;
    for (auto& t : current_) {
        if (t->name != name || (!language.empty() && t->language != language)) continue;
        auto copy = std::make_shared<Template>(*t);
        copy->status = Poco::toUpper(status);
        t = copy;
        changed.push_back(copy);
    }
    return changed;
}

std::string encodeCursor(std::size_t index) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    encoder << "sim-offset:" << index;
    encoder.close();
    return out.str();
}

std::size_t decodeCursor(const std::string& cursor) {
    std::istringstream in(cursor);
    Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    std::string text;
    try {
        Poco::StreamCopier::copyToString(decoder, text);
    } catch (const Poco::DataFormatException&) {
        throw Poco::SyntaxException("invalid cursor", cursor);
    }
    const std::string prefix = "sim-offset:";
    Poco::UInt64 value = 0;
    if (text.rfind(prefix, 0) != 0 || !Poco::NumberParser::tryParseUnsigned64(text.substr(prefix.size()), value))
        throw Poco::SyntaxException("invalid cursor", cursor);
    return static_cast<std::size_t>(value);
}

std::string renderTemplatePage(const std::vector<TemplatePtr>& all, std::size_t limit, const std::string& after,
                               const std::string& nextUrlPrefix) {
    std::size_t start = after.empty() ? 0 : decodeCursor(after) + 1;
    if (limit == 0) limit = 25;
    Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Array::Ptr data = new Poco::JSON::Array;
    std::size_t end = std::min(all.size(), start + limit);
    for (std::size_t i = start; i < end; ++i) data->add(all[i]->toJson());
    out.set("data", data);
    if (start < end) {
        Poco::JSON::Object::Ptr paging = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        Poco::JSON::Object::Ptr cursors = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        cursors->set("before", encodeCursor(start));
        cursors->set("after", encodeCursor(end - 1));
        paging->set("cursors", cursors);
        if (end < all.size()) paging->set("next", nextUrlPrefix + "after=" + encodeCursor(end - 1));
        out.set("paging", paging);
    }
    std::ostringstream text;
    out.stringify(text);
    return text.str();
}

} // namespace cloudsim
