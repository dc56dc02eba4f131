#include "FakeCloudApi.h"
#include "cloudapi/ConnectionPool.h"

#include <cppunit/extensions/HelperMacros.h>

#include <optional>
#include <thread>

using namespace campaigns::cloudapi;
using namespace campaigns::cloudapi::test;

class ConnectionPoolTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ConnectionPoolTest);
    CPPUNIT_TEST(testBoundedPerEndpoint);
    CPPUNIT_TEST(testSessionNotKeptIsClosed);
    CPPUNIT_TEST(testFreedSlotWakesWaiter);
    CPPUNIT_TEST_SUITE_END();

public:
    void testBoundedPerEndpoint() {
        ConnectionPoolOptions o;
        o.maxPerEndpoint = 1;
        o.acquireWait = Poco::Timespan(0, 100 * 1000);
        auto pool = ConnectionPool::create(o);
        const ConnectionEndpoint ep{"http", "127.0.0.1", 9};
        auto held = pool->acquire(ep);
        CPPUNIT_ASSERT(!held.reused());
        CPPUNIT_ASSERT_THROW(pool->acquire(ep), PoolExhausted);
        // Another endpoint has its own budget.
        CPPUNIT_ASSERT_NO_THROW(pool->acquire({"http", "127.0.0.1", 10}));
    }

    void testSessionNotKeptIsClosed() {
        auto pool = ConnectionPool::create();
        const ConnectionEndpoint ep{"http", "127.0.0.1", 9};
        { auto lease = pool->acquire(ep); }
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), pool->openCount(ep));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), pool->idleCount(ep));
    }

    void testFreedSlotWakesWaiter() {
        ConnectionPoolOptions o;
        o.maxPerEndpoint = 1;
        o.acquireWait = Poco::Timespan(3, 0);
        auto pool = ConnectionPool::create(o);
        const ConnectionEndpoint ep{"http", "127.0.0.1", 9};
        std::optional<ConnectionPool::Lease> held(pool->acquire(ep));
        std::thread releaser([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            held.reset();
        });
        const auto start = std::chrono::steady_clock::now();
        CPPUNIT_ASSERT_NO_THROW(pool->acquire(ep));
        releaser.join();
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConnectionPoolTest);
