#include "AuthService.h"

#include "AccessPolicy.h"
#include "Crypto.h"

#include <Poco/Data/Statement.h>
#include <Poco/Logger.h>
#include <Poco/String.h>

#include <algorithm>
#include <iterator>
#include <stdexcept>

using namespace Poco::Data::Keywords;

namespace refhost {

namespace {
const char* const kRehashPassword = "UPDATE users SET password_hash = ?, salt = ? WHERE id = ? AND password_hash = ?";
const char* const kInsertToken =
    "INSERT INTO api_tokens (token_hash, user_id, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?)";
const char* const kLiveToken =
    "SELECT id, user_id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL"
    " AND (expires_at IS NULL OR expires_at > ?)";
const char* const kListTokens =
    "SELECT id, user_id, label, created_at, COALESCE(last_used_at, 0), COALESCE(expires_at, 0), COALESCE(revoked_at, 0)"
    " FROM api_tokens ORDER BY id DESC";
const char* const kRevokeToken = "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";
} // namespace

long long AuthService::addUser(const std::string& rawLogin, const std::string& rawName, helpdesk::Role role,
                               const std::string& password) {
    std::string login = Poco::trim(rawLogin);
    std::string name = Poco::trim(rawName).empty() ? login : Poco::trim(rawName);
    if (login.empty()) throw std::invalid_argument("El usuario es obligatorio.");
    if (login.size() > 190 || login.find_first_of(" \t\r\n") != std::string::npos) {
        throw std::invalid_argument("El usuario no puede tener espacios ni superar 190 caracteres.");
    }
    if (role == helpdesk::Role::PublicSigned) throw std::invalid_argument("Rol inválido.");
    // NIST SP 800-63B's minimum; the login throttle and 600,000 PBKDF2 rounds do the rest.
    if (password.size() < kMinPasswordLength)
        throw std::invalid_argument("La contraseña debe tener al menos " + std::to_string(kMinPasswordLength) + " caracteres.");
    if (directory_.userByLogin(login)) throw std::invalid_argument("Ya existe el usuario «" + login + "».");
    auto hashed = crypto::hashPassword(password);
    std::string roleText = helpdesk::roleName(role);
    Poco::Int64 at = nowMillis();
    auto s = db_.session();
    WriteTransaction tx(s, db_.dialect());
    s << "INSERT INTO users (login, display_name, role, password_hash, salt, created_at) VALUES (?, ?, ?, ?, ?, ?)", use(login),
        use(name), use(roleText), use(hashed.hash), use(hashed.salt), use(at), now;
    long long id = db_.lastInsertId(s);
    tx.commit();
    return id;
}

std::optional<helpdesk::User> AuthService::checkPassword(const std::string& login, const std::string& password) {
    auto s = db_.session();
    std::string key = login;
    std::vector<Poco::Int64> ids;
    std::vector<std::string> hashes, salts;
    s << "SELECT id, password_hash, salt FROM users WHERE login = ?", use(key), into(ids), into(hashes), into(salts), now;
    if (ids.empty()) {
        // Spend the same time as a real check so response times do not reveal which logins exist.
        crypto::verifyPassword(password, "pbkdf2-sha256$" + std::to_string(crypto::kPbkdf2Iterations) + "$00", "00");
        return std::nullopt;
    }
    if (!crypto::verifyPassword(password, hashes.front(), salts.front())) return std::nullopt;
    if (crypto::needsRehash(hashes.front())) rehash(s, ids.front(), hashes.front(), password);
    return directory_.user(ids.front());
}

// The password is at hand only now: a hash made with an older, lower iteration count is made
// again. Conditional on the old hash, so a password changed meanwhile is never overwritten.
void AuthService::rehash(Poco::Data::Session& s, long long userId, const std::string& oldHash, const std::string& password) {
    auto hashed = crypto::hashPassword(password);
    Poco::Int64 id = userId;
    std::string old = oldHash;
    s << kRehashPassword, use(hashed.hash), use(hashed.salt), use(id), use(old), now;
    const int from = crypto::hashIterations(oldHash);
    Poco::Logger::get("helpdesk.host.auth")
        .information("user %s password hash redone with %d PBKDF2 rounds (was %d)", std::to_string(userId),
                     crypto::kPbkdf2Iterations, from);
}

WebSession AuthService::createSession(const helpdesk::User& user) {
    WebSession ws{crypto::randomHex(32), crypto::randomHex(32), user};
    std::string idHash = crypto::sha256Hex(ws.id);
    Poco::Int64 userId = user.id;
    Poco::Int64 at = nowMillis();
    Poco::Int64 expires = at + sessionMillis_;
    auto s = db_.session();
    WriteTransaction tx(s, db_.dialect());
    // Expired rows are pruned here rather than by a timer: logins are rare and cheap to piggyback on.
    s << "DELETE FROM sessions WHERE expires_at < ?", use(at), now;
    s << "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)", use(idHash),
        use(userId), use(ws.csrfToken), use(at), use(expires), now;
    tx.commit();
    return ws;
}

std::optional<WebSession> AuthService::findSession(const std::string& sessionId) {
    if (sessionId.size() != 64) return std::nullopt;
    std::string idHash = crypto::sha256Hex(sessionId);
    Poco::Int64 at = nowMillis();
    std::vector<Poco::Int64> users;
    std::vector<std::string> tokens;
    auto s = db_.session();
    s << "SELECT user_id, csrf_token FROM sessions WHERE id_hash = ? AND expires_at >= ?", use(idHash), use(at), into(users),
        into(tokens), now;
    if (users.empty()) return std::nullopt;
    auto user = directory_.user(users.front());
    if (!user) return std::nullopt;
    return WebSession{sessionId, tokens.front(), *user};
}

void AuthService::deleteSession(const std::string& sessionId) {
    std::string idHash = crypto::sha256Hex(sessionId);
    auto s = db_.session();
    s << "DELETE FROM sessions WHERE id_hash = ?", use(idHash), now;
}

std::string AuthService::createApiToken(long long userId, const std::string& rawLabel, int validDays) {
    if (!directory_.user(userId)) throw std::invalid_argument("El usuario no existe.");
    if (std::find(std::begin(kApiTokenDays), std::end(kApiTokenDays), validDays) == std::end(kApiTokenDays))
        throw std::invalid_argument("Duración de token inválida: elija 30, 90 o 365 días.");
    // The prefix lets secret scanners and people recognise what leaked.
    std::string token = "hdt_" + crypto::randomHex(32);
    std::string hash = crypto::sha256Hex(token);
    std::string label = Poco::trim(rawLabel);
    Poco::Int64 user = userId;
    Poco::Int64 at = nowMillis();
    Poco::Int64 expires = at + validDays * 24LL * 3600LL * 1000LL;
    auto s = db_.session();
    s << kInsertToken, use(hash), use(user), use(label), use(at), use(expires), now;
    return token;
}

std::optional<helpdesk::User> AuthService::userForToken(const std::string& token) {
    if (token.empty() || token.size() > 200) return std::nullopt;
    std::string hash = crypto::sha256Hex(token);
    std::vector<Poco::Int64> ids, users;
    Poco::Int64 at = nowMillis();
    auto s = db_.session();
    s << kLiveToken, use(hash), use(at), into(ids), into(users), now;
    if (ids.empty()) return std::nullopt;
    // Remembered, not written: the request stays a read (see TokenUses).
    uses_.record(ids.front(), at);
    return directory_.user(users.front());
}

std::vector<ApiTokenInfo> AuthService::apiTokens() {
    std::vector<Poco::Int64> ids, users, created, used, expires, revoked;
    std::vector<std::string> labels;
    auto s = db_.session();
    s << kListTokens, into(ids), into(users), into(labels), into(created), into(used), into(expires), into(revoked), now;
    const auto pending = uses_.pending(); // uses of this host not flushed yet
    std::vector<ApiTokenInfo> out(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        out[i] = ApiTokenInfo{ids[i], users[i], labels[i], created[i], used[i], expires[i], revoked[i]};
        if (auto it = pending.find(ids[i]); it != pending.end()) out[i].lastUsedAt = std::max(out[i].lastUsedAt, it->second);
    }
    return out;
}

void AuthService::flushTokenUses() { uses_.flush(db_); }

bool AuthService::revokeApiToken(long long tokenId) {
    Poco::Int64 id = tokenId, at = nowMillis();
    auto s = db_.session();
    Poco::Data::Statement revoke(s);
    revoke << kRevokeToken, use(at), use(id);
    return revoke.execute() > 0;
}

} // namespace refhost
