// "Programar en tandas" (issue 13) on the database, over HTTP, with an injected clock: a campaign
// the WABA's limit (here TIER_50) does not cover starts in the waves the server proposes; wave 1 is
// claimable at once, the entries of later waves only from their start (also after a restart, a
// pause and a resume); a phone in several rows belongs to one wave; two clicks at once start it
// once; a campaign that fits is refused with waves_not_needed, one with no room today for a first
// wave with daily_limit; cancel takes the waiting waves out.
#include "Barrier.h"
#include "SchedulingFixture.h"
#include "sending/OutboxStore.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <thread>

using namespace schedtest;

namespace {

const Poco::Timespan kDay(24 * Poco::Timespan::HOURS);

std::string phoneOf(int i) { return "569" + std::to_string(10000000 + i); }

// A loaded campaign on the fixture's account with one row per phone of `phones`, in order.
long long campaignWithRows(Fixture& f, const std::string& name, const std::vector<std::string>& phones) {
    const std::set<std::string> unique(phones.begin(), phones.end());
    const long long id = f.campaign(name, static_cast<long long>(phones.size()));
    auto s = f.db->session();
    Poco::Int64 key = id, distinct = static_cast<Poco::Int64>(unique.size());
    s << "UPDATE campaigns_campaigns SET unique_phones = ? WHERE id = ?", use(distinct), use(key), now;
    Poco::Int32 row = 1;
    std::string phone;
    for (const auto& p : phones) {
        ++row;
        phone = p;
        s << "INSERT INTO campaigns_entries (campaign_id, row_no, phone, params_json, metadata_json, updated_at)"
             " VALUES (?, ?, ?, '[]', '{}', '2026-12-01 10:00:00.000')",
            use(key), use(row), use(phone), now;
    }
    return id;
}

// 120 distinct phones and, last, the first phone again: waves of 50, 50 and 20 users under TIER_50.
std::vector<std::string> overLimitPhones(int from = 0) {
    std::vector<std::string> phones;
    for (int i = 0; i < 120; ++i) phones.push_back(phoneOf(from + i));
    phones.push_back(phoneOf(from));
    return phones;
}

void setTier(Fixture& f, const std::string& tier) {
    auto s = f.db->session();
    std::string t = tier;
    s << "UPDATE campaigns_accounts SET daily_limit_tier = ?", use(t), now;
}

// What the send engine would claim at `at` (a fresh OutboxStore each time, as after a restart).
std::vector<campaigns::sending::ClaimedEntry> claimAt(Fixture& f, long long id, const Poco::Timestamp& at) {
    campaigns::sending::OutboxStore outbox(*f.db, campaigns::counters::utcDayKey(), [at] { return at; });
    return outbox.claim(id, "host-a", at + Poco::Timespan(300, 0), 500);
}

std::set<std::string> phonesOf(const std::vector<campaigns::sending::ClaimedEntry>& claimed) {
    std::set<std::string> phones;
    for (const auto& e : claimed) phones.insert(e.phone);
    return phones;
}

long long count(Fixture& f, const std::string& sql, long long id) {
    auto s = f.db->session();
    Poco::Int64 key = id, n = 0;
    s << sql, use(key), into(n), now;
    return n;
}

} // namespace

class WavesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(WavesTest);
    CPPUNIT_TEST(schedulingWavesStoresThemAndStartsWaveOne);
    CPPUNIT_TEST(laterWavesWaitForTheirStartAcrossRestartPauseAndResume);
    CPPUNIT_TEST(twoCallsAtOnceStartTheWavesOnce);
    CPPUNIT_TEST(aCampaignThatFitsIsSentWithoutWaves);
    CPPUNIT_TEST(noRoomTodayForAFirstWaveIsRefused);
    CPPUNIT_TEST(wavesNeedTheApprovalASendNeeds);
    CPPUNIT_TEST(cancelTakesTheWaitingWavesOut);
    CPPUNIT_TEST_SUITE_END();

public:
    void schedulingWavesStoresThemAndStartsWaveOne() {
        Fixture f;
        setTier(f, "TIER_50");
        const long long id = campaignWithRows(f, "Olas", overLimitPhones());
        // The normal send refuses it: the limit does not cover the campaign.
        CPPUNIT_ASSERT_EQUAL(std::string("daily_limit"), f.call("POST", f.base(id) + "/send").error());

        const int wakesBefore = f.wakes;
        auto a = f.call("POST", f.base(id) + "/waves");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(a.text, 200, a.status);
        CPPUNIT_ASSERT_EQUAL(std::string("sending"), a.str("state"));
        auto waves = a.json()->getArray("waves");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), waves->size());
        const auto wave = [&](std::size_t i) { return waves->getObject(static_cast<unsigned>(i)); };
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-07T12:00:00Z"), wave(0)->getValue<std::string>("starts_at"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-08T12:00:00Z"), wave(1)->getValue<std::string>("starts_at"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-08T09:00"), wave(1)->getValue<std::string>("starts_at_local"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-09T12:00:00Z"), wave(2)->getValue<std::string>("starts_at"));
        CPPUNIT_ASSERT_EQUAL(50, wave(0)->getValue<int>("recipients"));
        CPPUNIT_ASSERT_EQUAL(50, wave(1)->getValue<int>("recipients"));
        CPPUNIT_ASSERT_EQUAL(20, wave(2)->getValue<int>("recipients"));
        CPPUNIT_ASSERT(f.wakes > wakesBefore);

        // Stored, and the later waves' rows wait in the queue until their start.
        CPPUNIT_ASSERT_EQUAL(3LL, count(f, "SELECT COUNT(*) FROM campaigns_campaign_waves WHERE campaign_id = ?", id));
        CPPUNIT_ASSERT_EQUAL(
            51LL, count(f, "SELECT COUNT(*) FROM campaigns_entries WHERE campaign_id = ? AND next_attempt_at IS NULL", id));
        CPPUNIT_ASSERT_EQUAL(121LL,
                             count(f, "SELECT COUNT(*) FROM campaigns_entries WHERE campaign_id = ? AND state = 'queued'", id));

        // The list shows them.
        auto listed = f.json(id)->getArray("waves");
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), listed->size());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-08T12:00:00Z"), listed->getObject(1)->getValue<std::string>("starts_at"));
        CPPUNIT_ASSERT_EQUAL(50, listed->getObject(1)->getValue<int>("recipients"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), f.json(f.campaign("Sin olas"))->getArray("waves")->size());

        // Wave 1 now: its 50 users, the repeated phone's second row with them.
        const auto first = claimAt(f, id, utc(2026, 12, 7, 12));
        CPPUNIT_ASSERT_EQUAL(std::size_t(51), first.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(50), phonesOf(first).size());
        CPPUNIT_ASSERT(phonesOf(first).count(phoneOf(49)) && !phonesOf(first).count(phoneOf(50)));
        // A second waved start of the same campaign is refused: it already started.
        CPPUNIT_ASSERT_EQUAL(std::string("invalid_state"), f.call("POST", f.base(id) + "/waves").error());
    }

    void laterWavesWaitForTheirStartAcrossRestartPauseAndResume() {
        Fixture f;
        setTier(f, "TIER_50");
        const long long id = campaignWithRows(f, "Reinicio", overLimitPhones());
        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(id) + "/waves").status);
        const Poco::Timestamp t0 = utc(2026, 12, 7, 12);
        CPPUNIT_ASSERT_EQUAL(std::size_t(51), claimAt(f, id, t0).size());
        CPPUNIT_ASSERT(claimAt(f, id, t0 + Poco::Timespan(3600, 0)).empty());

        // An administrator pauses and resumes an hour later: wave 2 still waits for its start.
        f.setClock(t0 + Poco::Timespan(3600, 0));
        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(id) + "/pause").status);
        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(id) + "/resume").status);
        CPPUNIT_ASSERT_EQUAL(std::string("sending"), f.state(id));
        CPPUNIT_ASSERT(claimAt(f, id, t0 + Poco::Timespan(3600, 0)).empty());

        // The host restarts (new scheduler, new outbox): a minute before wave 2 nothing is due.
        f.setClock(t0 + kDay - Poco::Timespan(60, 0));
        CPPUNIT_ASSERT_EQUAL(0, f.scheduler()->runOnce().started);
        CPPUNIT_ASSERT(claimAt(f, id, t0 + kDay - Poco::Timespan(60, 0)).empty());

        // Wave 2 at its start: the next 50 users, none of wave 1 again.
        const auto second = claimAt(f, id, t0 + kDay);
        CPPUNIT_ASSERT_EQUAL(std::size_t(50), second.size());
        CPPUNIT_ASSERT(phonesOf(second).count(phoneOf(50)) && phonesOf(second).count(phoneOf(99)));
        CPPUNIT_ASSERT(!phonesOf(second).count(phoneOf(0)));
        CPPUNIT_ASSERT(claimAt(f, id, t0 + kDay + Poco::Timespan(3600, 0)).empty());

        // Wave 3 a day later, late after a longer outage: the last 20.
        const auto third = claimAt(f, id, t0 + kDay + kDay + Poco::Timespan(5 * 3600, 0));
        CPPUNIT_ASSERT_EQUAL(std::size_t(20), third.size());
        CPPUNIT_ASSERT(phonesOf(third).count(phoneOf(119)));
        CPPUNIT_ASSERT(claimAt(f, id, t0 + kDay + kDay + kDay).empty());
    }

    void twoCallsAtOnceStartTheWavesOnce() {
        Fixture f;
        setTier(f, "TIER_50");
        const long long id = campaignWithRows(f, "Doble clic", overLimitPhones());
        testsupport::Barrier barrier(2);
        Answer a, b;
        std::thread one([&] {
            barrier.arrive();
            a = f.call("POST", f.base(id) + "/waves");
        });
        std::thread two([&] {
            barrier.arrive();
            b = f.call("POST", f.base(id) + "/waves", "", 2);
        });
        one.join();
        two.join();
        CPPUNIT_ASSERT_MESSAGE(a.text + " / " + b.text, (a.status == 200) != (b.status == 200));
        const Answer& lost = a.status == 200 ? b : a;
        CPPUNIT_ASSERT_EQUAL_MESSAGE(lost.text, 409, lost.status);
        CPPUNIT_ASSERT_EQUAL(std::string("invalid_state"), lost.error());
        CPPUNIT_ASSERT_EQUAL(3LL, count(f, "SELECT COUNT(*) FROM campaigns_campaign_waves WHERE campaign_id = ?", id));
        CPPUNIT_ASSERT_EQUAL(
            70LL, count(f, "SELECT COUNT(*) FROM campaigns_entries WHERE campaign_id = ? AND next_attempt_at IS NOT NULL", id));
    }

    void aCampaignThatFitsIsSentWithoutWaves() {
        Fixture f;
        setTier(f, "TIER_50");
        std::vector<std::string> phones;
        for (int i = 0; i < 30; ++i) phones.push_back(phoneOf(i));
        const long long id = campaignWithRows(f, "Cabe", phones);
        auto a = f.call("POST", f.base(id) + "/waves");
        CPPUNIT_ASSERT_EQUAL(409, a.status);
        CPPUNIT_ASSERT_EQUAL(std::string("waves_not_needed"), a.error());
        CPPUNIT_ASSERT_MESSAGE(a.str("message"), a.str("message").find("«Enviar Campaña»") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("loaded"), f.state(id));
        CPPUNIT_ASSERT_EQUAL(0LL, count(f, "SELECT COUNT(*) FROM campaigns_campaign_waves WHERE campaign_id = ?", id));
        // No limit at all: no waves either.
        setTier(f, "UNLIMITED");
        CPPUNIT_ASSERT_EQUAL(std::string("waves_not_needed"), f.call("POST", f.base(id) + "/waves").error());
        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(id) + "/send").status);
    }

    void noRoomTodayForAFirstWaveIsRefused() {
        Fixture f;
        setTier(f, "TIER_50");
        const long long first = campaignWithRows(f, "Primera", overLimitPhones());
        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(first) + "/waves").status);
        // The first campaign holds 120 users of the WABA in its queue: nothing is free today.
        const long long second = campaignWithRows(f, "Segunda", overLimitPhones(1000));
        auto a = f.call("POST", f.base(second) + "/waves");
        CPPUNIT_ASSERT_EQUAL(409, a.status);
        CPPUNIT_ASSERT_EQUAL(std::string("daily_limit"), a.error());
        CPPUNIT_ASSERT_MESSAGE(a.str("message"), a.str("message").find("primera tanda") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("loaded"), f.state(second));
        CPPUNIT_ASSERT_EQUAL(0LL, count(f, "SELECT COUNT(*) FROM campaigns_campaign_waves WHERE campaign_id = ?", second));
        CPPUNIT_ASSERT_EQUAL(
            0LL,
            count(f, "SELECT COUNT(*) FROM campaigns_entries WHERE campaign_id = ? AND next_attempt_at IS NOT NULL", second));
    }

    void wavesNeedTheApprovalASendNeeds() {
        Fixture f(100);
        setTier(f, "TIER_50");
        const long long id = campaignWithRows(f, "Grande", overLimitPhones());
        CPPUNIT_ASSERT_EQUAL(std::string("approval_required"), f.call("POST", f.base(id) + "/waves").error());
        CPPUNIT_ASSERT_EQUAL(std::string("loaded"), f.state(id));
        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(id) + "/approve", "", 2).status);
        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(id) + "/waves").status);
        CPPUNIT_ASSERT_EQUAL(std::string("sending"), f.state(id));
    }

    void cancelTakesTheWaitingWavesOut() {
        Fixture f;
        setTier(f, "TIER_50");
        const long long id = campaignWithRows(f, "Cancelada", overLimitPhones());
        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(id) + "/waves").status);
        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(id) + "/cancel").status);
        CPPUNIT_ASSERT_EQUAL(std::string("cancelled"), f.state(id));
        CPPUNIT_ASSERT_EQUAL(0LL,
                             count(f, "SELECT COUNT(*) FROM campaigns_entries WHERE campaign_id = ? AND state = 'queued'", id));
        CPPUNIT_ASSERT(claimAt(f, id, utc(2026, 12, 9, 12)).empty());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WavesTest);
