#include "TestDatabase.h"
#include "analytics/AnalyticsQuery.h"
#include "analytics/KpiCalculator.h"
#include "storage/MigrationRunner.h"
#include "storage/SqlDialect.h"
#include "storage/Transaction.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Logger.h>

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

using namespace campaigns::analytics;
using namespace Poco::Data::Keywords;

namespace {

CivilDate day(const char* text) { return *CivilDate::parse(text); }

DayRange custom(const char* from, const char* to) { return resolveRange(Preset::Custom, day("2026-03-31"), day(from), day(to)); }

struct CampaignRow {
    std::string name;
    Poco::Int64 account = 1;
    std::optional<Poco::Int64> department;
    std::string firstSentAt = "2026-03-01 12:00:00.000";
    std::optional<std::string> finishedAt;
    int entries = 0, unique = 0, queued = 0, unknown = 0;
};

// One message of a campaign with what tracking and TicketSync leave on it (times UTC, as stored).
struct EntryRow {
    std::optional<std::string> repliedAt, addressedAt;
    std::optional<Poco::Int64> ticketId;
    std::optional<std::string> ticketDeadline;
    int ticketClosed = 0;
};

EntryRow answered(std::string replied, std::string addressed) {
    EntryRow e;
    e.repliedAt = std::move(replied);
    e.addressedAt = std::move(addressed);
    return e;
}

EntryRow waitingAnswer(std::string replied) {
    EntryRow e;
    e.repliedAt = std::move(replied);
    return e;
}

EntryRow ticket(std::string deadline, int closed) {
    EntryRow e;
    e.ticketId = 1;
    e.ticketDeadline = std::move(deadline);
    e.ticketClosed = closed;
    return e;
}

std::string utcIn(Poco::Timestamp from, double hours) {
    return campaigns::storage::utcText(from + static_cast<Poco::Timestamp::TimeDiff>(hours * 3600.0 * 1000000.0));
}

CampaignRow row(std::string name, Poco::Int64 account = 1, std::optional<Poco::Int64> department = std::nullopt) {
    CampaignRow r;
    r.name = std::move(name);
    r.account = account;
    r.department = department;
    return r;
}

} // namespace

class AnalyticsQueryTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(AnalyticsQueryTest);
    CPPUNIT_TEST(rangeThatCutsACampaignCountsOnlyItsDays);
    CPPUNIT_TEST(filtersWithoutCampaignListMatchThePerCampaignSums);
    CPPUNIT_TEST(wholeCampaignComesFromItsCountersWithStatesApart);
    CPPUNIT_TEST(boundedRangeShowsStatesOfCampaignsSendingInIt);
    CPPUNIT_TEST(counterChangesAreSeenOnTheNextQuery);
    CPPUNIT_TEST(detailsForVerCampana);
    CPPUNIT_TEST(tooManyCampaignsAreRefused);
    CPPUNIT_TEST(optionsListAccountsAndSendableCampaigns);
    CPPUNIT_TEST(responseTimesAreNearestRankOverAnsweredEntries);
    CPPUNIT_TEST(responseTimesCountAnswersOfTheRangesLocalDays);
    CPPUNIT_TEST(responseTimesWithoutCampaignListFollowAccountAndDepartment);
    CPPUNIT_TEST(anAgentAnswerMovesUnansweredOnTheNextQuery);
    CPPUNIT_TEST(answersOfManyCampaignsAreAllRead);
    CPPUNIT_TEST(noAnswersMeansNoTimes);
    CPPUNIT_TEST(detailsShowTheWindowWhileTicketsWait);
    CPPUNIT_TEST(detailsShowNoWindowOncePassed);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<testsupport::TestDatabase> db;

    Poco::Int64 addCampaign(const CampaignRow& r) {
        auto s = db->session();
        std::string name = r.name, sent = r.firstSentAt, state = "completed";
        Poco::Nullable<std::string> finished;
        if (r.finishedAt) finished = *r.finishedAt;
        Poco::Nullable<Poco::Int64> dep;
        if (r.department) dep = *r.department;
        Poco::Int64 account = r.account;
        int entries = r.entries, unique = r.unique, queued = r.queued, unknown = r.unknown;
        s << "INSERT INTO campaigns_campaigns (name, account_id, template_id, department_id, state, metadata_links_json,"
             " consent_at, created_by_name, created_at, updated_at, first_sent_at, finished_at, entries_total,"
             " unique_phones, n_queued, n_unknown, file_name, expects_response, wait_hours)"
             " VALUES (?, ?, 1, ?, ?, '[]', '2026-03-01 10:00:00', 'Admin Demo', '2026-03-01 10:00:00.000',"
             " '2026-03-01 10:00:00.000', ?, ?, ?, ?, ?, ?, 'clientes.xlsx', 1, 12)",
            use(name), use(account), use(dep), use(state), use(sent), use(finished), use(entries), use(unique), use(queued),
            use(unknown), now;
        Poco::Int64 id = 0;
        s << "SELECT MAX(id) FROM campaigns_campaigns", into(id), now;
        return id;
    }

    // Books one day's events the way the sending engine does: per-day row plus campaign totals.
    void addDay(Poco::Int64 campaign, const std::string& d, const EventCounters& c) {
        auto s = db->session();
        std::string dayText = d;
        Poco::Int64 a = c.accepted, fs = c.failedSend, se = c.sent, de = c.delivered, re = c.read, rp = c.replied,
                    ru = c.repliedUnread, ad = c.addressed, fa = c.failedAfterAccept;
        s << "INSERT INTO campaigns_daily_counters (campaign_id, day, n_accepted, n_failed_send, n_sent, n_delivered,"
             " n_read, n_replied, n_replied_unread, n_addressed, n_failed_after_accept) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            use(campaign), use(dayText), use(a), use(fs), use(se), use(de), use(re), use(rp), use(ru), use(ad), use(fa), now;
        s << "UPDATE campaigns_campaigns SET n_accepted = n_accepted + ?, n_failed_send = n_failed_send + ?,"
             " n_sent = n_sent + ?, n_delivered = n_delivered + ?, n_read = n_read + ?, n_replied = n_replied + ?,"
             " n_replied_unread = n_replied_unread + ?, n_addressed = n_addressed + ?,"
             " n_failed_after_accept = n_failed_after_accept + ? WHERE id = ?",
            use(a), use(fs), use(se), use(de), use(re), use(rp), use(ru), use(ad), use(fa), use(campaign), now;
    }

    Poco::Int64 rowNo = 0;

    void addEntry(Poco::Int64 campaign, const EntryRow& e) {
        auto s = db->session();
        Poco::Int64 n = ++rowNo;
        std::string phone = "+5691234" + std::to_string(1000 + n);
        Poco::Nullable<std::string> replied, addressed, deadline;
        if (e.repliedAt) replied = *e.repliedAt;
        if (e.addressedAt) addressed = *e.addressedAt;
        if (e.ticketDeadline) deadline = *e.ticketDeadline;
        Poco::Nullable<Poco::Int64> ticketId;
        if (e.ticketId) ticketId = *e.ticketId + n;
        int closed = e.ticketClosed;
        s << "INSERT INTO campaigns_entries (campaign_id, row_no, phone, params_json, metadata_json, state, progress,"
             " replied_at, addressed_at, ticket_id, ticket_deadline, ticket_closed, updated_at)"
             " VALUES (?, ?, ?, '[]', '{}', 'accepted', 2, ?, ?, ?, ?, ?, '2026-03-01 10:00:00.000')",
            use(campaign), use(n), use(phone), use(replied), use(addressed), use(ticketId), use(deadline), use(closed), now;
        // The counters move with the entry, as CounterBook books them in the same transaction.
        int repliedDelta = e.repliedAt ? 1 : 0, addressedDelta = e.addressedAt ? 1 : 0;
        int openDelta = e.ticketDeadline && !e.ticketClosed ? 1 : 0;
        s << "UPDATE campaigns_campaigns SET n_replied = n_replied + ?, n_addressed = n_addressed + ?,"
             " n_open_tickets = n_open_tickets + ? WHERE id = ?",
            use(repliedDelta), use(addressedDelta), use(openDelta), use(campaign), now;
    }

    void finish(Poco::Int64 campaign, const std::string& finishedAt, int waitHours) {
        auto s = db->session();
        std::string at = finishedAt;
        s << "UPDATE campaigns_campaigns SET finished_at = ?, wait_hours = ?, expects_response = 1 WHERE id = ?", use(at),
            use(waitHours), use(campaign), now;
    }

    static EventCounters ev(long long accepted, long long failedSend, long long delivered, long long read, long long replied,
                            long long repliedUnread, long long addressed, long long failedAfter) {
        EventCounters c;
        c.accepted = accepted;
        c.failedSend = failedSend;
        c.sent = accepted;
        c.delivered = delivered;
        c.read = read;
        c.replied = replied;
        c.repliedUnread = repliedUnread;
        c.addressed = addressed;
        c.failedAfterAccept = failedAfter;
        return c;
    }

    Filter filter(DayRange range) {
        Filter f;
        f.range = range;
        f.timeZone = "America/Santiago";
        return f;
    }

public:
    void setUp() override {
        db = std::make_unique<testsupport::TestDatabase>();
        campaigns::storage::MigrationRunner(*db, CAMPAIGNS_SQL_DIR, Poco::Logger::get("test")).run();
    }
    void tearDown() override { db.reset(); }

    void rangeThatCutsACampaignCountsOnlyItsDays() {
        auto id = addCampaign(row("Cobranza marzo"));
        addDay(id, "2026-03-01", ev(10, 2, 8, 5, 3, 1, 1, 1));
        addDay(id, "2026-03-02", ev(4, 0, 6, 2, 2, 1, 1, 0));
        addDay(id, "2026-03-03", ev(0, 0, 1, 1, 0, 0, 0, 1));
        auto f = filter(custom("2026-03-02", "2026-03-03"));
        f.campaignIds = {id};
        auto r = AnalyticsQuery(*db).run(f);
        CPPUNIT_ASSERT(r.totals == ev(4, 0, 7, 3, 2, 1, 1, 1));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.series.size());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-03-02"), r.series[0].day.iso());
        CPPUNIT_ASSERT_EQUAL(6LL, r.series[0].counters.delivered);
        // Days of the range without events are there, as zeros.
        f.range = custom("2026-02-27", "2026-03-01");
        r = AnalyticsQuery(*db).run(f);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), r.series.size());
        CPPUNIT_ASSERT(r.series[0].counters == EventCounters{});
        CPPUNIT_ASSERT_EQUAL(12LL, sentMessages(r.totals));
    }

    void filtersWithoutCampaignListMatchThePerCampaignSums() {
        auto a = addCampaign(row("Ventas A", 1, 10));
        auto b = addCampaign(row("Soporte B", 1, std::nullopt));
        auto c = addCampaign(row("Otra cuenta", 2, 10));
        addDay(a, "2026-03-01", ev(5, 1, 4, 2, 1, 0, 0, 0));
        addDay(b, "2026-03-01", ev(7, 0, 7, 3, 3, 2, 1, 0));
        addDay(c, "2026-03-02", ev(9, 0, 8, 8, 0, 0, 0, 1));
        AnalyticsQuery q(*db);
        const auto range = custom("2026-03-01", "2026-03-02");
        auto all = filter(range);
        auto listed = filter(range);
        listed.campaignIds = {a, b, c};
        CPPUNIT_ASSERT(q.run(all).totals == q.run(listed).totals);
        CPPUNIT_ASSERT_EQUAL(21LL, q.run(all).totals.accepted);

        auto byAccount = filter(range);
        byAccount.accountId = 1;
        CPPUNIT_ASSERT(q.run(byAccount).totals == ev(12, 1, 11, 5, 4, 2, 1, 0));
        auto noDepartment = filter(range);
        noDepartment.departmentId = 0;
        CPPUNIT_ASSERT(q.run(noDepartment).totals == ev(7, 0, 7, 3, 3, 2, 1, 0));
        noDepartment.campaignIds = {a, b};
        CPPUNIT_ASSERT(q.run(noDepartment).totals == ev(7, 0, 7, 3, 3, 2, 1, 0));
        auto dep10 = filter(range);
        dep10.departmentId = 10;
        dep10.accountId = 2;
        CPPUNIT_ASSERT(q.run(dep10).totals == ev(9, 0, 8, 8, 0, 0, 0, 1));
        CPPUNIT_ASSERT_EQUAL(1LL, q.run(dep10).state.campaigns);
    }

    void wholeCampaignComesFromItsCountersWithStatesApart() {
        CampaignRow dup = row("Duplicados");
        dup.entries = 20;
        dup.unique = 15;
        dup.queued = 3;
        dup.unknown = 2;
        auto id = addCampaign(dup);
        addDay(id, "2025-12-30", ev(10, 1, 9, 4, 4, 1, 2, 0));
        addDay(id, "2026-03-05", ev(4, 0, 3, 0, 0, 0, 0, 1));
        auto f = filter(resolveRange(Preset::All, day("2026-03-31"), {}, {}));
        f.campaignIds = {id};
        auto r = AnalyticsQuery(*db).run(f);
        CPPUNIT_ASSERT(r.totals == ev(14, 1, 12, 4, 4, 1, 2, 1));
        CPPUNIT_ASSERT_EQUAL(3LL, r.state.pending);
        CPPUNIT_ASSERT_EQUAL(2LL, r.state.unknown);
        CPPUNIT_ASSERT_EQUAL(15LL, r.state.uniquePhones);
        CPPUNIT_ASSERT_EQUAL(20LL, r.state.entriesTotal);
        // The series spans the campaign's first to last day.
        CPPUNIT_ASSERT_EQUAL(std::string("2025-12-30"), r.series.front().day.iso());
        CPPUNIT_ASSERT_EQUAL(std::string("2026-03-05"), r.series.back().day.iso());
        CPPUNIT_ASSERT_EQUAL(std::size_t(66), r.series.size());
    }

    void boundedRangeShowsStatesOfCampaignsSendingInIt() {
        CampaignRow old = row("Antigua");
        old.firstSentAt = "2026-01-10 12:00:00.000";
        old.finishedAt = "2026-01-11 12:00:00.000";
        old.unique = 100;
        CampaignRow running = row("En curso");
        running.firstSentAt = "2026-03-10 12:00:00.000";
        running.unique = 40;
        running.queued = 7;
        // Finished at 01:00 UTC on March 1st = 22:00 on February 28th in Santiago.
        CampaignRow lateEvening = row("Fin de febrero");
        lateEvening.firstSentAt = "2026-02-28 20:00:00.000";
        lateEvening.finishedAt = "2026-03-01 01:00:00.000";
        lateEvening.unique = 5;
        addCampaign(old);
        addCampaign(running);
        addCampaign(lateEvening);
        auto r = AnalyticsQuery(*db).run(filter(custom("2026-03-01", "2026-03-31")));
        CPPUNIT_ASSERT_EQUAL(1LL, r.state.campaigns);
        CPPUNIT_ASSERT_EQUAL(40LL, r.state.uniquePhones);
        CPPUNIT_ASSERT_EQUAL(7LL, r.state.pending);
        r = AnalyticsQuery(*db).run(filter(custom("2026-02-28", "2026-03-31")));
        CPPUNIT_ASSERT_EQUAL(2LL, r.state.campaigns);
    }

    void counterChangesAreSeenOnTheNextQuery() {
        auto id = addCampaign(row("En vivo", 3, 4));
        addDay(id, "2026-03-01", ev(5, 0, 2, 0, 0, 0, 0, 0));
        AnalyticsQuery q(*db);
        auto f = filter(custom("2026-03-01", "2026-03-01"));
        f.accountId = 3;
        CPPUNIT_ASSERT_EQUAL(2LL, q.run(f).totals.delivered);
        // A delivery webhook updates the day's row in place (the engine's upsert).
        auto s = db->session();
        Poco::Int64 cid = id;
        s << "UPDATE campaigns_daily_counters SET n_delivered = n_delivered + 3, n_read = n_read + 1"
             " WHERE campaign_id = ? AND day = '2026-03-01'",
            use(cid), now;
        auto r = q.run(f);
        CPPUNIT_ASSERT_EQUAL(5LL, r.totals.delivered);
        CPPUNIT_ASSERT_EQUAL(1LL, r.totals.read);
        s << "DELETE FROM campaigns_daily_counters WHERE campaign_id = ?", use(cid), now;
        CPPUNIT_ASSERT(q.run(f).totals == EventCounters{});
    }

    void detailsForVerCampana() {
        auto s = db->session();
        s << "INSERT INTO campaigns_accounts (display_name, phone_number_id, waba_id, access_token_sealed,"
             " app_secret_sealed, verify_token_sealed, graph_base_url, graph_version)"
             " VALUES ('Ventas Chile', '1065', '1022', 'x', 'x', 'x', 'http://sim', 'v20.0')",
            now;
        Poco::Int64 account = 0;
        s << "SELECT MAX(id) FROM campaigns_accounts", into(account), now;
        s << "INSERT INTO campaigns_templates (account_id, name, language, status, components_json)"
             " VALUES (?, 'recordatorio_pago', 'es', 'APPROVED',"
             " '[{\"type\":\"HEADER\",\"format\":\"IMAGE\"},{\"type\":\"BODY\",\"text\":\"Hola {{1}}, tu cuota vence hoy.\"}]')",
            use(account), now;
        Poco::Int64 templateId = 0;
        s << "SELECT MAX(id) FROM campaigns_templates", into(templateId), now;
        CampaignRow cobranza = row("Cobranza");
        cobranza.account = account;
        cobranza.department = 2;
        cobranza.entries = 120;
        auto id = addCampaign(cobranza);
        s << "UPDATE campaigns_campaigns SET template_id = ?, header_media_link = 'https://cdn.example/banner.png'"
             " WHERE id = ?",
            use(templateId), use(id), now;
        auto d = AnalyticsQuery(*db).details(id);
        CPPUNIT_ASSERT(d);
        CPPUNIT_ASSERT_EQUAL(std::string("Cobranza"), d->name);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-03-01T10:00:00Z"), d->createdAt);
        CPPUNIT_ASSERT_EQUAL(std::string("Admin Demo"), d->createdBy);
        CPPUNIT_ASSERT_EQUAL(std::string("Ventas Chile"), d->accountName);
        CPPUNIT_ASSERT_EQUAL(2LL, *d->departmentId);
        CPPUNIT_ASSERT_EQUAL(std::string("recordatorio_pago"), d->templateName);
        CPPUNIT_ASSERT_EQUAL(std::string("Hola {{1}}, tu cuota vence hoy."), d->templateText);
        CPPUNIT_ASSERT(d->expectsResponse);
        CPPUNIT_ASSERT_EQUAL(12, d->waitHours);
        CPPUNIT_ASSERT_EQUAL(std::string("clientes.xlsx"), d->fileName);
        CPPUNIT_ASSERT_EQUAL(120LL, d->contacts);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-03-01T12:00:00Z"), d->firstSentAt);
        CPPUNIT_ASSERT_EQUAL(std::string(""), d->finishedAt);
        CPPUNIT_ASSERT_EQUAL(std::string("https://cdn.example/banner.png"), d->headerImage);
        CPPUNIT_ASSERT(!AnalyticsQuery(*db).details(id + 1000));
    }

    void tooManyCampaignsAreRefused() {
        auto f = filter(custom("2026-03-01", "2026-03-02"));
        for (long long i = 1; i <= static_cast<long long>(kMaxCampaignIds) + 1; ++i) f.campaignIds.push_back(i);
        CPPUNIT_ASSERT_THROW(AnalyticsQuery(*db).run(f), std::invalid_argument);
    }

    void optionsListAccountsAndSendableCampaigns() {
        addCampaign(row("Primera"));
        auto second = addCampaign(row("Segunda", 2, 5));
        auto s = db->session();
        s << "UPDATE campaigns_campaigns SET state = 'invalid' WHERE name = 'Primera'", now;
        auto list = AnalyticsQuery(*db).campaigns();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), list.size());
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(second), list[0].id);
        CPPUNIT_ASSERT_EQUAL(5LL, list[0].departmentId);
        CPPUNIT_ASSERT(AnalyticsQuery(*db).accounts().empty());
    }

    void responseTimesAreNearestRankOverAnsweredEntries() {
        auto id = addCampaign(row("Cobranza"));
        auto other = addCampaign(row("Otra"));
        // 1 min, 2 min, 3 min 59.9 s (counts 3 min), 10 min, 72 min: nearest rank 3 and 5 of 5.
        addEntry(id, answered("2026-03-02 10:00:00.000", "2026-03-02 10:01:00.000"));
        addEntry(id, answered("2026-03-02 11:00:00.000", "2026-03-02 11:02:00.000"));
        addEntry(id, answered("2026-03-02 12:00:00.500", "2026-03-02 12:04:00.400"));
        addEntry(id, answered("2026-03-02 13:00:00.000", "2026-03-02 13:10:00.000"));
        addEntry(id, answered("2026-03-02 14:00:00.000", "2026-03-02 15:12:00.000"));
        addEntry(id, waitingAnswer("2026-03-02 16:00:00.000"));
        addEntry(id, waitingAnswer("2026-03-02 17:00:00.000"));
        addEntry(id, EntryRow{}); // nobody answered this message: not part of either figure
        addEntry(other, answered("2026-03-02 10:00:00.000", "2026-03-05 10:00:00.000"));
        addEntry(other, waitingAnswer("2026-03-02 10:00:00.000"));
        auto f = filter(resolveRange(Preset::All, day("2026-03-31"), std::nullopt, std::nullopt));
        f.campaignIds = {id};
        const auto r = AnalyticsQuery(*db).responseTimes(f);
        CPPUNIT_ASSERT_EQUAL(5LL, r.answered);
        CPPUNIT_ASSERT_EQUAL(2LL, r.waiting);
        CPPUNIT_ASSERT_EQUAL(239LL, *r.medianSeconds);
        CPPUNIT_ASSERT_EQUAL(72LL * 60, *r.p90Seconds);
        CPPUNIT_ASSERT_EQUAL(std::string("3 min"), humanDuration(r.medianSeconds));
        CPPUNIT_ASSERT_EQUAL(std::string("1 h 12 min"), humanDuration(r.p90Seconds));
        // run() carries the same figures for the API.
        const auto all = AnalyticsQuery(*db).run(f);
        CPPUNIT_ASSERT_EQUAL(2LL, all.responseTimes.waiting);
        CPPUNIT_ASSERT_EQUAL(239LL, *all.responseTimes.medianSeconds);
        // Both campaigns: 6 answered, the 3-day one is the p90.
        f.campaignIds = {id, other};
        const auto both = AnalyticsQuery(*db).responseTimes(f);
        CPPUNIT_ASSERT_EQUAL(6LL, both.answered);
        CPPUNIT_ASSERT_EQUAL(3LL, both.waiting);
        CPPUNIT_ASSERT_EQUAL(3LL * 86400, *both.p90Seconds);
    }

    void responseTimesCountAnswersOfTheRangesLocalDays() {
        auto id = addCampaign(row("Cobranza"));
        // 2026-03-01 02:30 UTC is still 2026-02-28 in Santiago (UTC-3): outside a range of March 1.
        addEntry(id, answered("2026-03-01 02:30:00.000", "2026-03-01 02:35:00.000"));
        addEntry(id, answered("2026-03-01 03:30:00.000", "2026-03-01 03:31:00.000"));
        addEntry(id, waitingAnswer("2026-03-02 03:00:00.000")); // March 2 00:00 local: the next day
        addEntry(id, waitingAnswer("2026-03-02 02:59:59.999")); // still March 1 local
        auto f = filter(custom("2026-03-01", "2026-03-01"));
        f.campaignIds = {id};
        const auto r = AnalyticsQuery(*db).responseTimes(f);
        CPPUNIT_ASSERT_EQUAL(1LL, r.answered);
        CPPUNIT_ASSERT_EQUAL(60LL, *r.medianSeconds);
        CPPUNIT_ASSERT_EQUAL(1LL, r.waiting);
    }

    void responseTimesWithoutCampaignListFollowAccountAndDepartment() {
        auto ventas = addCampaign(row("Ventas", 1, 7));
        auto soporte = addCampaign(row("Soporte", 1));
        auto otraCuenta = addCampaign(row("Otra cuenta", 2, 7));
        addEntry(ventas, answered("2026-03-10 12:00:00.000", "2026-03-10 12:05:00.000"));
        addEntry(soporte, answered("2026-03-10 12:00:00.000", "2026-03-10 12:30:00.000"));
        addEntry(soporte, waitingAnswer("2026-03-10 12:00:00.000"));
        addEntry(otraCuenta, waitingAnswer("2026-03-10 12:00:00.000"));
        auto f = filter(custom("2026-03-01", "2026-03-31"));
        auto r = AnalyticsQuery(*db).responseTimes(f);
        CPPUNIT_ASSERT_EQUAL(2LL, r.answered);
        CPPUNIT_ASSERT_EQUAL(2LL, r.waiting);
        f.accountId = 1;
        r = AnalyticsQuery(*db).responseTimes(f);
        CPPUNIT_ASSERT_EQUAL(2LL, r.answered);
        CPPUNIT_ASSERT_EQUAL(1LL, r.waiting);
        f.departmentId = 0; // "Sin departamento"
        r = AnalyticsQuery(*db).responseTimes(f);
        CPPUNIT_ASSERT_EQUAL(1LL, r.answered);
        CPPUNIT_ASSERT_EQUAL(30LL * 60, *r.medianSeconds);
        f.departmentId = 7;
        f.campaignIds = {ventas, soporte}; // the list and the department together
        r = AnalyticsQuery(*db).responseTimes(f);
        CPPUNIT_ASSERT_EQUAL(1LL, r.answered);
        CPPUNIT_ASSERT_EQUAL(5LL * 60, *r.medianSeconds);
        CPPUNIT_ASSERT_EQUAL(0LL, r.waiting);
    }

    void anAgentAnswerMovesUnansweredOnTheNextQuery() {
        auto id = addCampaign(row("Cobranza"));
        addEntry(id, waitingAnswer("2026-03-02 10:00:00.000"));
        addEntry(id, waitingAnswer("2026-03-02 11:00:00.000"));
        auto f = filter(resolveRange(Preset::All, day("2026-03-31"), std::nullopt, std::nullopt));
        f.campaignIds = {id};
        AnalyticsQuery query(*db);
        CPPUNIT_ASSERT_EQUAL(2LL, query.run(f).responseTimes.waiting);
        // What EventProcessor::markAddressed writes when the host reports an agent's message: the
        // entry and, in the same transaction, the campaign's n_addressed.
        auto s = db->session();
        s << "UPDATE campaigns_entries SET addressed_at = '2026-03-02 10:04:00.000', progress = 5"
             " WHERE campaign_id = ? AND replied_at = '2026-03-02 10:00:00.000'",
            use(id), now;
        // Until the counter moves, the same query object answers from what it read before: the
        // page's poll does not re-read the answered entries when nothing was answered.
        CPPUNIT_ASSERT_EQUAL(2LL, query.run(f).responseTimes.waiting);
        s << "UPDATE campaigns_campaigns SET n_addressed = n_addressed + 1 WHERE id = ?", use(id), now;
        const auto r = query.run(f).responseTimes;
        CPPUNIT_ASSERT_EQUAL(1LL, r.waiting);
        CPPUNIT_ASSERT_EQUAL(1LL, r.answered);
        CPPUNIT_ASSERT_EQUAL(240LL, *r.medianSeconds);
    }

    void answersOfManyCampaignsAreAllRead() {
        // More campaigns than one statement's id list (500): campaign i answered after i minutes.
        // Written in one transaction with bound vectors (one commit, not 2,000).
        constexpr int kMany = 501;
        std::vector<std::string> names, replied, addressed, phones;
        std::vector<Poco::Int64> rows;
        for (int i = 1; i <= kMany; ++i) {
            names.push_back("Muchas " + std::to_string(i));
            Poco::DateTime at(2026, 3, 10, 12, 0, 0);
            replied.push_back(Poco::DateTimeFormatter::format(at, "%Y-%m-%d %H:%M:%S.000"));
            at += Poco::Timespan(0, 0, i, 0, 0);
            addressed.push_back(Poco::DateTimeFormatter::format(at, "%Y-%m-%d %H:%M:%S.000"));
            phones.push_back("+569555" + std::to_string(10000 + i));
            rows.push_back(i);
        }
        {
            auto s = db->session();
            campaigns::storage::SqlTransaction tx(s, db->dialect());
            s << "INSERT INTO campaigns_campaigns (name, account_id, template_id, state, metadata_links_json, consent_at,"
                 " created_at, updated_at, first_sent_at, n_replied, n_addressed)"
                 " VALUES (?, 1, 1, 'completed', '[]', '2026-03-01 10:00:00', '2026-03-01 10:00:00.000',"
                 " '2026-03-01 10:00:00.000', '2026-03-01 12:00:00.000', 1, 1)",
                use(names), now;
            std::vector<Poco::Int64> ids;
            s << "SELECT id FROM campaigns_campaigns WHERE name LIKE 'Muchas %' ORDER BY id", into(ids), now;
            CPPUNIT_ASSERT_EQUAL(std::size_t(kMany), ids.size());
            s << "INSERT INTO campaigns_entries (campaign_id, row_no, phone, params_json, metadata_json, state, progress,"
                 " replied_at, addressed_at, updated_at) VALUES (?, ?, ?, '[]', '{}', 'accepted', 5, ?, ?, '2026-03-01 "
                 "10:00:00.000')",
                use(ids), use(rows), use(phones), use(replied), use(addressed), now;
            tx.commit();
            addEntry(ids.back(), waitingAnswer("2026-03-10 12:00:00.000"));
        }
        const auto r = AnalyticsQuery(*db).responseTimes(filter(custom("2026-03-01", "2026-03-31")));
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(kMany), r.answered);
        CPPUNIT_ASSERT_EQUAL(1LL, r.waiting);               // in the second statement
        CPPUNIT_ASSERT_EQUAL(251LL * 60, *r.medianSeconds); // rank ceil(250.5) = 251
        CPPUNIT_ASSERT_EQUAL(451LL * 60, *r.p90Seconds);    // rank ceil(450.9) = 451
    }

    void noAnswersMeansNoTimes() {
        auto id = addCampaign(row("Sin respuestas"));
        addEntry(id, EntryRow{});
        auto f = filter(custom("2026-03-01", "2026-03-31"));
        f.campaignIds = {id};
        const auto r = AnalyticsQuery(*db).responseTimes(f);
        CPPUNIT_ASSERT_EQUAL(0LL, r.answered);
        CPPUNIT_ASSERT_EQUAL(0LL, r.waiting);
        CPPUNIT_ASSERT(!r.medianSeconds);
        CPPUNIT_ASSERT_EQUAL(std::string("—"), humanDuration(r.p90Seconds));
    }

    void detailsShowTheWindowWhileTicketsWait() {
        const Poco::Timestamp current;
        auto id = addCampaign(row("Encuesta"));
        finish(id, utcIn(current, -2), 12);
        addEntry(id, ticket(utcIn(current, 9), 0));
        addEntry(id, ticket(utcIn(current, 9.5), 0)); // the last open ticket: the window's end
        addEntry(id, ticket(utcIn(current, -1), 0));  // answered earlier, stays open: counted
        addEntry(id, ticket(utcIn(current, 9.8), 1)); // closed (not by its deadline): not the end
        auto d = AnalyticsQuery(*db).details(id);
        CPPUNIT_ASSERT(d);
        CPPUNIT_ASSERT_EQUAL(campaigns::storage::isoUtc(Poco::Dynamic::Var(utcIn(current, 9.5))), d->activeUntil);
        CPPUNIT_ASSERT_EQUAL(3LL, d->openTickets);
    }

    void detailsShowNoWindowOncePassed() {
        const Poco::Timestamp current;
        // Finished 13 hours ago with a 12-hour wait: its entries are not even read.
        auto old = addCampaign(row("Antigua"));
        finish(old, utcIn(current, -13), 12);
        addEntry(old, ticket(utcIn(current, -1.5), 0));
        CPPUNIT_ASSERT_EQUAL(std::string(), AnalyticsQuery(*db).details(old)->activeUntil);
        // Finished recently, but every open ticket's deadline has passed (answered ones stay open).
        auto done = addCampaign(row("Respondida"));
        finish(done, utcIn(current, -3), 12);
        addEntry(done, ticket(utcIn(current, -0.5), 0));
        auto d = AnalyticsQuery(*db).details(done);
        CPPUNIT_ASSERT_EQUAL(std::string(), d->activeUntil);
        CPPUNIT_ASSERT_EQUAL(0LL, d->openTickets);
        // A campaign that expects no response never waits.
        auto noWait = addCampaign(row("Aviso"));
        finish(noWait, utcIn(current, -1), 12);
        addEntry(noWait, ticket(utcIn(current, 5), 0));
        auto s = db->session();
        s << "UPDATE campaigns_campaigns SET expects_response = 0 WHERE id = ?", use(noWait), now;
        CPPUNIT_ASSERT_EQUAL(std::string(), AnalyticsQuery(*db).details(noWait)->activeUntil);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AnalyticsQueryTest);
