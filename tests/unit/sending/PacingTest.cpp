// The two gates that keep an account under Meta's throughput limit: the token bucket spaces
// requests evenly, the window limiter guarantees no sliding window ever holds more than its limit,
// whatever bunches up between them.
#include "sending/TokenBucket.h"
#include "sending/WindowLimiter.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <mutex>
#include <thread>
#include <vector>

using campaigns::sending::TokenBucket;
using campaigns::sending::WindowLimiter;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

class PacingTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PacingTest);
    CPPUNIT_TEST(windowNeverHoldsMoreThanItsLimitUnderConcurrentBursts);
    CPPUNIT_TEST(windowLetsAFullWindowThroughWithoutWaiting);
    CPPUNIT_TEST(bucketSpacesSlotsEvenlyAndBanksNothingWhenIdle);
    CPPUNIT_TEST(bucketMakesUpRecentlyMissedSlotsOnly);
    CPPUNIT_TEST_SUITE_END();

public:
    void windowNeverHoldsMoreThanItsLimitUnderConcurrentBursts() {
        WindowLimiter limiter(5, 200ms);
        std::mutex m;
        std::vector<Clock::time_point> starts;
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&] {
                for (int i = 0; i < 5; ++i) {
                    limiter.acquire();
                    std::lock_guard lock(m);
                    starts.push_back(Clock::now());
                }
            });
        for (auto& t : threads) t.join();
        std::sort(starts.begin(), starts.end());
        CPPUNIT_ASSERT_EQUAL(std::size_t(20), starts.size());
        // Any 6 consecutive starts span at least the window (a little less for the time between
        // acquire() returning and the clock read here).
        for (std::size_t i = 0; i + 5 < starts.size(); ++i)
            CPPUNIT_ASSERT_MESSAGE("six starts within one window", starts[i + 5] - starts[i] >= 195ms);
        CPPUNIT_ASSERT_MESSAGE("20 starts at 5 per 200 ms take about 600 ms", starts.back() - starts.front() < 900ms);
    }

    void windowLetsAFullWindowThroughWithoutWaiting() {
        WindowLimiter limiter(50, 1s);
        const auto t0 = Clock::now();
        for (int i = 0; i < 50; ++i) limiter.acquire();
        CPPUNIT_ASSERT(Clock::now() - t0 < 100ms);
    }

    void bucketSpacesSlotsEvenlyAndBanksNothingWhenIdle() {
        TokenBucket bucket(100); // one slot every 10 ms
        const auto first = bucket.reserve();
        const auto second = bucket.reserve();
        CPPUNIT_ASSERT(second - first >= 9ms && second - first <= 11ms);
        std::this_thread::sleep_for(100ms);
        const auto late = bucket.reserve();
        const auto next = bucket.reserve();
        CPPUNIT_ASSERT_MESSAGE("an idle bucket starts from now", late >= Clock::now() - 5ms);
        CPPUNIT_ASSERT_MESSAGE("and does not burst to catch up", next - late >= 9ms);
    }

    void bucketMakesUpRecentlyMissedSlotsOnly() {
        TokenBucket bucket(100, 50ms); // a slot every 10 ms, at most 50 ms made up
        bucket.reserve();
        std::this_thread::sleep_for(200ms);
        const auto current = Clock::now();
        int immediate = 0;
        for (int i = 0; i < 20; ++i)
            if (bucket.reserve() <= current) ++immediate;
        CPPUNIT_ASSERT_MESSAGE("about 50 ms of slots are due at once, not 200 ms", immediate >= 4 && immediate <= 6);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(PacingTest);
