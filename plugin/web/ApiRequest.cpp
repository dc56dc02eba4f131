#include "web/ApiRequest.h"

#include "web/ErrorCodes.h"

#include <helpdesk/RequestBody.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <sstream>

namespace campaigns::web {

Poco::JSON::Object::Ptr parseJsonObject(const std::string& body, EmptyBody empty) {
    if (body.empty() && empty == EmptyBody::EmptyObject) return new Poco::JSON::Object;
    try {
        Poco::JSON::Parser parser;
        auto root = parser.parse(body);
        if (root.type() == typeid(Poco::JSON::Object::Ptr)) {
            auto obj = root.extract<Poco::JSON::Object::Ptr>();
            if (obj) return obj;
        }
    } catch (const Poco::Exception&) {
        // Falls through to the same answer as a body that is JSON but not an object.
    }
    throw helpdesk::HttpError(400, web::codes::kInvalidJson, "El cuerpo de la solicitud debe ser un objeto JSON válido.");
}

Poco::JSON::Object::Ptr readJsonObject(helpdesk::RequestContext& ctx, std::size_t maxBytes) {
    return parseJsonObject(helpdesk::readRequestBody(ctx.request, maxBytes));
}

Poco::JSON::Object::Ptr readOptionalJsonObject(helpdesk::RequestContext& ctx, std::size_t maxBytes) {
    return parseJsonObject(helpdesk::readRequestBody(ctx.request, maxBytes), EmptyBody::EmptyObject);
}

long long pathId(const helpdesk::RequestContext& ctx, const std::string& name, const std::string& what,
                 const std::string& notFoundCode) {
    auto it = ctx.pathParams.find(name);
    const std::string text = it == ctx.pathParams.end() ? std::string() : it->second;
    std::size_t used = 0;
    long long id = 0;
    try {
        id = std::stoll(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (text.empty() || used != text.size() || id <= 0)
        throw helpdesk::HttpError(404, notFoundCode, "No existe " + what + " " + text + ".");
    return id;
}

std::optional<std::string> queryValue(const helpdesk::RequestContext& ctx, const std::string& name) {
    for (const auto& [key, value] : Poco::URI(ctx.request.getURI()).getQueryParameters())
        if (key == name) return value;
    return std::nullopt;
}

void throwValidation(const std::vector<FieldProblem>& problems, const std::string& message) {
    Poco::JSON::Array details;
    for (const auto& p : problems) {
        Poco::JSON::Object d;
        d.set("field", p.field);
        d.set("message", p.message);
        details.add(d);
    }
    std::ostringstream out;
    details.stringify(out);
    throw helpdesk::HttpError(400, web::codes::kValidationFailed, message, out.str());
}

std::optional<std::string> optString(const Poco::JSON::Object& o, const std::string& key, std::vector<FieldProblem>& problems) {
    if (!o.has(key) || o.isNull(key)) return std::nullopt;
    auto v = o.get(key);
    if (!v.isString()) {
        problems.push_back({key, "Debe ser texto."});
        return std::nullopt;
    }
    return v.extract<std::string>();
}

std::optional<int> optInt(const Poco::JSON::Object& o, const std::string& key, std::vector<FieldProblem>& problems) {
    if (!o.has(key) || o.isNull(key)) return std::nullopt;
    auto v = o.get(key);
    if (v.isInteger()) {
        const auto n = v.convert<long long>();
        if (n >= -2147483647LL && n <= 2147483647LL) return static_cast<int>(n);
    }
    problems.push_back({key, "Debe ser un número entero."});
    return std::nullopt;
}

std::optional<bool> optBool(const Poco::JSON::Object& o, const std::string& key, std::vector<FieldProblem>& problems) {
    if (!o.has(key) || o.isNull(key)) return std::nullopt;
    auto v = o.get(key);
    if (v.type() == typeid(bool)) return v.extract<bool>();
    problems.push_back({key, "Debe ser verdadero o falso."});
    return std::nullopt;
}

} // namespace campaigns::web
