#pragma once
#include "DirectoryService.h"
#include "HostDatabase.h"
#include "TokenUses.h"

#include <helpdesk/Roles.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace refhost {

// One personal API token as the users page lists it; the token text itself is never stored.
// Times are epoch ms; 0 = never (last use, expiry, revocation).
struct ApiTokenInfo {
    long long id = 0;
    long long userId = 0;
    std::string label;
    long long createdAt = 0;
    long long lastUsedAt = 0;
    long long expiresAt = 0;
    long long revokedAt = 0;
};

// Lifetimes an administrator may give a new token; the first is the default.
inline constexpr int kApiTokenDays[] = {90, 30, 365};
// Passwords shorter than this are refused.
inline constexpr std::size_t kMinPasswordLength = 8;

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

    // Returns the token text, which is never stored and cannot be shown again. It stops working
    // after `validDays` (one of kApiTokenDays; std::invalid_argument otherwise) or when revoked.
    std::string createApiToken(long long userId, const std::string& label, int validDays = kApiTokenDays[0]);
    // The user of a token that exists, is not revoked and has not expired. Only reads: the use
    // is remembered in memory and written by flushTokenUses().
    std::optional<helpdesk::User> userForToken(const std::string& token);
    // Writes the remembered token uses to api_tokens.last_used_at in one batch (the host calls
    // it every TokenUses::kFlushEvery and at shutdown).
    void flushTokenUses();
    // Every token, newest first, for the users page (with this host's uses not flushed yet).
    std::vector<ApiTokenInfo> apiTokens();
    // Revokes a token at once; false when there is no such token or it was revoked already.
    bool revokeApiToken(long long tokenId);

private:
    void rehash(Poco::Data::Session& s, long long userId, const std::string& oldHash, const std::string& password);

    HostDatabase& db_;
    DirectoryService& directory_;
    long long sessionMillis_;
    TokenUses uses_;
};

} // namespace refhost
