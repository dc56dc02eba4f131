// "Enviar prueba" through the simulator: the campaign's template with a row's values goes to the
// typed phone, its statuses come back by webhook and move the test message's own row, and the
// campaign (its entries, counters and daily counters) does not change. Bounded per minute, with the
// clock injected; a bad phone or a missing row is refused before anything is sent.
#include "SendingHarness.h"
#include "planning/TestMessages.h"
#include "sending/CampaignPayloads.h"
#include "storage/SqlDialect.h"
#include "storage/Transaction.h"
#include "suppressions/SuppressionStore.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>

using namespace Poco::Data::Keywords;
using sendtest::SendingHarness;
namespace planning = campaigns::planning;

namespace {

// What a test message must not change: the campaign's counters and its entries' states.
std::string campaignFootprint(SendingHarness& h, long long campaign) {
    auto s = h.db().session();
    Poco::Int64 id = campaign;
    Poco::Int64 accepted = 0, sent = 0, delivered = 0, read = 0, queued = 0, daily = 0, touched = 0;
    s << "SELECT n_accepted, n_sent, n_delivered, n_read, n_queued FROM campaigns_campaigns WHERE id = ?", use(id),
        into(accepted), into(sent), into(delivered), into(read), into(queued), now;
    s << "SELECT COUNT(*) FROM campaigns_daily_counters WHERE campaign_id = ?", use(id), into(daily), now;
    s << "SELECT COUNT(*) FROM campaigns_entries WHERE campaign_id = ? AND (state <> 'queued' OR progress <> 0 OR wamid IS NOT "
         "NULL)",
        use(id), into(touched), now;
    return std::to_string(accepted) + "/" + std::to_string(sent) + "/" + std::to_string(delivered) + "/" + std::to_string(read) +
           "/" + std::to_string(queued) + " daily=" + std::to_string(daily) + " touched=" + std::to_string(touched);
}

struct Fixture {
    // Every message is delivered and read, so the test waits for a state that surely comes.
    SendingHarness h{[](cloudsim::SimConfig& c) {
        c.pDelivered = 1.0;
        c.pRead = 1.0;
    }};
    campaigns::accounts::SecretBox box{"k1", {{"k1", "a passphrase for the sending tests"}}};
    campaigns::accounts::AccountStore accounts{h.db(), box};
    campaigns::cloudapi::CloudApiClient client{campaigns::cloudapi::ConnectionPool::create({})};
    std::atomic<long long> clockUs{Poco::Timestamp().epochMicroseconds()};
    planning::TestMessages tests{h.db(),
                                 client,
                                 accounts,
                                 [this](long long c, const std::string& phone, const std::string& params) {
                                     return campaigns::sending::payloadForRow(h.db(), c, phone, params);
                                 },
                                 Poco::Logger::get("test"),
                                 [this] { return Poco::Timestamp(clockUs.load()); }};
};

} // namespace

class TestMessageTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TestMessageTest);
    CPPUNIT_TEST(testMessageGoesOutAndItsStatusArrivesWithoutTouchingTheCampaign);
    CPPUNIT_TEST(aFewPerCampaignPerMinute);
    CPPUNIT_TEST(phoneAndRowAreCheckedBeforeSending);
    CPPUNIT_TEST_SUITE_END();

public:
    void testMessageGoesOutAndItsStatusArrivesWithoutTouchingTheCampaign() {
        Fixture f;
        const long long campaign = f.h.createCampaign(sendtest::plainCampaign(3, false, 0));
        const std::string before = campaignFootprint(f.h, campaign);
        // Typed as a person would; stored normalised, like the file's phones.
        const auto sent = f.tests.send(campaign, 7, 3, "+56 9 8765 4321");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(sent.errorReason, std::string("accepted"), sent.state);
        CPPUNIT_ASSERT_EQUAL(std::string("56987654321"), sent.phone);
        CPPUNIT_ASSERT_EQUAL(3, sent.rowNo);
        // The simulator got the template with row 3's values.
        const auto got = f.h.sim().ledger().messages("56987654321", 10);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), got.size());
        CPPUNIT_ASSERT_MESSAGE(got[0].body, got[0].body.find("Cliente 2") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(got[0].body, got[0].body.find("bienvenida") != std::string::npos);
        // sent, delivered, read arrive by webhook and the event processor applies them to the test row.
        f.h.waitFor(
            [&] {
                const auto t = f.tests.find(campaign, sent.id);
                return t && t->state == "read";
            },
            30, "the test message to be read");
        f.h.settle();
        CPPUNIT_ASSERT_EQUAL(before, campaignFootprint(f.h, campaign));
        // No status event was left waiting or set aside.
        auto s = f.h.db().session();
        Poco::Int64 notApplied = 0;
        s << "SELECT COUNT(*) FROM campaigns_webhook_events WHERE processed <> 1", into(notApplied), now;
        CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), notApplied);
        CPPUNIT_ASSERT_EQUAL(std::string("56987654321"), f.tests.lastPhone(7));
        CPPUNIT_ASSERT_EQUAL(std::string(), f.tests.lastPhone(8));
        // A late "delivered" never moves it back.
        CPPUNIT_ASSERT(campaigns::storage::inWriteTransaction(f.h.db(), [&](Poco::Data::Session& tx) {
            return planning::applyTestMessageStatus(tx, f.h.db().dialect(), got[0].wamid, "delivered", 0,
                                                    campaigns::storage::utcNowText());
        }));
        CPPUNIT_ASSERT_EQUAL(std::string("read"), f.tests.find(campaign, sent.id)->state);
        CPPUNIT_ASSERT(!f.tests.find(campaign + 1, sent.id)); // another campaign's id does not find it
    }

    void aFewPerCampaignPerMinute() {
        Fixture f;
        f.h.stopPump();
        const long long campaign = f.h.createCampaign(sendtest::plainCampaign(2, false, 0));
        for (int i = 0; i < planning::TestMessages::kMaxPerMinute; ++i)
            CPPUNIT_ASSERT_EQUAL(std::string("accepted"), f.tests.send(campaign, 1, 2, "56911111111").state);
        try {
            f.tests.send(campaign, 1, 2, "56911111111");
            CPPUNIT_FAIL("a sixth test message within the minute was sent");
        } catch (const helpdesk::HttpError& e) {
            CPPUNIT_ASSERT_EQUAL(429, e.status);
            CPPUNIT_ASSERT_EQUAL(std::string("too_many_test_messages"), e.code);
        }
        // Another campaign has its own allowance; a minute later this one has again.
        const long long other = f.h.createCampaign(sendtest::plainCampaign(2, false, 0));
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), f.tests.send(other, 1, 2, "56911111111").state);
        f.clockUs += 61LL * 1000 * 1000;
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), f.tests.send(campaign, 1, 2, "56911111111").state);
    }

    void phoneAndRowAreCheckedBeforeSending() {
        Fixture f;
        f.h.stopPump();
        const long long campaign = f.h.createCampaign(sendtest::plainCampaign(2, false, 0));
        const auto refused = [&](int row, const std::string& phone, long long id) {
            try {
                f.tests.send(id, 1, row, phone);
            } catch (const helpdesk::HttpError& e) {
                return std::to_string(e.status) + " " + e.code + " " + e.what();
            }
            return std::string("sent");
        };
        const auto badPhone = refused(2, "12ab", campaign);
        CPPUNIT_ASSERT_MESSAGE(badPhone, badPhone.rfind("400 validation_failed", 0) == 0);
        const auto noRow = refused(9, "56911111111", campaign);
        CPPUNIT_ASSERT_MESSAGE(noRow, noRow.rfind("404 entry_not_found", 0) == 0);
        CPPUNIT_ASSERT_MESSAGE(noRow, noRow.find("fila 9") != std::string::npos);
        const auto header = refused(1, "56911111111", campaign);
        CPPUNIT_ASSERT_MESSAGE(header, header.rfind("400 validation_failed", 0) == 0);
        const auto noCampaign = refused(2, "56911111111", campaign + 100);
        CPPUNIT_ASSERT_MESSAGE(noCampaign, noCampaign.rfind("404 campaign_not_found", 0) == 0);
        // A number on the WABA's suppression list gets no test either (review of issue 13).
        campaigns::suppressions::SuppressionChange stop;
        stop.wabaId = "200000000000001"; // the harness account's WABA
        stop.phone = "56922222222";
        stop.reason = "BAJA";
        stop.source = campaigns::suppressions::source::kManual;
        stop.by = "admin";
        CPPUNIT_ASSERT(campaigns::suppressions::SuppressionStore(f.h.db()).add(stop));
        const auto optedOut = refused(2, "+56 9 2222 2222", campaign);
        CPPUNIT_ASSERT_MESSAGE(optedOut, optedOut.rfind("409 already_suppressed", 0) == 0);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), f.h.sim().ledger().totals().accepted);
        CPPUNIT_ASSERT(std::make_pair(2, 3) == f.tests.rowRange(campaign));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TestMessageTest);
