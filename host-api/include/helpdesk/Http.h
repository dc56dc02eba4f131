#pragma once
#include "Roles.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace helpdesk {

// One request as a plugin handler sees it. The host has already authenticated the caller,
// checked the route's role and, for state-changing methods, the CSRF token (or bearer token).
// The body stream of `request` is untouched, so a handler can hash the raw bytes.
struct RequestContext {
    Poco::Net::HTTPServerRequest& request;
    Poco::Net::HTTPServerResponse& response;
    // Values of {name} segments of the route pattern, e.g. "/campaigns/api/v1/campaigns/{id}".
    std::map<std::string, std::string> pathParams;
    // Empty for PublicSigned routes.
    std::optional<User> user;
    // "es" or "en": the user's preference, else Accept-Language, else the host default.
    std::string locale = "es";
    // The CSRF token of the session, for pages that render forms or scripts that POST.
    std::string csrfToken;
};

// Handlers run on the host's HTTP worker threads, concurrently. They may throw HttpError to
// answer with a JSON error body; any other exception becomes a 500 that the host logs.
using Handler = std::function<void(RequestContext&)>;

struct Route {
    std::string method;  // "GET", "POST", "PATCH", "PUT", "DELETE"
    std::string pattern; // absolute path with {param} segments; a trailing "/*" matches a subtree
    Role role = Role::Administrator;
    Handler handler;
};

// Thrown by handlers to produce `{"error": code, "message": message, "details": [...]}`.
struct HttpError : std::runtime_error {
    int status;
    std::string code;
    std::string detailsJson; // a JSON array text, "[]" when empty
    HttpError(int status_, std::string code_, const std::string& message, std::string details = "[]")
        : std::runtime_error(message), status(status_), code(std::move(code_)), detailsJson(std::move(details)) {}
};

class Router {
public:
    virtual ~Router() = default;
    // Called from Plugin::start() only. Throws std::invalid_argument on a malformed pattern or a
    // route that collides with an existing one.
    virtual void add(Route route) = 0;
    // Serves files below `directory` at `urlPrefix` (GET only, with the given role).
    virtual void addStatic(const std::string& urlPrefix, const std::string& directory, Role role) = 0;
};

// Renders a plugin page inside the host's shell (menu, user, logout). `bodyHtml` is trusted HTML
// produced by the plugin; the host escapes nothing in it.
class PageShell {
public:
    virtual ~PageShell() = default;
    virtual void render(RequestContext& ctx, const std::string& title, const std::string& bodyHtml,
                        const std::string& extraHead = {}) = 0;
};

} // namespace helpdesk
