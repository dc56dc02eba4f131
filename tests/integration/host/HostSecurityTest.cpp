// Issue 15 on the reference host over real HTTP: the login form's body cap (413).
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
};

CPPUNIT_TEST_SUITE_REGISTRATION(HostSecurityTest);
