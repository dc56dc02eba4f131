// The outage watch (sending/OutageWatch.h): only an unbroken run of "the API is down" outcomes
// lasting its threshold is an outage; a lost answer among accepted sends neither slows the
// account down nor pauses anything.
#include "cloudapi/OutcomeClassifier.h"
#include "sending/OutageWatch.h"

#include <cppunit/extensions/HelperMacros.h>

using campaigns::sending::OutageWatch;
using namespace std::chrono_literals;

namespace {
campaigns::cloudapi::SendOutcome refused() {
    campaigns::cloudapi::Retryable r;
    r.transport = true;
    return r;
}
campaigns::cloudapi::SendOutcome accepted() { return campaigns::cloudapi::Accepted{"wamid.X", "56911", "accepted"}; }
} // namespace

class OutageWatchTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(OutageWatchTest);
    CPPUNIT_TEST(whatSaysTheApiIsDown);
    CPPUNIT_TEST(anUnbrokenRunLastingTheThresholdIsAnOutage);
    CPPUNIT_TEST(anAnswerEndsTheRun);
    CPPUNIT_TEST_SUITE_END();

public:
    void whatSaysTheApiIsDown() {
        using namespace campaigns::cloudapi;
        CPPUNIT_ASSERT(signalsOutage(refused()));
        CPPUNIT_ASSERT(signalsOutage(classifySendResponse(503, "")));
        CPPUNIT_ASSERT(signalsOutage(classifySendResponse(500, R"({"error":{"code":131016,"message":"down"}})")));
        CPPUNIT_ASSERT_MESSAGE("429 is a rate limit, not an outage", !signalsOutage(classifySendResponse(429, "")));
        CPPUNIT_ASSERT(!signalsOutage(classifySendResponse(400, R"({"error":{"code":131026,"message":"x"}})")));
        CPPUNIT_ASSERT_MESSAGE("a 200 without a wamid is unknown, not an outage",
                               !signalsOutage(classifySendResponse(200, "{}")));
        CPPUNIT_ASSERT(!signalsOutage(accepted()));
    }

    void anUnbrokenRunLastingTheThresholdIsAnOutage() {
        OutageWatch watch(5s);
        const auto t0 = OutageWatch::Clock::now();
        CPPUNIT_ASSERT(watch.record(refused(), t0) == 0ms);
        CPPUNIT_ASSERT(watch.record(refused(), t0 + 1s) == 0ms);
        CPPUNIT_ASSERT(watch.record(refused(), t0 + 2s) == 250ms);
        CPPUNIT_ASSERT(watch.record(refused(), t0 + 3s) == 500ms);
        CPPUNIT_ASSERT(!watch.outageSince(t0 + 4s));
        for (int i = 0; i < 10; ++i) watch.record(refused(), t0 + 4s);
        CPPUNIT_ASSERT_MESSAGE("the hold stops growing at 2 s", watch.record(refused(), t0 + 4s) == 2s);
        CPPUNIT_ASSERT(watch.outageSince(t0 + 5s));
        watch.reset();
        CPPUNIT_ASSERT(!watch.outageSince(t0 + 6s));
    }

    void anAnswerEndsTheRun() {
        OutageWatch watch(5s);
        const auto t0 = OutageWatch::Clock::now();
        for (int i = 0; i < 5; ++i) watch.record(refused(), t0 + std::chrono::seconds(i));
        CPPUNIT_ASSERT(watch.record(accepted(), t0 + 5s) == 0ms);
        CPPUNIT_ASSERT(!watch.outageSince(t0 + 6s));
        watch.record(refused(), t0 + 6s);
        CPPUNIT_ASSERT(!watch.outageSince(t0 + 10s));
        // One failure followed by nothing to send is no outage, however long the silence lasts.
        CPPUNIT_ASSERT(!watch.outageSince(t0 + 12s));
        CPPUNIT_ASSERT(!watch.outageSince(t0 + 60s));
        // Two failures a long silence apart are no run.
        OutageWatch quiet(5s);
        quiet.record(refused(), t0);
        quiet.record(refused(), t0 + 60s);
        CPPUNIT_ASSERT(!quiet.outageSince(t0 + 61s));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(OutageWatchTest);
