// Failed-login backoff (issue 15, point 3): free attempts, then a delay doubling per failure up to
// the maximum, per address and per login; a success clears the login's count only.
#include "LoginThrottle.h"

#include <cppunit/extensions/HelperMacros.h>

using refhost::LoginThrottle;

namespace {
Poco::Timestamp at(long long seconds) { return Poco::Timestamp(seconds * Poco::Timestamp::resolution()); }
} // namespace

class LoginThrottleTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LoginThrottleTest);
    CPPUNIT_TEST(fiveFailuresThenDoublingDelayUpToTheMaximum);
    CPPUNIT_TEST(addressIsThrottledWhateverTheLogin);
    CPPUNIT_TEST(successClearsTheLoginButNotTheAddress);
    CPPUNIT_TEST(failuresOutsideTheWindowStartAgain);
    CPPUNIT_TEST(tableStaysBoundedUnderAFloodOfNames);
    CPPUNIT_TEST_SUITE_END();

public:
    void fiveFailuresThenDoublingDelayUpToTheMaximum() {
        LoginThrottle t;
        for (int i = 0; i < 4; ++i) {
            CPPUNIT_ASSERT(!t.retryAfter("10.0.0.1", "admin", at(1000 + i)));
            t.failed("10.0.0.1", "admin", at(1000 + i));
        }
        CPPUNIT_ASSERT(!t.retryAfter("10.0.0.1", "admin", at(1004)));
        t.failed("10.0.0.1", "admin", at(1004)); // the fifth: 15 s
        CPPUNIT_ASSERT_EQUAL(15LL, t.retryAfter("10.0.0.1", "admin", at(1004)).value_or(0));
        CPPUNIT_ASSERT_EQUAL(5LL, t.retryAfter("10.0.0.1", "admin", at(1014)).value_or(0));
        CPPUNIT_ASSERT(!t.retryAfter("10.0.0.1", "admin", at(1019)));
        t.failed("10.0.0.1", "admin", at(1019)); // 30 s
        CPPUNIT_ASSERT_EQUAL(30LL, t.retryAfter("10.0.0.1", "admin", at(1019)).value_or(0));
        long long now = 1049;
        for (int i = 0; i < 10; ++i) t.failed("10.0.0.1", "admin", at(now));
        CPPUNIT_ASSERT_EQUAL(900LL, t.retryAfter("10.0.0.1", "admin", at(now)).value_or(0));
    }

    void addressIsThrottledWhateverTheLogin() {
        LoginThrottle t;
        for (int i = 0; i < 5; ++i) t.failed("10.0.0.2", "user" + std::to_string(i), at(2000));
        CPPUNIT_ASSERT(t.retryAfter("10.0.0.2", "someone-else", at(2001)));
        CPPUNIT_ASSERT(!t.retryAfter("10.0.0.3", "user1", at(2001)));
        // And a login is throttled whatever the address (a guessing botnet).
        for (int i = 0; i < 5; ++i) t.failed("10.1.0." + std::to_string(i), "Admin", at(2000));
        CPPUNIT_ASSERT(t.retryAfter("10.9.9.9", "admin", at(2001)));
    }

    void successClearsTheLoginButNotTheAddress() {
        LoginThrottle t;
        for (int i = 0; i < 4; ++i) t.failed("10.0.0.4", "agente", at(3000));
        t.succeeded("agente");
        t.failed("10.0.0.5", "agente", at(3001));
        CPPUNIT_ASSERT(!t.retryAfter("10.0.0.5", "agente", at(3001)));
        t.failed("10.0.0.4", "otro", at(3002)); // the address's fifth
        CPPUNIT_ASSERT(t.retryAfter("10.0.0.4", "agente", at(3002)));
    }

    void failuresOutsideTheWindowStartAgain() {
        LoginThrottle t;
        for (int i = 0; i < 4; ++i) t.failed("10.0.0.6", "admin", at(4000));
        t.failed("10.0.0.6", "admin", at(4000 + 16 * 60));
        CPPUNIT_ASSERT(!t.retryAfter("10.0.0.6", "admin", at(4000 + 16 * 60)));
    }

    void tableStaysBoundedUnderAFloodOfNames() {
        LoginThrottle::Settings s;
        s.maxRecords = 100;
        LoginThrottle t(s);
        for (int i = 0; i < 5; ++i) t.failed("10.0.0.7", "victim", at(5000));
        for (int i = 0; i < 1000; ++i) t.failed("10.0.1." + std::to_string(i % 250), "name" + std::to_string(i), at(5001));
        CPPUNIT_ASSERT(t.retryAfter("10.0.0.8", "victim", at(5002))); // a block in force survives the flood
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LoginThrottleTest);
