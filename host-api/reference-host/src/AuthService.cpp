#include "AuthService.h"

#include "AccessPolicy.h"
#include "Crypto.h"

#include <Poco/String.h>

#include <stdexcept>

using namespace Poco::Data::Keywords;

namespace refhost {

long long AuthService::addUser(const std::string& rawLogin, const std::string& rawName, helpdesk::Role role,
                               const std::string& password) {
    std::string login = Poco::trim(rawLogin);
    std::string name = Poco::trim(rawName).empty() ? login : Poco::trim(rawName);
    if (login.empty()) throw std::invalid_argument("El usuario es obligatorio.");
    if (login.size() > 190 || login.find_first_of(" \t\r\n") != std::string::npos) {
        throw std::invalid_argument("El usuario no puede tener espacios ni superar 190 caracteres.");
    }
    if (role == helpdesk::Role::PublicSigned) throw std::invalid_argument("Rol inválido.");
    if (password.size() < 6) throw std::invalid_argument("La contraseña debe tener al menos 6 caracteres.");
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
    return directory_.user(ids.front());
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

std::string AuthService::createApiToken(long long userId, const std::string& rawLabel) {
    if (!directory_.user(userId)) throw std::invalid_argument("El usuario no existe.");
    // The prefix lets secret scanners and people recognise what leaked.
    std::string token = "hdt_" + crypto::randomHex(32);
    std::string hash = crypto::sha256Hex(token);
    std::string label = Poco::trim(rawLabel);
    Poco::Int64 user = userId;
    Poco::Int64 at = nowMillis();
    auto s = db_.session();
    s << "INSERT INTO api_tokens (token_hash, user_id, label, created_at) VALUES (?, ?, ?, ?)", use(hash), use(user), use(label),
        use(at), now;
    return token;
}

std::optional<helpdesk::User> AuthService::userForToken(const std::string& token) {
    if (token.empty() || token.size() > 200) return std::nullopt;
    std::string hash = crypto::sha256Hex(token);
    std::vector<Poco::Int64> ids, users;
    auto s = db_.session();
    s << "SELECT id, user_id FROM api_tokens WHERE token_hash = ?", use(hash), into(ids), into(users), now;
    if (ids.empty()) return std::nullopt;
    Poco::Int64 at = nowMillis();
    s << "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", use(at), use(ids.front()), now;
    return directory_.user(users.front());
}

} // namespace refhost
