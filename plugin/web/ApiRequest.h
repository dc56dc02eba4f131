#pragma once
// Reading API requests the same way in every handler: JSON bodies, path ids, query values, and
// per-field validation errors as the API's 400 answer.
#include <helpdesk/Http.h>

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <vector>

namespace campaigns::web {

struct FieldProblem {
    std::string field;    // as the API spells it, e.g. "phone_number_id"
    std::string message;  // Spanish
};

// The body as a JSON object, read through helpdesk::readRequestBody (413 `payload_too_large`
// over `maxBytes`, refused before reading when Content-Length says so); HttpError 400
// `invalid_json` when it is not an object.
Poco::JSON::Object::Ptr readJsonObject(helpdesk::RequestContext& ctx, std::size_t maxBytes = 1024 * 1024);

// The numeric {name} path segment; HttpError 404 `not_found` with `what` when it is not a number.
long long pathId(const helpdesk::RequestContext& ctx, const std::string& name, const std::string& what);

// The first value of a query parameter, if present.
std::optional<std::string> queryValue(const helpdesk::RequestContext& ctx, const std::string& name);

// HttpError 400 `validation_failed` listing every problem as {"field", "message"}.
[[noreturn]] void throwValidation(const std::vector<FieldProblem>& problems,
                                  const std::string& message = "Revisa los datos marcados.");

// Typed optional fields of a JSON object; a present value of the wrong type adds a problem.
std::optional<std::string> optString(const Poco::JSON::Object& o, const std::string& key,
                                     std::vector<FieldProblem>& problems);
std::optional<int> optInt(const Poco::JSON::Object& o, const std::string& key, std::vector<FieldProblem>& problems);
std::optional<bool> optBool(const Poco::JSON::Object& o, const std::string& key, std::vector<FieldProblem>& problems);

} // namespace campaigns::web
