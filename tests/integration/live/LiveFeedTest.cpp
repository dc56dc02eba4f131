#include "LiveFixture.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

#include <future>

using namespace campaigns::live;
using namespace Poco::Data::Keywords;
using namespace std::chrono_literals;

class LiveFeedTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LiveFeedTest);
    CPPUNIT_TEST(updateReachesSubscriberWithinOneSecond);
    CPPUNIT_TEST(unchangedRowsAreNotPublishedAgain);
    CPPUNIT_TEST(lateCommitWithOlderTimestampIsStillPublished);
    CPPUNIT_TEST(stopWakesWaitingSubscribers);
    CPPUNIT_TEST(subscribersBeyondTheCapAreRefused);
    CPPUNIT_TEST(changesSinceResendsOnlyLaterChanges);
    CPPUNIT_TEST(isoTimesBecomeVersions);
    CPPUNIT_TEST(eventsAreWrittenInEachLanguage);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<testsupport::TestDatabase> db;

    Poco::JSON::Object::Ptr parse(const CampaignChange& c) {
        return Poco::JSON::Parser().parse(c.jsonFor("es")).extract<Poco::JSON::Object::Ptr>();
    }

public:
    void setUp() override { db = livetest::migratedDatabase(); }
    void tearDown() override { db.reset(); }

    void updateReachesSubscriberWithinOneSecond() {
        const long long id = livetest::addCampaign(*db, "loaded");
        LiveFeed feed(*db, Poco::Logger::get("test"), livetest::pluginOptions());
        feed.start();
        auto sub = feed.subscribe();
        std::this_thread::sleep_for(600ms); // the poller has taken its first look
        const auto changedAt = std::chrono::steady_clock::now();
        livetest::acceptOne(*db, id);
        std::vector<CampaignChange> changes;
        CPPUNIT_ASSERT(sub->wait(2s, changes) == Subscription::Wake::Changes);
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - changedAt < 1s);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), changes.size());
        const auto json = parse(changes[0]);
        CPPUNIT_ASSERT_EQUAL(id, static_cast<long long>(json->getValue<Poco::Int64>("id")));
        CPPUNIT_ASSERT_EQUAL(std::string("sending"), json->getValue<std::string>("state"));
        CPPUNIT_ASSERT_EQUAL(std::string("Enviando"), json->getValue<std::string>("state_label"));
        CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), json->getValue<Poco::Int64>("n_accepted"));
        CPPUNIT_ASSERT_EQUAL(Poco::Int64(9), json->getValue<Poco::Int64>("n_queued"));
        CPPUNIT_ASSERT_EQUAL(Poco::Int64(10), json->getValue<Poco::Int64>("entries_total"));
        CPPUNIT_ASSERT(json->isNull("finished_at"));
        CPPUNIT_ASSERT_EQUAL(changes[0].eventId, json->getValue<std::string>("updated_at"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(24), changes[0].eventId.size()); // 2026-03-01T10:00:00.123Z
        CPPUNIT_ASSERT(!feed.stop(50ms)); // a subscriber still held: stop says it could not release it
        sub.reset();
        CPPUNIT_ASSERT(feed.stop(1s));
    }
    void unchangedRowsAreNotPublishedAgain() {
        const long long id = livetest::addCampaign(*db, "loaded");
        LiveFeed feed(*db, Poco::Logger::get("test"));
        feed.pollOnce();
        livetest::acceptOne(*db, id);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), feed.pollOnce());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), feed.pollOnce());
        std::this_thread::sleep_for(5ms);
        livetest::acceptOne(*db, id);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), feed.pollOnce());
    }
    void lateCommitWithOlderTimestampIsStillPublished() {
        const long long early = livetest::addCampaign(*db, "sending");
        const long long late = livetest::addCampaign(*db, "sending");
        LiveFeed feed(*db, Poco::Logger::get("test"));
        feed.pollOnce();
        livetest::acceptOne(*db, late);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), feed.pollOnce());
        // A transaction that took its updated_at a second ago commits only now.
        auto s = db->session();
        Poco::Int64 cid = early;
        const std::string past = db->dialect() == helpdesk::Dialect::MySQL ? "UTC_TIMESTAMP(3) - INTERVAL 1 SECOND"
                                                                           : "strftime('%Y-%m-%d %H:%M:%f', 'now', '-1 seconds')";
        s << "UPDATE campaigns_campaigns SET n_accepted = 5, updated_at = " + past + " WHERE id = ?", use(cid), now;
        auto sub = feed.subscribe();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), feed.pollOnce());
        std::vector<CampaignChange> changes;
        CPPUNIT_ASSERT(sub->wait(0ms, changes) == Subscription::Wake::Changes);
        CPPUNIT_ASSERT_EQUAL(early, changes.at(0).id);
    }
    void stopWakesWaitingSubscribers() {
        LiveFeed feed(*db, Poco::Logger::get("test"));
        feed.start();
        auto waiter = std::async(std::launch::async, [&] {
            auto sub = feed.subscribe();
            std::vector<CampaignChange> changes;
            return sub->wait(60s, changes);
        });
        while (feed.subscribers() == 0) std::this_thread::sleep_for(1ms);
        const auto before = std::chrono::steady_clock::now();
        CPPUNIT_ASSERT(feed.stop(2s)); // true: the subscriber was released in time
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - before < 1s);
        CPPUNIT_ASSERT(waiter.get() == Subscription::Wake::Stopped);
        CPPUNIT_ASSERT(!feed.subscribe()); // a stopped feed takes no one
    }
    void subscribersBeyondTheCapAreRefused() {
        LiveFeedOptions options;
        options.maxSubscribers = 2;
        LiveFeed feed(*db, Poco::Logger::get("test"), options);
        auto a = feed.subscribe();
        auto b = feed.subscribe();
        CPPUNIT_ASSERT(a && b);
        CPPUNIT_ASSERT(!feed.subscribe());
        a.reset();
        CPPUNIT_ASSERT(feed.subscribe() != nullptr);
    }
    void changesSinceResendsOnlyLaterChanges() {
        const long long first = livetest::addCampaign(*db, "sending");
        const long long second = livetest::addCampaign(*db, "sending");
        LiveFeed feed(*db, Poco::Logger::get("test"), livetest::pluginOptions());
        livetest::acceptOne(*db, first);
        std::this_thread::sleep_for(20ms);
        feed.pollOnce();
        auto all = feed.changesSince("2021-01-01 00:00:00.000");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), all.size());
        const std::string seen = all[0].version;
        std::this_thread::sleep_for(20ms);
        livetest::acceptOne(*db, second, "completed");
        auto missed = feed.changesSince(seen);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), missed.size());
        CPPUNIT_ASSERT_EQUAL(second, missed[0].id);
        CPPUNIT_ASSERT(missed[0].jsonFor("es").find("\"Completada\"") != std::string::npos);
        CPPUNIT_ASSERT(feed.changesSince(missed[0].version).empty());
    }
    // Issue 16: an English page's live list read "Enviando" in state_label; each subscriber now
    // gets the event in its language, and an unknown language falls back to the first.
    void eventsAreWrittenInEachLanguage() {
        const long long id = livetest::addCampaign(*db, "sending");
        LiveFeedOptions options;
        options.languages = {"es", "en"};
        options.text = [](const std::string& language, const std::string& key) { return language + ":" + key; };
        LiveFeed feed(*db, Poco::Logger::get("test"), options);
        livetest::acceptOne(*db, id);
        auto all = feed.changesSince("2021-01-01 00:00:00.000");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), all.size());
        auto label = [&](const std::string& locale) {
            return Poco::JSON::Parser()
                .parse(all[0].jsonFor(locale))
                .extract<Poco::JSON::Object::Ptr>()
                ->getValue<std::string>("state_label");
        };
        CPPUNIT_ASSERT_EQUAL(std::string("en:state.sending"), label("en-US"));
        CPPUNIT_ASSERT_EQUAL(std::string("es:state.sending"), label("es"));
        CPPUNIT_ASSERT_EQUAL(std::string("es:state.sending"), label("fr"));
    }
    void isoTimesBecomeVersions() {
        CPPUNIT_ASSERT_EQUAL(std::string("2026-03-01 10:00:00.123"), versionFromIso("2026-03-01T10:00:00.123Z"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-03-01 10:00:00.000"), versionFromIso("2026-03-01T10:00:00Z"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-03-01 13:00:00.000"), versionFromIso("2026-03-01T10:00:00-03:00"));
        CPPUNIT_ASSERT_THROW(versionFromIso("ayer"), Poco::SyntaxException);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LiveFeedTest);
