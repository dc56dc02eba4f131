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
    std::string field;   // as the API spells it, e.g. "phone_number_id"
    std::string message; // Spanish
};

// The body as a JSON object, read through helpdesk::readRequestBody (413 `payload_too_large`
// over `maxBytes`, refused before reading when Content-Length says so); HttpError 400
// `invalid_json` when it is not an object.
Poco::JSON::Object::Ptr readJsonObject(helpdesk::RequestContext& ctx, std::size_t maxBytes = 1024 * 1024);

// What an empty body means to a route: an error, or no fields at all.
enum class EmptyBody { Invalid, EmptyObject };

// `body` (already read through helpdesk::readRequestBody, e.g. to hash it for Idempotency-Key) as a
// JSON object; HttpError 400 `invalid_json` when it is not one.
Poco::JSON::Object::Ptr parseJsonObject(const std::string& body, EmptyBody empty = EmptyBody::Invalid);

// readJsonObject for routes whose fields are all optional: an empty body is `{}`.
Poco::JSON::Object::Ptr readOptionalJsonObject(helpdesk::RequestContext& ctx, std::size_t maxBytes = 1024 * 1024);

// The numeric {name} path segment; HttpError 404 `notFoundCode` (the resource's `<resource>_not_found`
// from ErrorCodes.h) with `what` when it is not a number.
long long pathId(const helpdesk::RequestContext& ctx, const std::string& name, const std::string& what,
                 const std::string& notFoundCode);

// The first value of a query parameter, if present.
std::optional<std::string> queryValue(const helpdesk::RequestContext& ctx, const std::string& name);

// HttpError 400 `validation_failed` listing every problem as {"field", "message"}.
[[noreturn]] void throwValidation(const std::vector<FieldProblem>& problems,
                                  const std::string& message = "Revisa los datos marcados.");

// Typed optional fields of a JSON object; a present value of the wrong type adds a problem.
std::optional<std::string> optString(const Poco::JSON::Object& o, const std::string& key, std::vector<FieldProblem>& problems);
std::optional<int> optInt(const Poco::JSON::Object& o, const std::string& key, std::vector<FieldProblem>& problems);
std::optional<bool> optBool(const Poco::JSON::Object& o, const std::string& key, std::vector<FieldProblem>& problems);

} // namespace campaigns::web
