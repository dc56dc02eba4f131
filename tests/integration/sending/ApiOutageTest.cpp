// A Cloud API outage longer than the retry window: nothing listens on the account's base URL
// (connection refused) for 20 s, then the simulator answers again. The campaign must lose
// nobody: no entry ends failed or unknown, the campaign shows it is waiting for the API
// (paused with the `api_unreachable` code and a Spanish reason), and it resumes by itself once the
// API answers and sends everything. Before, each entry's 8 tries ran out after about 8 s and the
// campaign ended `failed` (0 of 50 sent). Runs on SQLite and on the throwaway MariaDB.
#include "SendingHarness.h"

#include "quality/PauseCodes.h"
#include "storage/SqlDialect.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <iostream>
#include <thread>
#include <vector>

using namespace Poco::Data::Keywords;
using sendtest::SendingHarness;

namespace {

int entriesIn(SendingHarness& h, long long campaign, const std::string& state) {
    auto s = h.db().session();
    Poco::Int64 id = campaign;
    std::string st = state;
    int n = 0;
    s << "SELECT COUNT(*) FROM campaigns_entries WHERE campaign_id = ? AND state = ?", use(id), use(st), into(n), now;
    return n;
}

// A base URL where nothing listens: a port bound and closed again, so connections are refused.
std::string refusedUrl() {
    Poco::UInt16 closedPort = 0;
    {
        Poco::Net::ServerSocket s(Poco::Net::SocketAddress("127.0.0.1", 0));
        closedPort = s.address().port();
    }
    return "http://127.0.0.1:" + std::to_string(closedPort);
}

// An API that accepts connections and never answers (nor closes them): a request to it hangs
// until the client's receive timeout. Counts the connections it took.
class SilentApi {
public:
    SilentApi() : thread_([this] { run(); }) {}
    ~SilentApi() {
        stop_ = true;
        thread_.join();
    }
    SilentApi(const SilentApi&) = delete;
    SilentApi& operator=(const SilentApi&) = delete;
    std::string url() const { return "http://127.0.0.1:" + std::to_string(socket_.address().port()); }
    int connections() const { return connections_; }

private:
    void run() {
        while (!stop_)
            if (socket_.poll(Poco::Timespan(0, 50000), Poco::Net::Socket::SELECT_READ)) {
                held_.push_back(socket_.acceptConnection());
                ++connections_;
            }
    }
    Poco::Net::ServerSocket socket_{Poco::Net::SocketAddress("127.0.0.1", 0)};
    std::vector<Poco::Net::StreamSocket> held_; // its thread only
    std::atomic<bool> stop_{false};
    std::atomic<int> connections_{0};
    std::thread thread_; // last: starts once the rest is built
};

void pointAccountAt(SendingHarness& h, const std::string& baseUrl) {
    auto s = h.db().session();
    Poco::Int64 id = h.accountId();
    std::string url = baseUrl;
    s << "UPDATE campaigns_accounts SET graph_base_url = ? WHERE id = ?", use(url), use(id), now;
}

struct PauseInfo {
    std::string state, code, reason;
};

// Send requests the simulator answered with its injected 5xx: what reached the API and failed.
std::uint64_t serverErrorsAt(SendingHarness& h) {
    Poco::JSON::Parser parser;
    const auto stats = parser.parse(h.sim().statsJson(false, 0)).extract<Poco::JSON::Object::Ptr>();
    return stats->getValue<std::uint64_t>("injected_server_errors");
}

PauseInfo pauseOf(SendingHarness& h, long long campaign) {
    auto s = h.db().session();
    Poco::Int64 id = campaign;
    PauseInfo p;
    s << "SELECT state, pause_code, pause_reason FROM campaigns_campaigns WHERE id = ?", use(id), into(p.state), into(p.code),
        into(p.reason), now;
    return p;
}

} // namespace

class ApiOutageTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ApiOutageTest);
    CPPUNIT_TEST(anOutageLongerThanTheRetriesLosesNoEntryAndResumesByItself);
    CPPUNIT_TEST(aCampaignWhoseWindowClosedDuringTheOutageResumesHeld);
    CPPUNIT_TEST(anApiThatAnswersTheProbeButNotTheSendsCostsOneEntryPerRound);
    CPPUNIT_TEST(aHangingProbeDoesNotStallTheSupervisor);
    CPPUNIT_TEST_SUITE_END();

public:
    void anOutageLongerThanTheRetriesLosesNoEntryAndResumesByItself() {
        SendingHarness h;
        const std::string simUrl = "http://127.0.0.1:" + std::to_string(h.sim().port());
        pointAccountAt(h, refusedUrl());
        const long long campaign = h.createCampaign(sendtest::plainCampaign(50, false, 0));
        h.startSending(campaign);

        // Well past 8 tries a second apart (with the engine's pauses between them).
        std::this_thread::sleep_for(std::chrono::seconds(20));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("no entry fails while the API is unreachable", 0, entriesIn(h, campaign, "failed"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("a refused connection never reached Meta: nothing is unknown", 0,
                                     entriesIn(h, campaign, "unknown"));
        const auto paused = pauseOf(h, campaign);
        CPPUNIT_ASSERT_EQUAL(std::string("paused"), paused.state);
        CPPUNIT_ASSERT_EQUAL(std::string(campaigns::quality::pause::kApiUnreachable), paused.code);
        CPPUNIT_ASSERT_MESSAGE(paused.reason, paused.reason.find("La API de WhatsApp no responde desde") == 0);
        CPPUNIT_ASSERT_EQUAL(0ULL, static_cast<unsigned long long>(h.acceptedBySimulator()));

        pointAccountAt(h, simUrl); // the API answers again
        h.waitFor([&] { return h.finished(campaign); }, 120, "the campaign to resume by itself and finish");
        CPPUNIT_ASSERT_EQUAL(std::string("completed"), h.state(campaign));
        CPPUNIT_ASSERT_EQUAL(50, entriesIn(h, campaign, "accepted"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), h.duplicatedRecipients());
        const auto resumed = pauseOf(h, campaign);
        CPPUNIT_ASSERT_EQUAL(std::string(), resumed.code);
        CPPUNIT_ASSERT_EQUAL(std::string(), resumed.reason);
        const auto stored = campaigns::counters::storedCounters(h.db(), campaign);
        CPPUNIT_ASSERT_EQUAL(campaigns::counters::recountFromEntries(h.db(), campaign).describe(), stored.describe());
    }

    // The send window closed while the API was down: resuming by itself, the campaign must wait
    // for the window's next opening, as "Reanudar" makes it. Before, it resumed with no hold and
    // sent until the scheduler's next round (up to a second's worth of messages at night).
    void aCampaignWhoseWindowClosedDuringTheOutageResumesHeld() {
        SendingHarness h;
        const std::string opens = campaigns::storage::utcText(Poco::Timestamp() + Poco::Timespan(1, 0, 0, 0, 0));
        h.engine().setHoldPolicy([&](long long) { return std::optional<std::string>(opens); });
        pointAccountAt(h, refusedUrl());
        const long long campaign = h.createCampaign(sendtest::plainCampaign(20, false, 0));
        h.startSending(campaign);
        h.waitFor([&] { return pauseOf(h, campaign).code == campaigns::quality::pause::kApiUnreachable; }, 60,
                  "the campaign to pause for the outage");

        pointAccountAt(h, "http://127.0.0.1:" + std::to_string(h.sim().port()));
        h.waitFor([&] { return pauseOf(h, campaign).state == "sending"; }, 60, "the campaign to resume by itself");
        std::this_thread::sleep_for(std::chrono::seconds(2));
        auto s = h.db().session();
        Poco::Int64 id = campaign;
        Poco::Nullable<std::string> hold;
        s << "SELECT " + campaigns::storage::timeAsText(h.db().dialect(), "hold_until") +
                 " FROM campaigns_campaigns WHERE id = ?",
            use(id), into(hold), now;
        CPPUNIT_ASSERT_MESSAGE("resumed with no hold", !hold.isNull());
        CPPUNIT_ASSERT_EQUAL(opens.substr(0, 19), hold.value().substr(0, 19));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing is sent before the window opens", 0ULL,
                                     static_cast<unsigned long long>(h.acceptedBySimulator()));
        CPPUNIT_ASSERT_EQUAL(20, entriesIn(h, campaign, "queued"));
    }

    // A partial outage: the API answers the probe's GET of the phone number but every send gets a
    // 503 with no body (the request may have been processed, so its entry becomes unknown, never
    // resent). After the first pause, each probe that answers lets the account try ONE send; its
    // 503 pauses the account again at once and the probe goes on with its doubled wait (2, 4, 8,
    // 16 s). Before, each resume sent at full concurrency for the 5 s the outage watch needs, and
    // the account paused and resumed every ~7 s, a few more unknown entries each round.
    void anApiThatAnswersTheProbeButNotTheSendsCostsOneEntryPerRound() {
        SendingHarness h([](cloudsim::SimConfig& c) {
            c.fail5xxRate = 1;
            c.fail5xxMode = "503";
        });
        const long long campaign = h.createCampaign(sendtest::plainCampaign(200, false, 0));
        h.startSending(campaign);
        h.waitFor([&] { return pauseOf(h, campaign).code == campaigns::quality::pause::kApiUnreachable; }, 60,
                  "the campaign to pause for the outage");
        // The requests in flight at the pause are answered; the probe's first turn is 2 s away.
        std::this_thread::sleep_for(std::chrono::seconds(1));
        const auto sentBefore = serverErrorsAt(h);
        const int unknownBefore = entriesIn(h, campaign, "unknown");

        std::this_thread::sleep_for(std::chrono::seconds(25));
        const auto trials = serverErrorsAt(h) - sentBefore;
        const int unknownLater = entriesIn(h, campaign, "unknown") - unknownBefore;
        std::cout << "\n  partial outage: " << sentBefore << " sends before the first pause (" << unknownBefore << " unknown), "
                  << trials << " sends and " << unknownLater << " more unknown in the 25 s after it\n";
        CPPUNIT_ASSERT_MESSAGE("the probe never resumed the account to try a send", trials >= 1);
        // Probes answer at about +2, +6, +14 s: one send each (a fourth at most, with the look's 1 s steps).
        CPPUNIT_ASSERT_MESSAGE(std::to_string(trials) + " sends after the first pause, more than one per probe round",
                               trials <= 4);
        CPPUNIT_ASSERT_MESSAGE(std::to_string(unknownLater) + " more entries unknown after the first pause", unknownLater <= 4);
        CPPUNIT_ASSERT_EQUAL(0, entriesIn(h, campaign, "failed"));
        const auto paused = pauseOf(h, campaign);
        CPPUNIT_ASSERT_EQUAL(std::string("paused"), paused.state);
        CPPUNIT_ASSERT_EQUAL(std::string(campaigns::quality::pause::kApiUnreachable), paused.code);

        // The sends work again: the next probe resumes it and the trial's accepted send ends the
        // trial; the rest goes out and nothing is sent twice.
        h.sim().config().update([](cloudsim::SimConfig& c) { c.fail5xxRate = 0; });
        h.waitFor([&] { return h.finished(campaign); }, 120, "the campaign to resume by itself and finish");
        const int unknown = entriesIn(h, campaign, "unknown");
        CPPUNIT_ASSERT_EQUAL(200 - unknown, entriesIn(h, campaign, "accepted"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), h.duplicatedRecipients());
        const auto stored = campaigns::counters::storedCounters(h.db(), campaign);
        CPPUNIT_ASSERT_EQUAL(campaigns::counters::recountFromEntries(h.db(), campaign).describe(), stored.describe());
    }

    // The outage probe's request runs off the supervisor thread: while the account's probe waits
    // on an API that never answers (the harness's receive timeout is 5 s; Meta's can be ~35 s),
    // the supervisor still finishes a drained campaign within its rounds. Before, it sat in the
    // probe's GET and finished it only when the GET timed out, about 5 s later.
    void aHangingProbeDoesNotStallTheSupervisor() {
        SendingHarness h;
        pointAccountAt(h, refusedUrl());
        const long long campaign = h.createCampaign(sendtest::plainCampaign(5, false, 0));
        h.startSending(campaign);
        h.waitFor([&] { return pauseOf(h, campaign).code == campaigns::quality::pause::kApiUnreachable; }, 60,
                  "the campaign to pause for the outage");
        SilentApi silent;
        pointAccountAt(h, silent.url());
        h.waitFor([&] { return silent.connections() > 0; }, 30, "the probe to ask the silent API");

        const long long other = h.createCampaign(sendtest::plainCampaign(0, false, 0)); // nothing to send
        const auto started = std::chrono::steady_clock::now();
        h.startSending(other);
        h.waitFor([&] { return h.finished(other); }, 30, "the supervisor to finish the empty campaign");
        const auto took =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
        std::cout << "\n  an empty campaign finished " << took << " ms after it was sent, while the probe hung\n";
        CPPUNIT_ASSERT_MESSAGE("the supervisor waited " + std::to_string(took) + " ms for the hanging probe", took < 2000);
        CPPUNIT_ASSERT_EQUAL(std::string(campaigns::quality::pause::kApiUnreachable), pauseOf(h, campaign).code);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ApiOutageTest);
