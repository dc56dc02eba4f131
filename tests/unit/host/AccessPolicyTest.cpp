#include "AccessPolicy.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace refhost;
using helpdesk::Role;
using helpdesk::User;

class AccessPolicyTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(AccessPolicyTest);
    CPPUNIT_TEST(testRoles);
    CPPUNIT_TEST(testAnonymousBrowserIsRedirectedApiGets401);
    CPPUNIT_TEST(testPublicSignedNeedsNobody);
    CPPUNIT_TEST(testCsrf);
    CPPUNIT_TEST(testCookieAttributes);
    CPPUNIT_TEST(testBearer);
    CPPUNIT_TEST(testSafeNext);
    CPPUNIT_TEST_SUITE_END();

    User agent{2, "agente", "Agente", Role::Agent};
    User admin{1, "admin", "Admin", Role::Administrator};

public:
    void testRoles() {
        CPPUNIT_ASSERT(checkAccess(Role::Administrator, agent, false, "GET") == Access::Forbidden);
        CPPUNIT_ASSERT(checkAccess(Role::Administrator, agent, true, "POST") == Access::Forbidden);
        CPPUNIT_ASSERT(checkAccess(Role::Administrator, admin, false, "GET") == Access::Allow);
        CPPUNIT_ASSERT(checkAccess(Role::Agent, admin, false, "GET") == Access::Allow);
        CPPUNIT_ASSERT(checkAccess(Role::Agent, agent, false, "GET") == Access::Allow);
        CPPUNIT_ASSERT(parseRole("agent") == Role::Agent);
        CPPUNIT_ASSERT(!parseRole("public-signed").has_value());
    }

    void testAnonymousBrowserIsRedirectedApiGets401() {
        CPPUNIT_ASSERT(checkAccess(Role::Agent, std::nullopt, false, "GET") == Access::RedirectToLogin);
        CPPUNIT_ASSERT(checkAccess(Role::Agent, std::nullopt, true, "GET") == Access::Unauthorized);
        CPPUNIT_ASSERT(checkAccess(Role::Agent, std::nullopt, false, "POST") == Access::Unauthorized);
    }

    void testPublicSignedNeedsNobody() {
        CPPUNIT_ASSERT(checkAccess(Role::PublicSigned, std::nullopt, true, "POST") == Access::Allow);
    }

    void testCsrf() {
        CPPUNIT_ASSERT(csrfAccepted("tok", "tok"));
        CPPUNIT_ASSERT(!csrfAccepted("tok", "tok2"));
        CPPUNIT_ASSERT(!csrfAccepted("tok", ""));
        // A bearer-authenticated request has no session token: an empty one must never match.
        CPPUNIT_ASSERT(!csrfAccepted("", ""));
    }

    void testCookieAttributes() {
        const std::string c = sessionCookieHeader("abc", 3600, false);
        CPPUNIT_ASSERT_EQUAL(0, static_cast<int>(c.find("hd_session=abc;")));
        CPPUNIT_ASSERT(c.find("; HttpOnly") != std::string::npos);
        CPPUNIT_ASSERT(c.find("; SameSite=Lax") != std::string::npos);
        CPPUNIT_ASSERT(c.find("; Path=/") != std::string::npos);
        CPPUNIT_ASSERT(c.find("; Max-Age=3600") != std::string::npos);
        CPPUNIT_ASSERT(c.find("Secure") == std::string::npos);
        CPPUNIT_ASSERT(sessionCookieHeader("abc", 1, true).find("; Secure") != std::string::npos);
        CPPUNIT_ASSERT(sessionCookieHeader("", 0, false).find("Max-Age=0") != std::string::npos);
    }

    void testBearer() {
        CPPUNIT_ASSERT_EQUAL(std::string("abc"), bearerToken("Bearer abc"));
        CPPUNIT_ASSERT_EQUAL(std::string("abc"), bearerToken("bearer  abc "));
        CPPUNIT_ASSERT_EQUAL(std::string(), bearerToken("Basic abc"));
        CPPUNIT_ASSERT_EQUAL(std::string(), bearerToken("Bearer"));
    }

    void testSafeNext() {
        CPPUNIT_ASSERT_EQUAL(std::string("/tickets?x=1"), safeNextPath("/tickets?x=1"));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), safeNextPath("//evil.example"));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), safeNextPath("https://evil.example"));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), safeNextPath("/a\r\nSet-Cookie: x"));
        // Issue 15: browsers drop TAB/CR/LF in a URL, so "/<TAB>/evil" is "//evil", another host.
        CPPUNIT_ASSERT_EQUAL(std::string("/"), safeNextPath("/\t/evil.example"));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), safeNextPath("/\n/evil.example"));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), safeNextPath(std::string("/\0/evil.example", 15)));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), safeNextPath("/\x7f/evil.example"));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), safeNextPath("/\\evil.example"));
        CPPUNIT_ASSERT_EQUAL(std::string("/"), safeNextPath("\\/evil.example"));
        CPPUNIT_ASSERT_EQUAL(std::string("/campaigns?q=a%20b"), safeNextPath("/campaigns?q=a%20b"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AccessPolicyTest);
