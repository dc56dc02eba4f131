// Campaigns sent end to end against the simulator: states, counters, tickets and the guarantee
// that no recipient gets a message twice. Runs on SQLite and on the throwaway MariaDB.
#include "SendingHarness.h"

#include "storage/SqlDialect.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace Poco::Data::Keywords;
using campaigns::counters::dailyTotals;
using campaigns::counters::recountFromEntries;
using campaigns::counters::storedCounters;
using sendtest::CampaignSpec;
using sendtest::SendingHarness;

namespace {
void assertCountersMatchEntries(SendingHarness& h, long long campaign) {
    auto stored = storedCounters(h.db(), campaign);
    auto recount = recountFromEntries(h.db(), campaign);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("stored " + stored.describe() + "\nrecount " + recount.describe(), recount.describe(),
                                 stored.describe());
    auto daily = dailyTotals(h.db(), campaign);
    CPPUNIT_ASSERT_EQUAL(stored.accepted, daily.accepted);
    CPPUNIT_ASSERT_EQUAL(stored.failedSend, daily.failedSend);
    CPPUNIT_ASSERT_EQUAL(stored.delivered, daily.delivered);
    CPPUNIT_ASSERT_EQUAL(stored.read, daily.read);
    CPPUNIT_ASSERT_EQUAL(stored.replied, daily.replied);
    CPPUNIT_ASSERT_EQUAL(stored.repliedUnread, daily.repliedUnread);
    CPPUNIT_ASSERT_EQUAL(stored.addressed, daily.addressed);
}

long long count(SendingHarness& h, const std::string& sql, long long campaign) {
    auto s = h.db().session();
    Poco::Int64 n = 0, id = campaign;
    s << sql, use(id), into(n), now;
    return n;
}
} // namespace

class SendCampaignTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SendCampaignTest);
    CPPUNIT_TEST(tenThousandEntriesCompleteWithEveryClassOfOutcome);
    CPPUNIT_TEST(duplicatedAndShuffledWebhooksReachTheSameFinalState);
    CPPUNIT_TEST(ambiguousSendsBecomeUnknownAndAreReconciledNotResent);
    CPPUNIT_TEST(rejectedTokenPausesTheCampaignInsteadOfFailingRows);
    CPPUNIT_TEST(unbuildablePayloadPausesTheCampaignWithItsReason);
    CPPUNIT_TEST(cancelStopsSendingAndKeepsWhatWasSent);
    CPPUNIT_TEST(campaignWithoutResponseOpensClosedTickets);
    CPPUNIT_TEST(imageHeaderTemplateIsAcceptedAndWamidsStored);
    CPPUNIT_TEST(oneTicketRunKeepsPaceWithSending);
    CPPUNIT_TEST_SUITE_END();

public:
    void tenThousandEntriesCompleteWithEveryClassOfOutcome() {
        SendingHarness h([](cloudsim::SimConfig& c) {
            c.rules = {cloudsim::parseRule("3=131026:async"), cloudsim::parseRule("77=131050:sync")};
            c.pRead = 0.6;
            c.replyProbability = 0.3;
        });
        const int n = 10000;
        const long long campaign = h.createCampaign(sendtest::plainCampaign(n, true, 2));
        h.startSending(campaign);
        h.waitFor([&] { return h.finished(campaign); }, 180, "the campaign to finish");
        h.settle();

        CPPUNIT_ASSERT_EQUAL(std::string("completed_with_errors"), h.state(campaign));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), h.duplicatedRecipients());
        auto c = storedCounters(h.db(), campaign);
        // Numbers ending in 77 are refused at send (131050); those ending in 3 fail after acceptance.
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(n / 100), c.failedSend);
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(n - n / 100), c.accepted);
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(h.acceptedBySimulator()), c.accepted);
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(n / 10), c.failedAfterAccept);
        CPPUNIT_ASSERT_EQUAL(0LL, c.queued);
        CPPUNIT_ASSERT_EQUAL(0LL, c.unknown);
        CPPUNIT_ASSERT(c.replied > 0);
        CPPUNIT_ASSERT(c.read >= c.replied - c.repliedUnread);
        CPPUNIT_ASSERT(c.delivered >= c.replied);
        assertCountersMatchEntries(h, campaign);
        CPPUNIT_ASSERT_EQUAL(
            static_cast<long long>(n / 100),
            count(h,
                  "SELECT COUNT(*) FROM campaigns_entries WHERE campaign_id = ? AND error_code = 131050 AND error_reason <> ''",
                  campaign));

        // One ticket per accepted entry, open until the deadline; replies reach their ticket.
        h.waitFor(
            [&] {
                return count(h,
                             "SELECT COUNT(*) FROM campaigns_entries WHERE campaign_id = ? AND state = 'accepted' AND ticket_id "
                             "IS NULL",
                             campaign) == 0;
            },
            60, "tickets for every accepted entry");
        auto tickets = h.tickets().snapshot();
        CPPUNIT_ASSERT_EQUAL(static_cast<std::size_t>(c.accepted), tickets.size());
        long long repliedTicket = 0;
        for (const auto& [id, t] : tickets) {
            CPPUNIT_ASSERT(t.open);
            CPPUNIT_ASSERT(t.spec.closeDeadline.has_value());
            CPPUNIT_ASSERT_EQUAL(std::string("Hola, tu caso fue registrado."), t.messages.front().text);
        }
        h.waitFor(
            [&] {
                std::size_t replies = 0;
                for (const auto& [id, t] : h.tickets().snapshot()) replies += t.messages.size() > 1;
                return static_cast<long long>(replies) == storedCounters(h.db(), campaign).replied;
            },
            30, "replies on tickets");

        for (const auto& [id, t] : h.tickets().snapshot())
            if (t.messages.size() > 1) repliedTicket = id;
        CPPUNIT_ASSERT(repliedTicket > 0);
        // An agent answering a replied ticket marks the entry addressed, once.
        h.tickets().agentWrites(repliedTicket);
        h.tickets().agentWrites(repliedTicket);
        CPPUNIT_ASSERT_EQUAL(1LL, storedCounters(h.db(), campaign).addressed);
        assertCountersMatchEntries(h, campaign);
    }

    void duplicatedAndShuffledWebhooksReachTheSameFinalState() {
        SendingHarness h([](cloudsim::SimConfig& c) {
            c.pDelivered = 1.0;
            c.pRead = 1.0;
            c.duplicateRate = 0.5;
            c.outOfOrder = true;
            c.sentDelayMs = 0;
            c.deliveredDelayMs = 0;
            c.readDelayMs = 0;
            c.delayJitterMs = 300;
        });
        const int n = 1500;
        const long long campaign = h.createCampaign(sendtest::plainCampaign(n, false, 0));
        h.startSending(campaign);
        h.waitFor([&] { return h.finished(campaign); }, 120, "the campaign to finish");
        h.settle();
        CPPUNIT_ASSERT_EQUAL(std::string("completed"), h.state(campaign));
        auto c = storedCounters(h.db(), campaign);
        // Whatever the order and however often each status came, every message ends sent,
        // delivered and read exactly once in the counters.
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(n), c.accepted);
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(n), c.sent);
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(n), c.delivered);
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(n), c.read);
        CPPUNIT_ASSERT_EQUAL(
            static_cast<long long>(n),
            count(h, "SELECT COUNT(*) FROM campaigns_entries WHERE campaign_id = ? AND progress = 3 AND read_seen = 1",
                  campaign));
        assertCountersMatchEntries(h, campaign);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), h.duplicatedRecipients());
    }

    void ambiguousSendsBecomeUnknownAndAreReconciledNotResent() {
        SendingHarness h([](cloudsim::SimConfig& c) {
            c.dropRate = 0.1;
            c.dropMode = "drop_after_accept";
            c.pDelivered = 1.0;
        });
        const int n = 1000;
        const long long campaign = h.createCampaign(sendtest::plainCampaign(n, false, 0));
        h.startSending(campaign);
        h.waitFor([&] { return h.finished(campaign); }, 120, "the campaign to finish");
        h.settle();
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), h.duplicatedRecipients());
        // Every dropped answer was for a message Meta did take: the webhooks' callback data
        // adopted each one, so none stays unknown and each recipient got exactly one message.
        auto c = storedCounters(h.db(), campaign);
        CPPUNIT_ASSERT_EQUAL(0LL, c.unknown);
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(n), c.accepted);
        CPPUNIT_ASSERT_EQUAL(static_cast<std::uint64_t>(n), h.acceptedBySimulator());
        assertCountersMatchEntries(h, campaign);
    }

    void rejectedTokenPausesTheCampaignInsteadOfFailingRows() {
        SendingHarness h([](cloudsim::SimConfig& c) { c.accessTokens = {"another-token"}; });
        const long long campaign = h.createCampaign(sendtest::plainCampaign(50, false, 0));
        h.startSending(campaign);
        h.waitFor([&] { return h.state(campaign) == "paused"; }, 30, "the campaign to pause");
        auto s = h.db().session();
        std::string reason;
        Poco::Int64 id = campaign;
        std::string code;
        s << "SELECT pause_reason, pause_code FROM campaigns_campaigns WHERE id = ?", use(id), into(reason), into(code), now;
        CPPUNIT_ASSERT(!reason.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("sender_error"), code); // the sender's own pause (OutboxStore)
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        auto c = storedCounters(h.db(), campaign);
        CPPUNIT_ASSERT_EQUAL(0LL, c.failedSend);
        CPPUNIT_ASSERT_EQUAL(50LL, c.queued);
        CPPUNIT_ASSERT_EQUAL(
            50LL, count(h, "SELECT COUNT(*) FROM campaigns_entries WHERE campaign_id = ? AND state = 'queued'", campaign));
        assertCountersMatchEntries(h, campaign);
    }

    // A campaign whose messages cannot be built (its template is no longer approved) is paused by
    // the sender (quality::CampaignPauser) with the sender's code and the reason; nothing is sent.
    void unbuildablePayloadPausesTheCampaignWithItsReason() {
        SendingHarness h;
        const long long campaign = h.createCampaign(sendtest::plainCampaign(20, false, 0));
        {
            auto s = h.db().session();
            Poco::Int64 id = campaign;
            s << "UPDATE campaigns_templates SET status = 'PAUSED' WHERE id = (SELECT template_id FROM campaigns_campaigns"
                 " WHERE id = ?)",
                use(id), now;
        }
        h.startSending(campaign);
        h.waitFor([&] { return h.state(campaign) == "paused"; }, 30, "the campaign to pause");
        auto s = h.db().session();
        std::string code, reason;
        Poco::Int64 id = campaign;
        s << "SELECT pause_code, pause_reason FROM campaigns_campaigns WHERE id = ?", use(id), into(code), into(reason), now;
        CPPUNIT_ASSERT_EQUAL(std::string("sender_error"), code);
        CPPUNIT_ASSERT_MESSAGE(reason, reason.find("PAUSED") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(0LL, storedCounters(h.db(), campaign).accepted);
        CPPUNIT_ASSERT_EQUAL(
            20LL, count(h, "SELECT COUNT(*) FROM campaigns_entries WHERE campaign_id = ? AND state = 'queued'", campaign));
    }

    void cancelStopsSendingAndKeepsWhatWasSent() {
        SendingHarness h([](cloudsim::SimConfig& c) { c.throughputMps = 200; });
        const long long campaign = h.createCampaign(sendtest::plainCampaign(2000, false, 0));
        h.startSending(campaign);
        h.waitFor([&] { return storedCounters(h.db(), campaign).accepted >= 200; }, 60, "some messages to go out");
        {
            auto s = h.db().session();
            Poco::Int64 id = campaign;
            s << "UPDATE campaigns_campaigns SET state = 'cancelled' WHERE id = ?", use(id), now;
        }
        h.waitFor([&] { return storedCounters(h.db(), campaign).queued == 0; }, 30, "queued entries to be cancelled");
        const auto sentAtCancel = h.acceptedBySimulator();
        std::this_thread::sleep_for(std::chrono::seconds(1));
        CPPUNIT_ASSERT_EQUAL(sentAtCancel, h.acceptedBySimulator());
        auto c = storedCounters(h.db(), campaign);
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(h.acceptedBySimulator()), c.accepted);
        CPPUNIT_ASSERT_EQUAL(2000LL, c.accepted + c.cancelled + c.unknown + c.failedSend);
        CPPUNIT_ASSERT_EQUAL(std::string("cancelled"), h.state(campaign));
        assertCountersMatchEntries(h, campaign);
    }

    void imageHeaderTemplateIsAcceptedAndWamidsStored() {
        SendingHarness h;
        CampaignSpec spec = sendtest::plainCampaign(10, false, 0);
        // The simulator's promo_imagen: IMAGE header + two body parameters; without the image the
        // simulator answers 132012, so every acceptance proves the header went out.
        spec.templateName = "promo_imagen";
        spec.templateJson =
            R"({"name":"promo_imagen","language":"es","components":[{"type":"HEADER","format":"IMAGE"},)"
            R"({"type":"BODY","text":"Hola {{1}}, aprovecha {{2}} de descuento."},)"
            R"({"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Me interesa"},{"type":"QUICK_REPLY","text":"No gracias"}]}]})";
        spec.headerMediaId = "1037543291543636";
        spec.paramsJson = [](int i) { return "[\"Ana " + std::to_string(i) + "\",\"20%\"]"; };
        const long long campaign = h.createCampaign(spec);
        h.startSending(campaign);
        h.waitFor([&] { return h.finished(campaign); }, 60, "the campaign to finish");
        CPPUNIT_ASSERT_EQUAL(std::string("completed"), h.state(campaign));
        CPPUNIT_ASSERT_EQUAL(
            10LL, count(h, "SELECT COUNT(*) FROM campaigns_entries WHERE campaign_id = ? AND wamid LIKE 'wamid.%'", campaign));
        CPPUNIT_ASSERT_EQUAL(static_cast<std::uint64_t>(10), h.acceptedBySimulator());
    }

    void campaignWithoutResponseOpensClosedTickets() {
        SendingHarness h;
        const long long campaign = h.createCampaign(sendtest::plainCampaign(20, false, 0));
        h.startSending(campaign);
        h.waitFor([&] { return h.finished(campaign); }, 60, "the campaign to finish");
        h.waitFor([&] { return h.tickets().snapshot().size() == 20; }, 30, "tickets");
        for (const auto& [id, t] : h.tickets().snapshot()) {
            CPPUNIT_ASSERT(!t.open);
            CPPUNIT_ASSERT(!t.spec.closeDeadline.has_value());
            CPPUNIT_ASSERT(t.spec.externalKey.rfind("campaigns:entry:", 0) == 0);
        }
    }

    // The ticket task runs once a second; at 1,000 accepted messages a second one run must create
    // them all, or tickets fall minutes behind on a large campaign (it used to stop at 200).
    void oneTicketRunKeepsPaceWithSending() {
        SendingHarness h;
        const long long campaign = h.createCampaign(sendtest::plainCampaign(5000, false, 0));
        {
            auto s = h.db().session();
            Poco::Int64 id = campaign;
            std::string ts = campaigns::storage::utcNowText();
            s << "UPDATE campaigns_entries SET state = 'accepted', accepted_at = ?, wamid = " +
                     std::string(h.db().dialect() == helpdesk::Dialect::MySQL ? "CONCAT('wamid.t', id)" : "'wamid.t' || id") +
                     " WHERE campaign_id = ?",
                use(ts), use(id), now;
        }
        campaigns::tracking::TicketSync sync(
            h.db(), h.tickets(), [](long long, const std::string&) { return std::string("Hola"); }, Poco::Logger::get("test"));
        sync.runOnce();
        CPPUNIT_ASSERT_EQUAL(
            0LL, count(h, "SELECT COUNT(*) FROM campaigns_entries WHERE campaign_id = ? AND ticket_id IS NULL", campaign));
        CPPUNIT_ASSERT_EQUAL(std::size_t(5000), h.tickets().snapshot().size());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(SendCampaignTest);
