#pragma once
#include <string>

namespace helpdesk {

// Who may call a route or see a menu entry. Administrator includes every agent right.
// PublicSigned routes skip the session and CSRF checks: the handler itself must authenticate
// the caller (for example by an HMAC signature over the raw body, as WhatsApp webhooks do).
enum class Role { PublicSigned, Agent, Administrator };

inline const char* roleName(Role r) {
    switch (r) {
        case Role::PublicSigned:
            return "public-signed";
        case Role::Agent:
            return "agent";
        case Role::Administrator:
            return "administrator";
    }
    return "?";
}

struct User {
    long long id = 0;
    std::string login;
    std::string displayName;
    Role role = Role::Agent;
};

inline bool hasRole(const User& u, Role required) {
    if (required == Role::PublicSigned) return true;
    if (required == Role::Agent) return u.role == Role::Agent || u.role == Role::Administrator;
    return u.role == Role::Administrator;
}

} // namespace helpdesk
