// The frequency cap (issue 12): at most N MARKETING templates per number per 24 hours over every
// campaign of the WABA, checked when the outbox claims. A second campaign to the same numbers is
// held until the window frees and then sent, or skipped (state `capped`, counted, not a failure)
// when it chose so; utility templates are never capped nor counted; another number of the same
// WABA shares the count, another WABA does not; the send plan counts what the cap affects. The
// test plays the sender on a clock of its own (the engine is stopped), on SQLite and on MariaDB.
#include "SendingHarness.h"
#include "campaign/FrequencyCap.h"
#include "planning/SendPlan.h"
#include "sending/OutboxStore.h"
#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"

#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace Poco::Data::Keywords;
using campaigns::counters::recountFromEntries;
using campaigns::counters::storedCounters;
using campaigns::sending::OutboxStore;
using sendtest::SendingHarness;

namespace {
// A row of SQLite's EXPLAIN QUERY PLAN.
struct QueryPlanRow {
    int id = 0, parent = 0, unused = 0;
    std::string detail;
};
} // namespace

template <>
class Poco::Data::TypeHandler<QueryPlanRow>
    : public campaigns::storage::RowHandler<QueryPlanRow, &QueryPlanRow::id, &QueryPlanRow::parent, &QueryPlanRow::unused,
                                            &QueryPlanRow::detail> {};

namespace {

const char* const kAddTemplate =
    "INSERT INTO campaigns_templates (account_id, meta_id, name, language, status, category, parameter_format,"
    " parameter_count, header_type, components_json) VALUES (?, '', ?, 'es', 'APPROVED', ?, 'POSITIONAL', 2, '', '[]')";
const char* const kUseTemplate =
    "UPDATE campaigns_campaigns SET template_id = ?, account_id = ?, allow_duplicates = ? WHERE id = ?";
const char* const kStartSending =
    "UPDATE campaigns_campaigns SET state = 'sending', send_requested_at = ?, first_sent_at = ?, frequency_cap_action = ?"
    " WHERE id = ?";
const char* const kEntryStates = "SELECT state FROM campaigns_entries WHERE campaign_id = ? ORDER BY id";
const char* const kSetCap = "UPDATE campaigns_accounts SET frequency_cap_per_day = ? WHERE id = ?";

constexpr int kPhones = 5;

Poco::Timestamp hoursAfter(const Poco::Timestamp& t, double hours) {
    return t + Poco::Timespan(static_cast<long>(hours * 3600), 0);
}

class Fixture {
public:
    Fixture() {
        h.engine().stop(std::chrono::seconds(5)); // the test plays the sender, on its own clock
        h.stopPump();
        t0 = Poco::Timestamp();
        clock = t0;
    }

    // A campaign of the same kPhones numbers with a template of `category`, on `account` (0: the harness's).
    long long campaign(const std::string& category, long long account = 0, int entries = kPhones) {
        auto spec = sendtest::plainCampaign(entries, false, 0);
        spec.phone = [](int i) { return "5693" + std::to_string(1000000 + (i - 1) % kPhones); };
        const long long id = h.createCampaign(spec);
        auto s = h.db().session();
        Poco::Int64 acc = account ? account : h.accountId(), c = id;
        std::string name = "plantilla_" + std::to_string(id), cat = category;
        s << kAddTemplate, use(acc), use(name), use(cat), now;
        Poco::Int64 tmpl = campaigns::storage::lastInsertId(s, h.db().dialect());
        int duplicates = entries > kPhones ? 1 : 0;
        s << kUseTemplate, use(tmpl), use(acc), use(duplicates), use(c), now;
        return id;
    }

    long long account(const std::string& phoneNumberId, const std::string& waba) {
        auto s = h.db().session();
        std::string id = phoneNumberId, w = waba;
        s << "INSERT INTO campaigns_accounts (display_name, phone_number_id, waba_id, access_token_sealed, app_secret_sealed,"
             " verify_token_sealed, graph_base_url, graph_version, daily_limit_tier) VALUES ('Otro', ?, ?, '', '', '',"
             " 'http://127.0.0.1:1', 'v23.0', 'TIER_1K')",
            use(id), use(w), now;
        return campaigns::storage::lastInsertId(s, h.db().dialect());
    }

    void setCap(long long account, int perDay) {
        auto s = h.db().session();
        Poco::Int64 a = account;
        s << kSetCap, use(perDay), use(a), now;
    }

    void start(long long campaign, const std::string& action = "hold") {
        auto s = h.db().session();
        std::string at = campaigns::storage::utcText(clock), act = action;
        Poco::Int64 id = campaign;
        s << kStartSending, use(at), use(at), use(act), use(id), now;
    }

    OutboxStore outbox() {
        return OutboxStore(h.db(), campaigns::counters::utcDayKey(), [this] { return clock; });
    }

    std::vector<campaigns::sending::ClaimedEntry> claim(long long campaign, std::size_t limit = 100) {
        return outbox().claim(campaign, "test", hoursAfter(clock, 0.1), limit);
    }

    // Claims (up to `limit`), writes and records Meta's acceptance of due entries at the clock's time.
    std::size_t send(long long campaign, std::size_t limit = 100) {
        auto claimed = claim(campaign, limit);
        if (claimed.empty()) return 0;
        std::vector<std::pair<long long, std::string>> attempts;
        for (const auto& c : claimed) attempts.emplace_back(c.id, c.attemptId);
        outbox().markWritten(attempts, hoursAfter(clock, 0.1));
        std::vector<campaigns::sending::SendResult> results;
        for (const auto& c : claimed)
            results.push_back({c.id, c.campaignId, c.attemptId, c.attempts,
                               campaigns::cloudapi::Accepted{"wamid.cap-" + std::to_string(c.id), "", "accepted"}, clock});
        outbox().apply(results, 5);
        return claimed.size();
    }

    std::vector<std::string> states(long long campaign) {
        auto s = h.db().session();
        std::vector<std::string> out;
        Poco::Int64 id = campaign;
        s << kEntryStates, use(id), into(out), now;
        return out;
    }

    std::vector<std::string> nextAttempts(long long campaign) {
        auto s = h.db().session();
        std::vector<std::string> out;
        Poco::Int64 id = campaign;
        s << "SELECT " + campaigns::storage::timeAsText(h.db().dialect(), "next_attempt_at") +
                 " FROM campaigns_entries WHERE campaign_id = ? ORDER BY id",
            use(id), into(out), now;
        return out;
    }

    void assertCountersMatchEntries(long long campaign) {
        auto stored = storedCounters(h.db(), campaign);
        auto recount = recountFromEntries(h.db(), campaign);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("stored " + stored.describe() + "\nrecount " + recount.describe(), recount.describe(),
                                     stored.describe());
    }

    campaigns::planning::SendPlan plan(long long campaign) {
        return campaigns::planning::buildSendPlan(h.db(), campaign, std::nullopt, {}, {}, clock);
    }

    SendingHarness h;
    Poco::Timestamp t0, clock;
};

} // namespace

class FrequencyCapTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FrequencyCapTest);
    CPPUNIT_TEST(aSecondCampaignIsHeldUntilTheWindowFreesThenSent);
    CPPUNIT_TEST(aCampaignThatSkipsLeavesThemCappedAndFinishes);
    CPPUNIT_TEST(utilityTemplatesAreNotCappedNorCounted);
    CPPUNIT_TEST(theCapIsSharedByTheNumbersOfOneWabaOnly);
    CPPUNIT_TEST(theAccountSettingDecidesHowMany);
    CPPUNIT_TEST(aNumberListedTwiceInOneCampaignWaitsForItsWindow);
    CPPUNIT_TEST(thePlanCountsWhatTheCapAffects);
    CPPUNIT_TEST(theBatchLookupReadsThePhoneIndex);
    CPPUNIT_TEST_SUITE_END();

public:
    void aSecondCampaignIsHeldUntilTheWindowFreesThenSent() {
        Fixture f;
        const long long first = f.campaign("MARKETING"), second = f.campaign("MARKETING");
        f.start(first);
        CPPUNIT_ASSERT_EQUAL(std::size_t(kPhones), f.send(first));

        f.clock = hoursAfter(f.t0, 1);
        f.start(second);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("every number already got its marketing template today", std::size_t(0),
                                     f.claim(second).size());
        for (const auto& st : f.states(second)) CPPUNIT_ASSERT_EQUAL(std::string("queued"), st);
        const std::string frees = campaigns::storage::utcText(hoursAfter(f.t0, 24)).substr(0, 19);
        for (const auto& at : f.nextAttempts(second))
            CPPUNIT_ASSERT_EQUAL_MESSAGE("held until the first send is a day old", frees, at);
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(kPhones), storedCounters(f.h.db(), second).queued);
        f.assertCountersMatchEntries(second);

        f.clock = hoursAfter(f.t0, 23.9);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), f.claim(second).size());
        f.clock = hoursAfter(f.t0, 24.01);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("sent once the window freed", std::size_t(kPhones), f.send(second));
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(kPhones), storedCounters(f.h.db(), second).accepted);
        f.assertCountersMatchEntries(second);
        f.assertCountersMatchEntries(first);
    }

    void aCampaignThatSkipsLeavesThemCappedAndFinishes() {
        Fixture f;
        const long long first = f.campaign("MARKETING"), second = f.campaign("MARKETING");
        f.start(first);
        f.send(first);
        f.clock = hoursAfter(f.t0, 2);
        f.start(second, "skip");
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), f.claim(second).size());
        for (const auto& st : f.states(second)) CPPUNIT_ASSERT_EQUAL(std::string("capped"), st);
        const auto counters = storedCounters(f.h.db(), second);
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(kPhones), counters.capped);
        CPPUNIT_ASSERT_EQUAL(0LL, counters.queued);
        CPPUNIT_ASSERT_EQUAL(0LL, counters.failedSend);
        f.assertCountersMatchEntries(second);
        f.outbox().finishDrained();
        CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing sent, nothing failed", std::string("completed"), f.h.state(second));
        // A later claim finds nothing and changes nothing: the counters count each entry once.
        f.clock = hoursAfter(f.t0, 30);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), f.claim(second).size());
        f.assertCountersMatchEntries(second);
    }

    void utilityTemplatesAreNotCappedNorCounted() {
        Fixture f;
        const long long promo = f.campaign("MARKETING"), notice = f.campaign("UTILITY"), code = f.campaign("AUTHENTICATION");
        f.start(promo);
        f.send(promo);
        f.clock = hoursAfter(f.t0, 1);
        f.start(notice);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("utility is not capped", std::size_t(kPhones), f.send(notice));
        f.start(code);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("authentication is not capped", std::size_t(kPhones), f.send(code));

        // Utility sends do not use up the marketing cap either.
        Fixture g;
        const long long utility = g.campaign("UTILITY"), marketing = g.campaign("MARKETING");
        g.start(utility);
        g.send(utility);
        g.clock = hoursAfter(g.t0, 1);
        g.start(marketing);
        CPPUNIT_ASSERT_EQUAL(std::size_t(kPhones), g.send(marketing));
    }

    void theCapIsSharedByTheNumbersOfOneWabaOnly() {
        Fixture f;
        const long long sameWaba = f.account("100000000000077", "200000000000001");
        const long long otherWaba = f.account("100000000000088", "200000000000099");
        const long long first = f.campaign("MARKETING");
        const long long fromSecondNumber = f.campaign("MARKETING", sameWaba);
        const long long fromOtherWaba = f.campaign("MARKETING", otherWaba);
        f.start(first);
        f.send(first);
        f.clock = hoursAfter(f.t0, 1);
        f.start(fromSecondNumber);
        f.start(fromOtherWaba);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("another number of the same WABA shares the count", std::size_t(0),
                                     f.claim(fromSecondNumber).size());
        CPPUNIT_ASSERT_EQUAL_MESSAGE("another WABA counts apart", std::size_t(kPhones), f.send(fromOtherWaba));
    }

    void theAccountSettingDecidesHowMany() {
        Fixture f;
        f.setCap(f.h.accountId(), 2);
        const long long a = f.campaign("MARKETING"), b = f.campaign("MARKETING"), c = f.campaign("MARKETING");
        f.start(a);
        f.send(a);
        f.clock = hoursAfter(f.t0, 1);
        f.start(b);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("two a day allowed", std::size_t(kPhones), f.send(b));
        f.clock = hoursAfter(f.t0, 2);
        f.start(c);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), f.claim(c).size());
        // The third fits when the first of the two is a day old, not the second.
        const std::string frees = campaigns::storage::utcText(hoursAfter(f.t0, 24)).substr(0, 19);
        for (const auto& at : f.nextAttempts(c)) CPPUNIT_ASSERT_EQUAL(frees, at);

        f.setCap(f.h.accountId(), 0);                            // no cap
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), f.claim(c).size()); // still held until its time
        f.clock = hoursAfter(f.t0, 24.01);
        CPPUNIT_ASSERT_EQUAL(std::size_t(kPhones), f.send(c));
        const long long d = f.campaign("MARKETING");
        f.start(d);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("0 = no cap", std::size_t(kPhones), f.send(d));
    }

    void aNumberListedTwiceInOneCampaignWaitsForItsWindow() {
        Fixture f;
        const long long twice = f.campaign("MARKETING", 0, 2 * kPhones); // every number twice
        f.start(twice);
        // One batch: the second listing of each number is held by the batch itself.
        CPPUNIT_ASSERT_EQUAL(std::size_t(kPhones), f.send(twice));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), f.claim(twice).size());
        f.assertCountersMatchEntries(twice);
        f.clock = hoursAfter(f.t0, 24.01);
        CPPUNIT_ASSERT_EQUAL(std::size_t(kPhones), f.send(twice));
        f.outbox().finishDrained();
        CPPUNIT_ASSERT_EQUAL(std::string("completed"), f.h.state(twice));
        f.assertCountersMatchEntries(twice);

        // Batches of 3: the second listings meet the first ones sent or in flight from earlier batches.
        const long long again = f.campaign("MARKETING", 0, 2 * kPhones);
        f.clock = hoursAfter(f.t0, 72);
        f.start(again);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), f.send(again, 3));
        const auto inFlight = f.claim(again, 3); // numbers 4 and 5; number 1 again waits
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), inFlight.size());
        CPPUNIT_ASSERT_EQUAL_MESSAGE("numbers 2 and 3 were sent, 4 and 5 are being sent", std::size_t(0),
                                     f.claim(again, 3).size());
        f.assertCountersMatchEntries(again);
    }

    void thePlanCountsWhatTheCapAffects() {
        Fixture f;
        const long long first = f.campaign("MARKETING");
        const long long held = f.campaign("MARKETING"), skipped = f.campaign("MARKETING"), utility = f.campaign("UTILITY");
        const long long partly = f.campaign("MARKETING", 0, kPhones + 3); // 3 numbers twice: those wait for their window
        {
            auto s = f.h.db().session();
            Poco::Int64 id = skipped;
            s << "UPDATE campaigns_campaigns SET frequency_cap_action = 'skip' WHERE id = ?", use(id), now;
        }
        CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing sent yet", 0LL, f.plan(held).excludedFrequencyCap);
        CPPUNIT_ASSERT_EQUAL(1, f.plan(held).frequencyCapPerDay);
        CPPUNIT_ASSERT_EQUAL(3LL, f.plan(partly).excludedFrequencyCap);
        f.start(first);
        f.send(first);
        f.clock = hoursAfter(f.t0, 3);

        auto p = f.plan(held);
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(kPhones), p.excludedFrequencyCap);
        CPPUNIT_ASSERT_EQUAL(std::string("hold"), p.frequencyCapAction);
        p = f.plan(skipped);
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(kPhones), p.excludedFrequencyCap);
        CPPUNIT_ASSERT_EQUAL(std::string("skip"), p.frequencyCapAction);
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(kPhones + 3), f.plan(partly).excludedFrequencyCap);
        p = f.plan(utility);
        CPPUNIT_ASSERT_EQUAL(0LL, p.excludedFrequencyCap);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("no cap applies to utility", 0, p.frequencyCapPerDay);

        // The plan's count is what the send does: every entry of `held` is held.
        f.start(held);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), f.claim(held).size());
        f.clock = hoursAfter(f.t0, 24.5);
        CPPUNIT_ASSERT_EQUAL(0LL, f.plan(skipped).excludedFrequencyCap);
    }

    // The one statement per claim batch is planned on (phone, campaign_id) by both databases, not on
    // a campaign's whole outbox nor on every entry a number ever had.
    void theBatchLookupReadsThePhoneIndex() {
        Fixture f;
        for (int i = 0; i < 4; ++i) f.campaign("MARKETING", 0, 50);
        std::vector<std::string> phones;
        for (int i = 0; i < 100; ++i) phones.push_back("5693" + std::to_string(1000000 + i));
        std::vector<Poco::Int64> campaigns{1, 2, 3};
        std::string since = campaigns::storage::utcText(f.t0), since2 = since;
        const auto dialect = f.h.db().dialect();
        const std::string sql = campaigns::campaign::FrequencyCap::lookupSql(dialect, campaigns.size(), phones.size());
        auto s = f.h.db().session();
        Poco::Data::Statement st(s);
        std::string plan;
        std::vector<QueryPlanRow> rows;
        if (dialect == helpdesk::Dialect::MySQL)
            st << "EXPLAIN FORMAT=JSON " + sql;
        else
            st << "EXPLAIN QUERY PLAN " + sql;
        for (auto& p : phones) st, use(p);
        for (auto& c : campaigns) st, use(c);
        st, use(since), use(since2);
        if (dialect == helpdesk::Dialect::MySQL)
            st, into(plan);
        else
            st, into(rows);
        st.execute();
        for (const auto& r : rows) plan += r.detail + "\n";
        CPPUNIT_ASSERT_MESSAGE(plan, plan.find("ix_campaigns_entries_phone") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(plan, plan.find("SCAN") == std::string::npos && plan.find("\"ALL\"") == std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FrequencyCapTest);
