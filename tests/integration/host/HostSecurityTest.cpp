// Issue 15 on the reference host over real HTTP: the login form's body cap (413), failed-login
// backoff (429 + Retry-After, checked before the password), no open redirect through a control
// character in next=, and the security headers on every answer.
#include "HttpUtil.h"
#include "TestHost.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace hosttest;
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
