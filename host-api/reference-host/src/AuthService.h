#pragma once
#include "DirectoryService.h"
#include "HostDatabase.h"

#include <helpdesk/Roles.h>

#include <optional>
#include <string>

namespace refhost {

struct WebSession {
    std::string id; // the cookie value; only its SHA-256 is stored
    std::string csrfToken;
    helpdesk::User user;
};

// Users' credentials, browser sessions and personal API tokens.
class AuthService {
public:
    AuthService(HostDatabase& db, DirectoryService& directory, long sessionHours)
        : db_(db), directory_(directory), sessionMillis_(sessionHours * 3600LL * 1000LL) {}

    // Throws std::invalid_argument (Spanish message) for a taken login, empty fields or a short password.
    long long addUser(const std::string& login, const std::string& displayName, helpdesk::Role role, const std::string& password);
    // The user when login and password match; the same slow work is done for unknown logins.
    std::optional<helpdesk::User> checkPassword(const std::string& login, const std::string& password);

    WebSession createSession(const helpdesk::User& user);
    std::optional<WebSession> findSession(const std::string& sessionId);
    void deleteSession(const std::string& sessionId);
    long sessionSeconds() const { return static_cast<long>(sessionMillis_ / 1000); }

    // Returns the token text, which is never stored and cannot be shown again.
    std::string createApiToken(long long userId, const std::string& label);
    std::optional<helpdesk::User> userForToken(const std::string& token);

private:
    HostDatabase& db_;
    DirectoryService& directory_;
    long long sessionMillis_;
};

} // namespace refhost
