// Protect the sender's number (issue 12): every source that puts a number on the suppression list
// of the WABA (user_preferences stop/resume, 131050 synchronous and as a failed webhook, an opt-out
// quick-reply button, a keyword answer), the send path that skips suppressed numbers with their
// counters, and 131049 that defers an entry by a day instead of failing or resending it.
#include "SendingHarness.h"
#include "sending/FailedRetry.h"
#include "sending/OutboxStore.h"
#include "storage/SqlDialect.h"
#include "suppressions/SuppressionStore.h"
#include "webhooks/WebhookEventStore.h"

#include <Poco/Timestamp.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace Poco::Data::Keywords;
using campaigns::counters::recountFromEntries;
using campaigns::counters::storedCounters;
using sendtest::SendingHarness;

namespace {

const std::string kWaba = "200000000000001";          // the harness account's WABA
const std::string kPhoneNumberId = "100000000000001"; // and its number

std::string envelope(const std::string& field, const std::string& value) {
    return R"({"object":"whatsapp_business_account","entry":[{"id":")" + kWaba + R"(","time":1,"changes":[{"field":")" + field +
           R"(","value":)" + value + "}]}]}";
}

std::string preference(const std::string& phone, const std::string& value, long long at) {
    return envelope("user_preferences",
                    R"({"messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":")" +
                        kPhoneNumberId + R"("},"contacts":[{"wa_id":")" + phone + R"("}],"user_preferences":[{"wa_id":")" +
                        phone +
                        R"(","detail":"User requested to stop marketing messages","category":"marketing_messages",)"
                        R"("value":")" +
                        value + R"(","timestamp":)" + std::to_string(at) + "}]}");
}

// A customer message; `message` is the inside of messages[0] after from/id/timestamp.
std::string inbound(const std::string& from, const std::string& id, const std::string& message) {
    const std::string at = std::to_string(Poco::Timestamp().epochTime());
    return envelope("messages", R"({"messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":")" +
                                    kPhoneNumberId + R"("},"contacts":[{"profile":{"name":"Cliente"},"wa_id":")" + from +
                                    R"("}],"messages":[{"from":")" + from + R"(","id":")" + id + R"(","timestamp":")" + at +
                                    "\"," + message + "}]}");
}

void deliver(SendingHarness& h, const std::string& body) {
    campaigns::webhooks::WebhookEventStore store(h.db());
    CPPUNIT_ASSERT(store.append(campaigns::webhooks::parseWebhookBody(body)) > 0);
    h.settle();
}

std::optional<campaigns::suppressions::Suppression> listed(SendingHarness& h, const std::string& phone,
                                                           const std::string& waba = kWaba) {
    return campaigns::suppressions::SuppressionStore(h.db()).find(waba, phone);
}

std::size_t historyLines(SendingHarness& h, const std::string& phone) {
    return campaigns::suppressions::SuppressionStore(h.db()).history(kWaba, phone, 100).size();
}

long long scalar(SendingHarness& h, const std::string& sql, long long id) {
    auto s = h.db().session();
    Poco::Int64 n = 0, key = id;
    s << sql, use(key), into(n), now;
    return n;
}

void assertCountersMatchEntries(SendingHarness& h, long long campaign) {
    auto stored = storedCounters(h.db(), campaign);
    auto recount = recountFromEntries(h.db(), campaign);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("stored " + stored.describe() + "\nrecount " + recount.describe(), recount.describe(),
                                 stored.describe());
}

std::vector<std::string> phonesOf(SendingHarness& h, long long campaign) {
    auto s = h.db().session();
    std::vector<std::string> phones;
    Poco::Int64 c = campaign;
    s << "SELECT phone FROM campaigns_entries WHERE campaign_id = ? ORDER BY id", use(c), into(phones), now;
    return phones;
}

void suppress(SendingHarness& h, const std::string& waba, const std::string& phone) {
    campaigns::suppressions::SuppressionChange c;
    c.wabaId = waba;
    c.phone = phone;
    c.reason = "BAJA";
    c.source = campaigns::suppressions::source::kManual;
    c.by = "admin";
    CPPUNIT_ASSERT(campaigns::suppressions::SuppressionStore(h.db()).add(c));
}

} // namespace

class OptOutTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(OptOutTest);
    CPPUNIT_TEST(userPreferencesStopAddsAndResumeRemoves);
    CPPUNIT_TEST(failedWith131050SuppressesSyncAndAsync);
    CPPUNIT_TEST(keywordAnswerSuppressesOnlyExactKeywords);
    CPPUNIT_TEST(markedButtonSuppressesOtherButtonsDoNot);
    CPPUNIT_TEST(suppressedNumbersAreNeverSentAndCounted);
    CPPUNIT_TEST(utilityCampaignMayIncludeSuppressedNumbers);
    CPPUNIT_TEST(refusalWith131049DefersByADay);
    CPPUNIT_TEST(retryFailedResendsFailuresButNotOptOuts);
    CPPUNIT_TEST_SUITE_END();

public:
    void userPreferencesStopAddsAndResumeRemoves() {
        SendingHarness h;
        const std::string phone = "56987654321";
        deliver(h, preference(phone, "stop", 1750000000));
        auto s1 = listed(h, phone);
        CPPUNIT_ASSERT_MESSAGE("stop puts the number on the list", s1.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("user_preferences"), s1->source);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), historyLines(h, phone));
        // Meta retries: the same event again, and a second stop, change nothing.
        campaigns::webhooks::WebhookEventStore store(h.db());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0),
                             store.append(campaigns::webhooks::parseWebhookBody(preference(phone, "stop", 1750000000))));
        deliver(h, preference(phone, "stop", 1750000001));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), historyLines(h, phone));
        // Another WABA's list is not this one's.
        CPPUNIT_ASSERT(!listed(h, phone, "999").has_value());

        deliver(h, preference(phone, "resume", 1750000100));
        CPPUNIT_ASSERT_MESSAGE("resume takes it off", !listed(h, phone).has_value());
        auto history = campaigns::suppressions::SuppressionStore(h.db()).history(kWaba, phone, 10);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), history.size());
        CPPUNIT_ASSERT_EQUAL(std::string("remove"), history[0].action);
        CPPUNIT_ASSERT_EQUAL(std::string("add"), history[1].action);
        CPPUNIT_ASSERT_EQUAL(std::string("WhatsApp"), history[0].changedBy);
    }

    void failedWith131050SuppressesSyncAndAsync() {
        SendingHarness h([](cloudsim::SimConfig& c) {
            c.rules = {cloudsim::parseRule("05=131050:async"), cloudsim::parseRule("07=131050:sync")};
            c.replyProbability = 0;
        });
        const long long campaign = h.createCampaign(sendtest::plainCampaign(8, false, 0));
        h.startSending(campaign);
        h.waitFor([&] { return h.finished(campaign); }, 60, "the campaign to finish");
        h.settle();
        const auto phones = phonesOf(h, campaign);
        auto async = listed(h, phones[4]);
        CPPUNIT_ASSERT_MESSAGE("a failed webhook with 131050 suppresses", async.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("error_131050"), async->source);
        CPPUNIT_ASSERT_EQUAL(campaign, static_cast<long long>(async->campaignId.value()));
        auto sync = listed(h, phones[6]);
        CPPUNIT_ASSERT_MESSAGE("a send refused with 131050 suppresses", sync.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("error_131050"), sync->source);
        CPPUNIT_ASSERT(!listed(h, phones[0]).has_value());
        CPPUNIT_ASSERT_EQUAL(2LL, campaigns::suppressions::SuppressionStore(h.db()).count({kWaba, "", 50, 0}));
        assertCountersMatchEntries(h, campaign);
    }

    void keywordAnswerSuppressesOnlyExactKeywords() {
        SendingHarness h([](cloudsim::SimConfig& c) { c.replyProbability = 0; });
        const long long campaign = h.createCampaign(sendtest::plainCampaign(3, true, 2));
        h.startSending(campaign);
        h.waitFor([&] { return h.finished(campaign); }, 60, "the campaign to finish");
        h.settle();
        const auto phones = phonesOf(h, campaign);
        deliver(h, inbound(phones[0], "wamid.kw1", R"("type":"text","text":{"body":"  Bája 🙏"})"));
        deliver(h, inbound(phones[1], "wamid.kw2", R"("type":"text","text":{"body":"quiero la baja de esto"})"));
        auto hit = listed(h, phones[0]);
        CPPUNIT_ASSERT_MESSAGE("an answer that is a keyword suppresses", hit.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("keyword"), hit->source);
        CPPUNIT_ASSERT_EQUAL(std::string("BAJA"), hit->reason);
        CPPUNIT_ASSERT_MESSAGE("the answer matched its entry", !hit->entryId.isNull());
        CPPUNIT_ASSERT_MESSAGE("a sentence containing it does not", !listed(h, phones[1]).has_value());

        // Answered from another spelling of the number (Meta's WhatsApp id): both are listed.
        const std::string waId = "5219990001234";
        {
            auto s = h.db().session();
            Poco::Int64 c = campaign;
            std::string third = phones[2];
            s << "UPDATE campaigns_entries SET wa_id = ? WHERE campaign_id = ? AND phone = ?", bind(waId), use(c), use(third),
                now;
        }
        deliver(h, inbound(waId, "wamid.kw3", R"("type":"text","text":{"body":"STOP"})"));
        CPPUNIT_ASSERT(listed(h, waId).has_value());
        CPPUNIT_ASSERT_MESSAGE("the uploaded spelling too: sends are checked against it", listed(h, phones[2]).has_value());
        // The answer still reaches the ticket as any other.
        CPPUNIT_ASSERT_EQUAL(1LL, scalar(h, "SELECT COUNT(*) FROM campaigns_inbound_messages WHERE entry_id = ?",
                                         static_cast<long long>(hit->entryId.value())));
    }

    void markedButtonSuppressesOtherButtonsDoNot() {
        SendingHarness h([](cloudsim::SimConfig& c) { c.replyProbability = 0; });
        const long long campaign = h.createCampaign(sendtest::plainCampaign(3, true, 2));
        {
            auto s = h.db().session();
            Poco::Int64 c = campaign;
            s << "INSERT INTO campaigns_template_optout_payloads (template_id, payload)"
                 " SELECT template_id, 'STOP_PROMOS' FROM campaigns_campaigns WHERE id = ?",
                use(c), now;
        }
        h.startSending(campaign);
        h.waitFor([&] { return h.finished(campaign); }, 60, "the campaign to finish");
        h.settle();
        const auto phones = phonesOf(h, campaign);
        deliver(h,
                inbound(phones[0], "wamid.b1", R"("type":"button","button":{"payload":"STOP_PROMOS","text":"No recibir más"})"));
        deliver(h,
                inbound(phones[1], "wamid.b2", R"("type":"button","button":{"payload":"MORE_INFO","text":"Más información"})"));
        auto hit = listed(h, phones[0]);
        CPPUNIT_ASSERT_MESSAGE("the marked button suppresses", hit.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("button"), hit->source);
        CPPUNIT_ASSERT_EQUAL(std::string("No recibir más"), hit->reason);
        CPPUNIT_ASSERT_MESSAGE("another button does not", !listed(h, phones[1]).has_value());
    }

    void suppressedNumbersAreNeverSentAndCounted() {
        SendingHarness h([](cloudsim::SimConfig& c) { c.replyProbability = 0; });
        const long long campaign = h.createCampaign(sendtest::plainCampaign(6, false, 0));
        const auto phones = phonesOf(h, campaign);
        suppress(h, kWaba, phones[1]);
        suppress(h, kWaba, phones[3]);
        suppress(h, "another-waba", phones[4]); // another WABA's opt-out does not stop this one
        h.startSending(campaign);
        h.waitFor([&] { return h.finished(campaign); }, 60, "the campaign to finish");
        h.settle();
        CPPUNIT_ASSERT_EQUAL(std::string("completed"), h.state(campaign));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), h.sim().ledger().acceptedFor(phones[1]));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(0), h.sim().ledger().acceptedFor(phones[3]));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), h.sim().ledger().acceptedFor(phones[4]));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(4), h.acceptedBySimulator());
        auto c = storedCounters(h.db(), campaign);
        CPPUNIT_ASSERT_EQUAL(2LL, c.suppressed);
        CPPUNIT_ASSERT_EQUAL(4LL, c.accepted);
        CPPUNIT_ASSERT_EQUAL(0LL, c.queued);
        CPPUNIT_ASSERT_EQUAL(0LL, c.failedSend);
        assertCountersMatchEntries(h, campaign);
        auto s = h.db().session();
        std::vector<std::string> reasons;
        Poco::Int64 id = campaign;
        s << "SELECT error_reason FROM campaigns_entries WHERE campaign_id = ? AND state = 'suppressed' ORDER BY id", use(id),
            into(reasons), now;
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), reasons.size());
        CPPUNIT_ASSERT_MESSAGE(reasons[0], reasons[0].rfind("Número en la lista de exclusión (BAJA, ", 0) == 0);
    }

    // The harness template is UTILITY: with the creator's choice, suppressed numbers are sent.
    void utilityCampaignMayIncludeSuppressedNumbers() {
        SendingHarness h([](cloudsim::SimConfig& c) { c.replyProbability = 0; });
        const long long campaign = h.createCampaign(sendtest::plainCampaign(3, false, 0));
        const auto phones = phonesOf(h, campaign);
        suppress(h, kWaba, phones[1]);
        {
            auto s = h.db().session();
            Poco::Int64 c = campaign;
            s << "UPDATE campaigns_campaigns SET include_suppressed_for_utility = 1 WHERE id = ?", use(c), now;
        }
        h.startSending(campaign);
        h.waitFor([&] { return h.finished(campaign); }, 60, "the campaign to finish");
        h.settle();
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), h.sim().ledger().acceptedFor(phones[1]));
        auto c = storedCounters(h.db(), campaign);
        CPPUNIT_ASSERT_EQUAL(0LL, c.suppressed);
        CPPUNIT_ASSERT_EQUAL(3LL, c.accepted);
        assertCountersMatchEntries(h, campaign);
    }

    void refusalWith131049DefersByADay() {
        SendingHarness h([](cloudsim::SimConfig& c) {
            c.rules = {cloudsim::parseRule("03=131049:sync")};
            c.replyProbability = 0;
        });
        const long long campaign = h.createCampaign(sendtest::plainCampaign(4, false, 0));
        h.startSending(campaign);
        h.waitFor([&] { return storedCounters(h.db(), campaign).deferred == 1 && storedCounters(h.db(), campaign).queued == 0; },
                  60, "the refused entry to be deferred");
        h.settle();
        const auto phones = phonesOf(h, campaign);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("refused once, never resent at once", std::uint64_t(3), h.acceptedBySimulator());
        auto s = h.db().session();
        std::string state, due;
        Poco::Int64 c = campaign;
        s << "SELECT state, " + campaigns::storage::timeAsText(h.db().dialect(), "next_attempt_at") +
                 " FROM campaigns_entries WHERE campaign_id = ? AND error_code = 131049",
            use(c), into(state), into(due), now;
        CPPUNIT_ASSERT_EQUAL(std::string("deferred"), state);
        const std::string inADay = campaigns::storage::utcText(
            Poco::Timestamp() + Poco::Timespan(23 * Poco::Timespan::HOURS + 59 * Poco::Timespan::MINUTES));
        CPPUNIT_ASSERT_MESSAGE("due " + due + ", not before " + inADay, due >= inADay.substr(0, 19));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("a campaign with a deferred entry is not finished", std::string("sending"),
                                     h.state(campaign));
        assertCountersMatchEntries(h, campaign);

        // "Cancelar" takes the deferred entry out too, with its counters.
        campaigns::sending::OutboxStore outbox(h.db());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), outbox.cancelQueued(campaign));
        assertCountersMatchEntries(h, campaign);
        CPPUNIT_ASSERT_EQUAL(0LL, storedCounters(h.db(), campaign).deferred);
    }

    // "Reintentar fallidos": failed sends go back to the queue with their counters (also the day's),
    // a 131050 refusal does not (the user stopped marketing), and the campaign finishes again.
    void retryFailedResendsFailuresButNotOptOuts() {
        SendingHarness h([](cloudsim::SimConfig& c) {
            c.rules = {cloudsim::parseRule("06=131026:sync"), cloudsim::parseRule("07=131050:sync")};
            c.replyProbability = 0;
        });
        const long long campaign = h.createCampaign(sendtest::plainCampaign(8, false, 0));
        campaigns::sending::FailedRetry retry(h.db());
        campaigns::sending::RetryRequest noWhatsApp;
        noWhatsApp.campaignId = campaign;
        noWhatsApp.classes = {campaigns::sending::FailureClass::NoWhatsApp};
        CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing to retry while loaded", std::size_t(0), retry.retry(noWhatsApp).requeued);
        h.startSending(campaign);
        h.waitFor([&] { return h.finished(campaign); }, 60, "the campaign to finish");
        h.settle();
        CPPUNIT_ASSERT_EQUAL(std::string("completed_with_errors"), h.state(campaign));
        CPPUNIT_ASSERT_EQUAL(2LL, storedCounters(h.db(), campaign).failedSend);

        // 131050 is never retried, whatever is asked (the API refuses to be asked).
        campaigns::sending::RetryRequest stopped = noWhatsApp;
        stopped.classes = {campaigns::sending::FailureClass::UserStopped};
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), retry.retry(stopped).requeued);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), retry.retry(noWhatsApp).requeued);
        CPPUNIT_ASSERT_EQUAL(std::string("sending"), h.state(campaign));
        assertCountersMatchEntries(h, campaign);
        CPPUNIT_ASSERT_EQUAL(campaigns::counters::dailyTotals(h.db(), campaign).failedSend,
                             storedCounters(h.db(), campaign).failedSend);
        h.engine().wake();
        h.waitFor([&] { return h.finished(campaign); }, 60, "the campaign to finish again");
        h.settle();
        const auto phones = phonesOf(h, campaign);
        // A retry is a new attempt: its sends are counted from 1 again, and the entry names the attempt.
        CPPUNIT_ASSERT_EQUAL(1LL, scalar(h,
                                         "SELECT attempts FROM campaigns_entries WHERE id = (SELECT MIN(id) + 5 FROM"
                                         " campaigns_entries WHERE campaign_id = ?)",
                                         campaign));
        CPPUNIT_ASSERT_EQUAL(1LL, scalar(h,
                                         "SELECT attempts FROM campaigns_entries WHERE id = (SELECT MIN(id) + 6 FROM"
                                         " campaigns_entries WHERE campaign_id = ?)",
                                         campaign));
        CPPUNIT_ASSERT_EQUAL(std::string("completed_with_errors"), h.state(campaign));
        auto c = storedCounters(h.db(), campaign);
        CPPUNIT_ASSERT_EQUAL(2LL, c.failedSend);
        CPPUNIT_ASSERT_EQUAL(6LL, c.accepted);
        assertCountersMatchEntries(h, campaign);
        CPPUNIT_ASSERT_EQUAL(campaigns::counters::dailyTotals(h.db(), campaign).failedSend, c.failedSend);
        CPPUNIT_ASSERT(listed(h, phones[6]).has_value());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OptOutTest);
