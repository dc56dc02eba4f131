// "Programar envío" (issue 13) end to end on the database, with an injected clock in
// America/Santiago: schedule, change and cancel over HTTP; the local times refused (past, skipped
// or repeated by a DST change, malformed); the scheduler starting a due campaign exactly once with
// two hosts, and late after a restart (with its log line); a refused start back to "Cargada" with
// the reason; send windows that hold and resume by themselves, also across restarts; approval by a
// second administrator.
#include "Barrier.h"
#include "SchedulingFixture.h"
#include "sending/OutboxStore.h"

#include <cppunit/extensions/HelperMacros.h>

#include <thread>

using namespace schedtest;

class SchedulingTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SchedulingTest);
    CPPUNIT_TEST(scheduleChangeAndCancel);
    CPPUNIT_TEST(refusesPastSkippedRepeatedAndMalformedTimes);
    CPPUNIT_TEST(twoSchedulersStartADueCampaignOnce);
    CPPUNIT_TEST(campaignDueWhileDownStartsAfterRestartWithLog);
    CPPUNIT_TEST(refusedStartGoesBackToLoadedWithReason);
    CPPUNIT_TEST(windowHoldsAndResumesByItself);
    CPPUNIT_TEST(restartInsideAndOutsideTheWindow);
    CPPUNIT_TEST(refusesWindowsWithoutTimeOrDays);
    CPPUNIT_TEST(sendOutsideTheWindowStartsHeld);
    CPPUNIT_TEST(approvalBySecondAdministrator);
    CPPUNIT_TEST_SUITE_END();

public:
    void scheduleChangeAndCancel() {
        Fixture f;
        const long long id = f.campaign("Navidad");
        auto a = f.call("POST", f.base(id) + "/schedule", R"({"start_at":"2026-12-08T09:00"})");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(a.text, 200, a.status);
        CPPUNIT_ASSERT_EQUAL(std::string("scheduled"), a.str("state"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-08T12:00:00Z"), a.str("start_at")); // UTC-3 in December
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-08T09:00"), a.str("start_at_local"));
        CPPUNIT_ASSERT_EQUAL(std::string("scheduled"), f.state(id));
        auto listed = f.json(id);
        // The label's locale key (the fixture's words are the keys; templates/locales has "Programada").
        CPPUNIT_ASSERT_EQUAL(std::string("state.scheduled"), listed->getValue<std::string>("state_label"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-08T12:00:00Z"), listed->getValue<std::string>("scheduled_at"));
        CPPUNIT_ASSERT(listed->getObject("actions")->getValue<bool>("unschedule"));

        // Change while scheduled: same route.
        a = f.call("POST", f.base(id) + "/schedule", R"({"start_at":"2026-12-09T10:30"})");
        CPPUNIT_ASSERT_EQUAL(200, a.status);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-09T13:30:00Z"), a.str("start_at"));

        a = f.call("DELETE", f.base(id) + "/schedule");
        CPPUNIT_ASSERT_EQUAL(200, a.status);
        CPPUNIT_ASSERT_EQUAL(std::string("loaded"), f.state(id));
        CPPUNIT_ASSERT(f.json(id)->get("scheduled_at").isEmpty());
        CPPUNIT_ASSERT_EQUAL(std::string("invalid_state"), f.call("DELETE", f.base(id) + "/schedule").error());

        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(id) + "/schedule", R"({"start_at":"2026-12-08T09:00"})").status);
        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(id) + "/unschedule").status);
        CPPUNIT_ASSERT_EQUAL(std::string("loaded"), f.state(id));
        // Nothing started on the way.
        CPPUNIT_ASSERT_EQUAL(0, f.scheduler()->runOnce().started);
        CPPUNIT_ASSERT_EQUAL(404, f.call("POST", f.base(999999) + "/schedule", R"({"start_at":"2026-12-08T09:00"})").status);
    }

    void refusesPastSkippedRepeatedAndMalformedTimes() {
        Fixture f;
        const long long id = f.campaign("Horas");
        auto past = f.call("POST", f.base(id) + "/schedule", R"({"start_at":"2026-12-07T08:59"})");
        CPPUNIT_ASSERT_EQUAL(422, past.status);
        CPPUNIT_ASSERT_EQUAL(std::string("start_at_in_past"), past.error());
        CPPUNIT_ASSERT(past.str("message").find("ya pasó") != std::string::npos);
        for (const char* bad : {R"({"start_at":"08/12/2026 09:00"})", R"({"start_at":"2026-02-30T09:00"})", R"({})",
                                R"({"start_at":"2026-12-08T09:00","utc_offset":"-3"})"}) {
            auto a = f.call("POST", f.base(id) + "/schedule", bad);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, 400, a.status);
            CPPUNIT_ASSERT_EQUAL(std::string("invalid_start_at"), a.error());
        }
        f.setClock(utc(2026, 3, 1, 12));
        // 2026-09-06 00:30 does not exist in Santiago (00:00 -> 01:00).
        auto skipped = f.call("POST", f.base(id) + "/schedule", R"({"start_at":"2026-09-06T00:30"})");
        CPPUNIT_ASSERT_EQUAL(422, skipped.status);
        CPPUNIT_ASSERT_EQUAL(std::string("start_at_skipped"), skipped.error());
        CPPUNIT_ASSERT(skipped.str("message").find("no existe") != std::string::npos);
        // 2026-04-04 23:30 happens twice (-03 then -04): the caller chooses.
        auto repeated = f.call("POST", f.base(id) + "/schedule", R"({"start_at":"2026-04-04T23:30"})");
        CPPUNIT_ASSERT_EQUAL(422, repeated.status);
        CPPUNIT_ASSERT_EQUAL(std::string("start_at_ambiguous"), repeated.error());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), repeated.json()->getArray("details")->size());
        CPPUNIT_ASSERT_EQUAL(std::string("loaded"), f.state(id));
        auto second = f.call("POST", f.base(id) + "/schedule", R"({"start_at":"2026-04-04T23:30","utc_offset":"-04:00"})");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(second.text, 200, second.status);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-04-05T03:30:00Z"), second.str("start_at"));
        auto first = f.call("POST", f.base(id) + "/schedule", R"({"start_at":"2026-04-04T23:30","utc_offset":"-03:00"})");
        CPPUNIT_ASSERT_EQUAL(std::string("2026-04-05T02:30:00Z"), first.str("start_at"));
        auto wrong = f.call("POST", f.base(id) + "/schedule", R"({"start_at":"2026-04-04T23:30","utc_offset":"-05:00"})");
        CPPUNIT_ASSERT_EQUAL(std::string("invalid_start_at"), wrong.error());
    }

    void twoSchedulersStartADueCampaignOnce() {
        Fixture f;
        std::vector<long long> ids;
        for (int i = 0; i < 6; ++i) {
            ids.push_back(f.campaign("Lote " + std::to_string(i)));
            CPPUNIT_ASSERT_EQUAL(200,
                                 f.call("POST", f.base(ids.back()) + "/schedule", R"({"start_at":"2026-12-07T10:00"})").status);
        }
        auto hostA = f.scheduler(), hostB = f.scheduler();
        f.setClock(utc(2026, 12, 7, 12, 59)); // 09:59 local: not yet
        CPPUNIT_ASSERT_EQUAL(0, hostA->runOnce().started + hostB->runOnce().started);
        f.setClock(utc(2026, 12, 7, 13, 0)); // the due minute, on both hosts at once
        testsupport::Barrier barrier(2);
        int startedA = 0, startedB = 0;
        std::thread a([&] {
            barrier.arrive();
            startedA = hostA->runOnce().started;
        });
        std::thread b([&] {
            barrier.arrive();
            startedB = hostB->runOnce().started;
        });
        a.join();
        b.join();
        CPPUNIT_ASSERT_EQUAL(6, startedA + startedB);
        for (long long id : ids) CPPUNIT_ASSERT_EQUAL(std::string("sending"), f.state(id));
        CPPUNIT_ASSERT_EQUAL(0, hostA->runOnce().started + hostB->runOnce().started);
        CPPUNIT_ASSERT(f.json(ids[0])->getValue<std::string>("send_date").size() > 0);
    }

    void campaignDueWhileDownStartsAfterRestartWithLog() {
        Fixture f;
        const long long id = f.campaign("Cyber");
        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(id) + "/schedule", R"({"start_at":"2026-12-07T10:00"})").status);
        f.setClock(utc(2026, 12, 7, 15, 5)); // the host comes back 2 h 5 min after the start time
        auto restarted = f.scheduler();
        CPPUNIT_ASSERT_EQUAL(1, restarted->runOnce().started);
        CPPUNIT_ASSERT_EQUAL(std::string("sending"), f.state(id));
        CPPUNIT_ASSERT(f.log->has("campaign " + std::to_string(id) + " \"Cyber\" started", "2 h 5 min late"));
        CPPUNIT_ASSERT(f.wakes > 0);
    }

    void refusedStartGoesBackToLoadedWithReason() {
        Fixture f;
        const long long id = f.campaign("Grande", 300); // the account's tier reaches 250 numbers a day
        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(id) + "/schedule", R"({"start_at":"2026-12-07T10:00"})").status);
        f.setClock(utc(2026, 12, 7, 13, 0));
        auto round = f.scheduler()->runOnce();
        CPPUNIT_ASSERT_EQUAL(0, round.started);
        CPPUNIT_ASSERT_EQUAL(1, round.refused);
        CPPUNIT_ASSERT_EQUAL(std::string("loaded"), f.state(id));
        const auto problem = f.json(id)->getValue<std::string>("schedule_problem");
        CPPUNIT_ASSERT_MESSAGE(problem, problem.find("250 destinatarios distintos") != std::string::npos);
        CPPUNIT_ASSERT(f.log->has("campaign " + std::to_string(id), "daily_limit"));
        // "Enviar Campaña" refuses it the same way (one start function).
        CPPUNIT_ASSERT_EQUAL(std::string("daily_limit"), f.call("POST", f.base(id) + "/send").error());
    }

    void windowHoldsAndResumesByItself() {
        Fixture f;
        const long long id = f.campaign("Horario");
        // Due Monday 08:00 local, window 09:00-20:00 Monday to Friday: starts held until 09:00.
        f.setClock(utc(2026, 12, 7, 10, 0));
        auto a = f.call("POST", f.base(id) + "/schedule",
                        R"({"start_at":"2026-12-07T08:00","send_window":{"from":"09:00","to":"20:00","days":[1,2,3,4,5]}})");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(a.text, 200, a.status);
        CPPUNIT_ASSERT_EQUAL(std::string("09:00"), a.json()->getObject("send_window")->getValue<std::string>("from"));
        auto host = f.scheduler();
        f.setClock(utc(2026, 12, 7, 11, 0));
        CPPUNIT_ASSERT_EQUAL(1, host->runOnce().started);
        CPPUNIT_ASSERT_EQUAL(std::string("sending"), f.state(id));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-07T12:00:00Z"), f.json(id)->getValue<std::string>("hold_until"));
        // The outbox on the test's clock: with the real one this test failed from the hold's day on.
        campaigns::sending::OutboxStore outbox(*f.db, campaigns::counters::utcDayKey(),
                                               [&f] { return Poco::Timestamp(f.clock.load()); });
        CPPUNIT_ASSERT(outbox.sendingCampaigns(f.account).empty()); // the claim skips it
        // 09:00: goes on by itself.
        f.setClock(utc(2026, 12, 7, 12, 0));
        auto round = host->runOnce();
        CPPUNIT_ASSERT_EQUAL(1, round.released);
        CPPUNIT_ASSERT(f.json(id)->get("hold_until").isEmpty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), outbox.sendingCampaigns(f.account).size());
        // 20:00: held until Tuesday 09:00.
        f.setClock(utc(2026, 12, 7, 23, 0));
        CPPUNIT_ASSERT_EQUAL(1, host->runOnce().held);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-08T12:00:00Z"), f.json(id)->getValue<std::string>("hold_until"));
        CPPUNIT_ASSERT(outbox.sendingCampaigns(f.account).empty());
        CPPUNIT_ASSERT(f.log->has("held outside its send window", "08/12/2026 09:00"));
        // Removing the window lets it go on at once.
        CPPUNIT_ASSERT_EQUAL(200, f.call("DELETE", f.base(id) + "/send-window").status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), outbox.sendingCampaigns(f.account).size());
        CPPUNIT_ASSERT_EQUAL(0, host->runOnce().held);
    }

    void restartInsideAndOutsideTheWindow() {
        Fixture f;
        const long long id = f.campaign("Reinicio");
        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(id) + "/send").status);
        auto put = f.call("PUT", f.base(id) + "/send-window", R"({"from":"09:00","to":"20:00","days":[1,2,3,4,5,6,7]})");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(put.text, 200, put.status);
        // A host restarts inside the window: nothing held.
        f.setClock(utc(2026, 12, 7, 15, 0));
        auto round = f.scheduler()->runOnce();
        CPPUNIT_ASSERT_EQUAL(0, round.held + round.released);
        CPPUNIT_ASSERT(f.json(id)->get("hold_until").isEmpty());
        // Every host was down when the window closed; one comes back at 22:00: held until 09:00.
        f.setClock(utc(2026, 12, 8, 1, 0));
        CPPUNIT_ASSERT_EQUAL(1, f.scheduler()->runOnce().held);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-08T12:00:00Z"), f.json(id)->getValue<std::string>("hold_until"));
        // Down again until after the window opened: the next host lets it go on.
        f.setClock(utc(2026, 12, 8, 14, 0));
        round = f.scheduler()->runOnce();
        CPPUNIT_ASSERT_EQUAL(1, round.released);
        CPPUNIT_ASSERT_EQUAL(0, round.held);
        CPPUNIT_ASSERT_EQUAL(std::string("sending"), f.state(id));
    }

    void refusesWindowsWithoutTimeOrDays() {
        Fixture f;
        const long long id = f.campaign("Ventana");
        for (const char* bad : {R"({"from":"09:00","to":"09:00","days":[1]})", R"({"from":"24:00","to":"09:00","days":[1]})",
                                R"({"from":"09:00","to":"20:00","days":[]})", R"({"from":"9","to":"20:00","days":[1]})",
                                R"({"from":"09:00","to":"20:00","days":[8]})"}) {
            auto a = f.call("PUT", f.base(id) + "/send-window", bad);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, 422, a.status);
            CPPUNIT_ASSERT_EQUAL(std::string("invalid_send_window"), a.error());
            CPPUNIT_ASSERT(a.str("message").find("send_window") != std::string::npos);
        }
        CPPUNIT_ASSERT_EQUAL(200,
                             f.call("PUT", f.base(id) + "/send-window", R"({"from":"09:00","to":"09:01","days":[1]})").status);
        CPPUNIT_ASSERT_EQUAL(std::string("09:01"), f.json(id)->getObject("send_window")->getValue<std::string>("to"));
        // Across midnight: accepted, ends the next day.
        CPPUNIT_ASSERT_EQUAL(200,
                             f.call("PUT", f.base(id) + "/send-window", R"({"from":"22:00","to":"06:00","days":[5]})").status);
        CPPUNIT_ASSERT_EQUAL(std::string("06:00"), f.json(id)->getObject("send_window")->getValue<std::string>("to"));
    }

    void sendOutsideTheWindowStartsHeld() {
        Fixture f;
        const long long id = f.campaign("Fuera de horario");
        CPPUNIT_ASSERT_EQUAL(
            200, f.call("PUT", f.base(id) + "/send-window", R"({"from":"09:00","to":"20:00","days":[1,2,3,4,5]})").status);
        f.setClock(utc(2026, 12, 12, 15, 0)); // Saturday noon: closed until Monday 09:00
        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(id) + "/send").status);
        CPPUNIT_ASSERT_EQUAL(std::string("sending"), f.state(id));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-14T12:00:00Z"), f.json(id)->getValue<std::string>("hold_until"));
        campaigns::sending::OutboxStore outbox(*f.db, campaigns::counters::utcDayKey(),
                                               [&f] { return Poco::Timestamp(f.clock.load()); });
        CPPUNIT_ASSERT(outbox.sendingCampaigns(f.account).empty());
        // Inside the window it starts at once.
        const long long other = f.campaign("En horario");
        CPPUNIT_ASSERT_EQUAL(
            200, f.call("PUT", f.base(other) + "/send-window", R"({"from":"09:00","to":"20:00","days":[1,2,3,4,5]})").status);
        f.setClock(utc(2026, 12, 14, 15, 0));
        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(other) + "/send").status);
        CPPUNIT_ASSERT(f.json(other)->get("hold_until").isEmpty());
        CPPUNIT_ASSERT(outbox.sendableNow(other));
        // Paused, then resumed after the window closed (review of issue 13): it resumes held until
        // the next start, in the same UPDATE, and the sender sees it is not to send now.
        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(other) + "/pause").status);
        f.setClock(utc(2026, 12, 15, 0, 30)); // Monday 21:30 in Santiago: closed until Tuesday 09:00
        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(other) + "/resume").status);
        CPPUNIT_ASSERT_EQUAL(std::string("sending"), f.state(other));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-15T12:00:00Z"), f.json(other)->getValue<std::string>("hold_until"));
        CPPUNIT_ASSERT(!outbox.sendableNow(other));
    }

    void approvalBySecondAdministrator() {
        Fixture f(100); // more than 100 recipients need approval
        const long long small = f.campaign("Pequeña", 50), big = f.campaign("Masiva", 200, 7);
        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(small) + "/send").status);
        auto refused = f.call("POST", f.base(big) + "/send", "", 1);
        CPPUNIT_ASSERT_EQUAL(409, refused.status);
        CPPUNIT_ASSERT_EQUAL(std::string("approval_required"), refused.error());
        CPPUNIT_ASSERT(refused.str("message").find("otro administrador") != std::string::npos);
        auto notScheduled = f.call("POST", f.base(big) + "/schedule", R"({"start_at":"2026-12-08T09:00"})", 1);
        CPPUNIT_ASSERT_EQUAL(std::string("approval_required"), notScheduled.error());
        CPPUNIT_ASSERT(f.json(big)->getValue<bool>("approval_requested"));
        // The one who asked cannot approve; another administrator can.
        CPPUNIT_ASSERT_EQUAL(std::string("self_approval"), f.call("POST", f.base(big) + "/approve", "", 1).error());
        auto approved = f.call("POST", f.base(big) + "/approve", "", 2);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(approved.text, 200, approved.status);
        auto listed = f.json(big);
        CPPUNIT_ASSERT_EQUAL(std::string("Administrador 2"), listed->getValue<std::string>("approved_by_name"));
        CPPUNIT_ASSERT(!listed->getValue<bool>("approval_requested"));
        CPPUNIT_ASSERT(listed->getValue<std::string>("approved_at").size() == 20);
        CPPUNIT_ASSERT_EQUAL(200, f.call("POST", f.base(big) + "/schedule", R"({"start_at":"2026-12-08T09:00"})", 1).status);
        // The scheduled start passes the same approval check.
        f.setClock(utc(2026, 12, 8, 12, 0));
        CPPUNIT_ASSERT_EQUAL(1, f.scheduler()->runOnce().started);
        CPPUNIT_ASSERT_EQUAL(std::string("sending"), f.state(big));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SchedulingTest);
