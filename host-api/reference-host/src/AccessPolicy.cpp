#include "AccessPolicy.h"

#include "Crypto.h"
#include "HttpUtil.h"

#include <Poco/String.h>

#include <algorithm>

namespace refhost {

Access checkAccess(helpdesk::Role required, const std::optional<helpdesk::User>& user, bool apiCall, const std::string& method) {
    if (required == helpdesk::Role::PublicSigned) return Access::Allow;
    if (!user) {
        const std::string m = Poco::toUpper(method);
        return (!apiCall && (m == "GET" || m == "HEAD")) ? Access::RedirectToLogin : Access::Unauthorized;
    }
    return helpdesk::hasRole(*user, required) ? Access::Allow : Access::Forbidden;
}

bool csrfAccepted(const std::string& sessionToken, const std::string& supplied) {
    if (sessionToken.empty() || supplied.empty()) return false;
    return crypto::constantTimeEquals(sessionToken, supplied);
}

std::string sessionCookieHeader(const std::string& sessionId, long maxAgeSeconds, bool secure) {
    std::string value = std::string(kSessionCookie) + "=" + sessionId + "; Path=/; HttpOnly; SameSite=Lax";
    value += "; Max-Age=" + std::to_string(maxAgeSeconds < 0 ? 0 : maxAgeSeconds);
    if (secure) value += "; Secure";
    return value;
}

std::string bearerToken(const std::string& authorizationHeader) {
    const std::string h = Poco::trim(authorizationHeader);
    if (h.size() <= 7 || Poco::icompare(h.substr(0, 7), "bearer ") != 0) return {};
    return Poco::trim(h.substr(7));
}

std::string safeNextPath(const std::string& next) {
    // Browsers drop TAB, CR and LF inside a URL ("/\t/evil.example" becomes "//evil.example", another
    // host) and read "\" as "/": any control character or backslash, or a "//" start, is refused.
    const bool control = std::any_of(next.begin(), next.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
    if (next.empty() || next[0] != '/' || next.rfind("//", 0) == 0 || next.find('\\') != std::string::npos || control) {
        return "/";
    }
    return next;
}

std::optional<helpdesk::Role> parseRole(const std::string& name) {
    if (name == "administrator") return helpdesk::Role::Administrator;
    if (name == "agent") return helpdesk::Role::Agent;
    return std::nullopt;
}

} // namespace refhost
