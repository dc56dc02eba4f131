#include "RateLimiter.h"

#include <cppunit/extensions/HelperMacros.h>

class RateLimiterTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RateLimiterTest);
    CPPUNIT_TEST(testSlidingWindow);
    CPPUNIT_TEST(testKeysIndependent);
    CPPUNIT_TEST(testIdleKeysSwept);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSlidingWindow() {
        cloudsim::RateLimiter limiter;
        CPPUNIT_ASSERT(limiter.tryAcquire("n", 3, 1000, 0));
        CPPUNIT_ASSERT(limiter.tryAcquire("n", 3, 1000, 400));
        CPPUNIT_ASSERT(limiter.tryAcquire("n", 3, 1000, 800));
        CPPUNIT_ASSERT(!limiter.tryAcquire("n", 3, 1000, 999));
        // The first event leaves the window at t=1000, so exactly one slot frees up.
        CPPUNIT_ASSERT(limiter.tryAcquire("n", 3, 1000, 1000));
        CPPUNIT_ASSERT(!limiter.tryAcquire("n", 3, 1000, 1001));
        CPPUNIT_ASSERT(limiter.tryAcquire("n", 3, 1000, 1400));
    }

    void testKeysIndependent() {
        cloudsim::RateLimiter limiter;
        CPPUNIT_ASSERT(limiter.tryAcquire("a", 1, 6000, 0));
        CPPUNIT_ASSERT(!limiter.tryAcquire("a", 1, 6000, 10));
        CPPUNIT_ASSERT(limiter.tryAcquire("b", 1, 6000, 10));
        limiter.clear();
        CPPUNIT_ASSERT(limiter.tryAcquire("a", 1, 6000, 20));
    }

    void testIdleKeysSwept() {
        cloudsim::RateLimiter limiter;
        for (int i = 0; i < 100000; ++i) limiter.tryAcquire("r" + std::to_string(i), 1, 10, i);
        CPPUNIT_ASSERT(limiter.trackedKeys() < 100000);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RateLimiterTest);
