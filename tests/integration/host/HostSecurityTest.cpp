// Issue 15 on the reference host over real HTTP: the login form's body cap (413), failed-login
// backoff (429 + Retry-After, checked before the password), no open redirect through a control
// character in next=, and the security headers on every answer.
#include "Crypto.h"
#include "HttpUtil.h"
#include "TestHost.h"

#include <Poco/Data/Session.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>

#include <vector>

#include <cppunit/extensions/HelperMacros.h>

using namespace hosttest;
using namespace Poco::Data::Keywords;
using helpdesk::Role;

namespace {
const std::string kForm = "application/x-www-form-urlencoded";
} // namespace

class HostSecurityTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(HostSecurityTest);
    CPPUNIT_TEST(loginFormOverTheCapIs413);
    CPPUNIT_TEST(repeatedFailedLoginsAre429WithRetryAfterEvenWithTheRightPassword);
    CPPUNIT_TEST(nextWithATabDoesNotLeaveTheSite);
    CPPUNIT_TEST(everyAnswerCarriesTheSecurityHeaders);
    CPPUNIT_TEST(anOlderPasswordHashIsRedoneAtLogin);
    CPPUNIT_TEST(idleClientsDoNotHoldTheWorkerThreads);
    CPPUNIT_TEST(shortPasswordsAreRefused);
    CPPUNIT_TEST(expiredAndRevokedTokensAreRefused);
    CPPUNIT_TEST(theUsersPageListsAndRevokesTokens);
    CPPUNIT_TEST_SUITE_END();

public:
    void loginFormOverTheCapIs413() {
        TestHost t;
        t.addUser("admin", Role::Administrator, "admin123");
        // 64 KiB of form: under the connection's drain limit, four times the login cap.
        auto big = http(t.port(), "POST", "/login", {}, "login=admin&password=nope&x=" + std::string(64 * 1024, 'a'), kForm);
        CPPUNIT_ASSERT_EQUAL(413, big.status);
        auto ok = http(t.port(), "POST", "/login", {}, "login=admin&password=admin123", kForm);
        CPPUNIT_ASSERT_EQUAL(303, ok.status);
    }

    void repeatedFailedLoginsAre429WithRetryAfterEvenWithTheRightPassword() {
        TestHost t;
        t.addUser("admin", Role::Administrator, "admin123");
        for (int i = 0; i < 5; ++i)
            CPPUNIT_ASSERT_EQUAL(401, http(t.port(), "POST", "/login", {}, "login=admin&password=nope", kForm).status);
        auto refused = http(t.port(), "POST", "/login", {}, "login=admin&password=admin123", kForm);
        CPPUNIT_ASSERT_EQUAL(429, refused.status);
        CPPUNIT_ASSERT(refused.setCookies.empty());
        const long long retryAfter = std::stoll(refused.headers["retry-after"]);
        CPPUNIT_ASSERT(retryAfter > 0 && retryAfter <= 15);
        CPPUNIT_ASSERT(refused.body.find("Demasiados intentos fallidos") != std::string::npos);
        // API callers get the code.
        auto api = http(t.port(), "POST", "/login", {{"Accept", "application/json"}}, "login=otro&password=x", kForm);
        CPPUNIT_ASSERT_EQUAL(429, api.status);
        CPPUNIT_ASSERT(api.body.find("\"too_many_attempts\"") != std::string::npos);
    }

    void nextWithATabDoesNotLeaveTheSite() {
        TestHost t;
        t.addUser("admin", Role::Administrator, "admin123");
        auto ok = http(t.port(), "POST", "/login", {}, "login=admin&password=admin123&next=/%09/evil.example", kForm);
        CPPUNIT_ASSERT_EQUAL(303, ok.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/"), ok.headers["location"]);
    }

    // Hashes made at 120,000 rounds (before issue 15) are made again at today's count when the
    // password is at hand, and the login still works with the new hash.
    void anOlderPasswordHashIsRedoneAtLogin() {
        TestHost t;
        const long long id = t.addUser("admin", Role::Administrator, "admin123");
        const auto old = refhost::crypto::hashPassword("admin123", 120000);
        {
            auto s = t.services().db.session();
            Poco::Int64 user = id;
            std::string hash = old.hash, salt = old.salt;
            s << "UPDATE users SET password_hash = ?, salt = ? WHERE id = ?", use(hash), use(salt), use(user), now;
        }
        CPPUNIT_ASSERT_EQUAL(120000, refhost::crypto::hashIterations(storedHash(t, id)));
        CPPUNIT_ASSERT(!login(t.port(), "admin", "admin123").empty());
        CPPUNIT_ASSERT_EQUAL(refhost::crypto::kPbkdf2Iterations, refhost::crypto::hashIterations(storedHash(t, id)));
        CPPUNIT_ASSERT(!login(t.port(), "admin", "admin123").empty());
        CPPUNIT_ASSERT(login(t.port(), "admin", "otra-clave").empty());
    }

    // Four clients send half a request head to the public webhook URL and then nothing, against
    // two worker threads. With Poco's default 60 s timeout the login page waited behind them;
    // with http.timeout_s = 1 the silent connections are closed and the page answers.
    void idleClientsDoNotHoldTheWorkerThreads() {
        TestHost t({{"http.threads", "2"}, {"http.timeout_s", "1"}});
        std::vector<Poco::Net::StreamSocket> idle;
        for (int i = 0; i < 4; ++i) {
            idle.emplace_back(Poco::Net::SocketAddress("127.0.0.1", t.port()));
            const std::string head = "POST /campaigns/webhooks/whatsapp HTTP/1.1\r\nHost: localhost\r\nContent-Le";
            idle.back().sendBytes(head.data(), static_cast<int>(head.size()));
        }
        Poco::Net::HTTPClientSession session("127.0.0.1", t.port());
        session.setTimeout(Poco::Timespan(8, 0));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/login", Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::string body;
        CPPUNIT_ASSERT_NO_THROW(Poco::StreamCopier::copyToString(session.receiveResponse(response), body));
        CPPUNIT_ASSERT_EQUAL(Poco::Net::HTTPResponse::HTTP_OK, response.getStatus());
        // And the silent ones were closed by the server: reading gives end of stream or a reset.
        for (auto& s : idle) {
            s.setReceiveTimeout(Poco::Timespan(5, 0));
            char buffer[512];
            int n = 1;
            try {
                while (n > 0) n = s.receiveBytes(buffer, sizeof buffer);
            } catch (const Poco::Net::ConnectionResetException&) {
                n = 0;
            }
            CPPUNIT_ASSERT_EQUAL(0, n);
        }
    }

    void shortPasswordsAreRefused() {
        TestHost t;
        CPPUNIT_ASSERT_THROW(t.addUser("corta", Role::Agent, "1234567"), std::invalid_argument);
        CPPUNIT_ASSERT(t.addUser("justa", Role::Agent, "12345678") > 0);
    }

    void expiredAndRevokedTokensAreRefused() {
        TestHost t;
        const long long agent = t.addUser("agente", Role::Agent, "agente123");
        auto& auth = t.services().auth;
        CPPUNIT_ASSERT_THROW(auth.createApiToken(agent, "x", 7), std::invalid_argument);
        const std::string expiring = auth.createApiToken(agent, "vence", 30);
        const std::string revoked = auth.createApiToken(agent, "revocado", 365);
        const auto me = [&](const std::string& token) {
            return http(t.port(), "GET", "/api/v1/me", {{"Authorization", "Bearer " + token}}).status;
        };
        CPPUNIT_ASSERT_EQUAL(200, me(expiring));
        CPPUNIT_ASSERT_EQUAL(200, me(revoked));
        {
            // 30 days later, as far as the stored expiry is concerned.
            auto s = t.services().db.session();
            s << "UPDATE api_tokens SET expires_at = expires_at - 31 * 24 * 3600 * 1000 WHERE label = 'vence'", now;
        }
        CPPUNIT_ASSERT_EQUAL(401, me(expiring));
        const auto tokens = auth.apiTokens();
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, tokens.size());
        CPPUNIT_ASSERT_EQUAL(std::string("revocado"), tokens.front().label);
        CPPUNIT_ASSERT(auth.revokeApiToken(tokens.front().id));
        CPPUNIT_ASSERT(!auth.revokeApiToken(tokens.front().id));
        CPPUNIT_ASSERT_EQUAL(401, me(revoked));
    }

    void theUsersPageListsAndRevokesTokens() {
        TestHost t;
        t.addUser("admin", Role::Administrator, "admin123");
        const long long agent = t.addUser("agente", Role::Agent, "agente123");
        const std::string cookie = login(t.port(), "admin", "admin123");
        auto page = http(t.port(), "GET", "/admin/users", {{"Cookie", cookie}});
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        CPPUNIT_ASSERT(page.body.find("Todavía no hay tokens de API.") != std::string::npos);
        const std::string csrf = csrfFromPage(page.body);
        auto created = http(t.port(), "POST", "/admin/users/" + std::to_string(agent) + "/tokens", {{"Cookie", cookie}},
                            "csrf_token=" + csrf + "&etiqueta=integracion&dias=30", kForm);
        CPPUNIT_ASSERT_EQUAL(200, created.status);
        const auto start = created.body.find("hdt_");
        CPPUNIT_ASSERT(start != std::string::npos);
        const std::string token = created.body.substr(start, 68);
        CPPUNIT_ASSERT(created.body.find("integracion") != std::string::npos);
        CPPUNIT_ASSERT(created.body.find("Activo") != std::string::npos);
        const auto id = t.services().auth.apiTokens().front().id;
        const auto expiresIn = t.services().auth.apiTokens().front().expiresAt - t.services().auth.apiTokens().front().createdAt;
        CPPUNIT_ASSERT_EQUAL(30LL * 24 * 3600 * 1000, expiresIn);
        CPPUNIT_ASSERT_EQUAL(400, http(t.port(), "POST", "/admin/users/" + std::to_string(agent) + "/tokens",
                                       {{"Cookie", cookie}}, "csrf_token=" + csrf + "&etiqueta=x&dias=7", kForm)
                                      .status);
        CPPUNIT_ASSERT_EQUAL(200, http(t.port(), "GET", "/api/v1/me", {{"Authorization", "Bearer " + token}}).status);
        auto revoked = http(t.port(), "POST", "/admin/tokens/" + std::to_string(id) + "/revoke", {{"Cookie", cookie}},
                            "csrf_token=" + csrf, kForm);
        CPPUNIT_ASSERT_EQUAL(303, revoked.status);
        CPPUNIT_ASSERT_EQUAL(401, http(t.port(), "GET", "/api/v1/me", {{"Authorization", "Bearer " + token}}).status);
        page = http(t.port(), "GET", "/admin/users", {{"Cookie", cookie}});
        CPPUNIT_ASSERT(page.body.find("Revocado") != std::string::npos);
        // Without the CSRF token nothing is revoked.
        CPPUNIT_ASSERT_EQUAL(
            403,
            http(t.port(), "POST", "/admin/tokens/" + std::to_string(id) + "/revoke", {{"Cookie", cookie}}, "", kForm).status);
    }

    static std::string storedHash(TestHost& t, long long id) {
        auto s = t.services().db.session();
        Poco::Int64 user = id;
        std::string hash;
        s << "SELECT password_hash FROM users WHERE id = ?", use(user), into(hash), now;
        return hash;
    }

    void everyAnswerCarriesTheSecurityHeaders() {
        TestHost t;
        for (const auto& path : {"/login", "/no-such-page", "/static/host.css", "/static/host.js", "/tickets"}) {
            auto r = http(t.port(), "GET", path, {{"Accept", "text/html"}});
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, std::string("DENY"), r.headers["x-frame-options"]);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, std::string("nosniff"), r.headers["x-content-type-options"]);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, std::string(refhost::kContentSecurityPolicy),
                                         r.headers["content-security-policy"]);
        }
        auto api = http(t.port(), "GET", "/api/v1/me");
        CPPUNIT_ASSERT_EQUAL(std::string("DENY"), api.headers["x-frame-options"]);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HostSecurityTest);
