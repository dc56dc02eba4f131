#pragma once
#include <helpdesk/Roles.h>

#include <optional>
#include <string>

// The host's authorisation rules as pure functions, so they can be tested without HTTP.
namespace refhost {

enum class Access { Allow, RedirectToLogin, Unauthorized, Forbidden };

// `apiCall`: the caller wants JSON (see isApiRequest); browsers are sent to the login form instead.
Access checkAccess(helpdesk::Role required, const std::optional<helpdesk::User>& user, bool apiCall, const std::string& method);

// A state-changing request authenticated by session must carry the session's CSRF token.
bool csrfAccepted(const std::string& sessionToken, const std::string& supplied);

constexpr const char* kSessionCookie = "hd_session";
// Set-Cookie value for the session; maxAgeSeconds 0 deletes the cookie.
std::string sessionCookieHeader(const std::string& sessionId, long maxAgeSeconds, bool secure);

// "Bearer abc" -> "abc"; empty when the header is not a bearer credential.
std::string bearerToken(const std::string& authorizationHeader);

// Only same-site relative paths may be used after login, never "//host" or "http://...".
std::string safeNextPath(const std::string& next);

std::optional<helpdesk::Role> parseRole(const std::string& name);

} // namespace refhost
