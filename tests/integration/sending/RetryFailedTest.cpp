// "Reintentar fallidos" (issue 12) on SQLite and MariaDB: a finished campaign's failures grouped by
// class, each class retried or refused as FailureClass.h says (131049 only after 24 h, 130429,
// 131000 and connection failures, 131026 and unknown only when asked, never 131050 / other), as
// a new attempt of the same campaign whose counters equal a recount (also per day) with each
// retried entry counted once, one attempt per dialog, and a crash during the retry that sends
// nothing twice.
#include "SendingHarness.h"
#include "sending/FailedRetry.h"
#include "sending/OutboxStore.h"

#include <Poco/Timestamp.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace Poco::Data::Keywords;
using campaigns::counters::CampaignCounters;
using campaigns::counters::dailyTotals;
using campaigns::counters::recountFromEntries;
using campaigns::counters::storedCounters;
using campaigns::sending::FailedRetry;
using campaigns::sending::FailureClass;
using campaigns::sending::FailureGroup;
using campaigns::sending::OutboxStore;
using campaigns::sending::Retryable;
using campaigns::sending::RetryRequest;
using campaigns::sending::RetryResult;
using sendtest::SendingHarness;

namespace {

// The stored counters equal a recount from the entries, and the per-day rows add up to them.
void assertCountersRight(SendingHarness& h, long long campaign) {
    const CampaignCounters stored = storedCounters(h.db(), campaign);
    const CampaignCounters recount = recountFromEntries(h.db(), campaign);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("stored against recount", recount.describe(), stored.describe());
    CampaignCounters dayBound = stored;
    dayBound.queued = dayBound.unknown = dayBound.cancelled = dayBound.suppressed = dayBound.deferred = dayBound.capped =
        dayBound.retried = dayBound.openTickets = 0;
    CPPUNIT_ASSERT_EQUAL_MESSAGE("stored against the sum of the days", dayBound.describe(),
                                 dailyTotals(h.db(), campaign).describe());
}

const FailureGroup* groupOf(const campaigns::sending::FailurePreview& p, FailureClass c) {
    for (const auto& g : p.groups)
        if (g.cls == c) return &g;
    return nullptr;
}

campaigns::cloudapi::Retryable retryable(std::optional<int> code) {
    campaigns::cloudapi::Retryable r;
    r.code = code;
    r.reason = "temporal";
    return r;
}

// Plays the sender for every due entry of the campaign: claims, marks written and records the
// outcome `outcomeFor(index)` (index in claim order); maxAttempts 1, so a retryable error fails.
void playSender(SendingHarness& h, long long campaign,
                const std::function<campaigns::cloudapi::SendOutcome(std::size_t)>& outcomeFor) {
    OutboxStore outbox(h.db());
    const Poco::Timestamp lease = Poco::Timestamp() + Poco::Timespan(60, 0);
    const auto claimed = outbox.claim(campaign, "player", lease, 100);
    std::vector<std::pair<long long, std::string>> attempts;
    for (const auto& c : claimed) attempts.emplace_back(c.id, c.attemptId);
    outbox.markWritten(attempts, lease);
    std::vector<campaigns::sending::SendResult> results;
    for (std::size_t i = 0; i < claimed.size(); ++i)
        results.push_back({claimed[i].id, campaign, claimed[i].attemptId, claimed[i].attempts, outcomeFor(i), Poco::Timestamp()});
    outbox.apply(results, 1);
    outbox.finishDrained();
}

// The entries' ticket ids in id order (0 = none yet).
std::vector<long long> ticketsOf(SendingHarness& h, long long campaign) {
    auto s = h.db().session();
    Poco::Int64 id = campaign;
    std::vector<Poco::Int64> ids;
    s << "SELECT COALESCE(ticket_id, 0) FROM campaigns_entries WHERE campaign_id = ? ORDER BY id", use(id), into(ids), now;
    return {ids.begin(), ids.end()};
}

RetryRequest ask(long long campaign, std::vector<FailureClass> classes, std::optional<int> expectedAttempt = std::nullopt) {
    RetryRequest r;
    r.campaignId = campaign;
    r.classes = std::move(classes);
    r.expectedAttempt = expectedAttempt;
    return r;
}

} // namespace

class RetryFailedTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RetryFailedTest);
    CPPUNIT_TEST(failuresFromWhatsAppAreGroupedAndRetriedAsChosen);
    CPPUNIT_TEST(rateLimitTransientAndUnknownFailures);
    CPPUNIT_TEST(aCrashDuringARetrySendsNothingTwice);
    CPPUNIT_TEST_SUITE_END();

public:
    // Through the simulator: 131026 at send and after acceptance, 131050, 131049 after acceptance,
    // 132000 (the message itself is wrong).
    void failuresFromWhatsAppAreGroupedAndRetriedAsChosen() {
        SendingHarness h([](cloudsim::SimConfig& c) {
            c.rules = {cloudsim::parseRule("01=131026:sync"), cloudsim::parseRule("02=131050:sync"),
                       cloudsim::parseRule("03=131049:async"), cloudsim::parseRule("04=132000:sync"),
                       cloudsim::parseRule("05=131026:async")};
            c.replyProbability = 0;
        });
        const long long campaign = h.createCampaign(sendtest::plainCampaign(8, false, 0));
        h.startSending(campaign);
        h.waitFor([&] { return h.finished(campaign); }, 60, "the campaign to finish");
        h.settle();
        CPPUNIT_ASSERT_EQUAL(std::string("completed_with_errors"), h.state(campaign));
        assertCountersRight(h, campaign);

        Poco::Timestamp clock;
        FailedRetry retry(h.db(), campaigns::counters::utcDayKey(), [&] { return clock; });
        auto preview = retry.preview(campaign);
        CPPUNIT_ASSERT_EQUAL(0, preview.attempt);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), preview.groups.size());
        const FailureGroup* cap = groupOf(preview, FailureClass::MarketingCap);
        CPPUNIT_ASSERT(cap && cap->count == 1 && cap->retryable == Retryable::Yes);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("131049 waits 24 h", 0LL, cap->ready);
        CPPUNIT_ASSERT_MESSAGE("next " + cap->nextReadyAt + " all " + cap->allReadyAt, !cap->allReadyAt.empty());
        const FailureGroup* noWhatsApp = groupOf(preview, FailureClass::NoWhatsApp);
        CPPUNIT_ASSERT(noWhatsApp && noWhatsApp->count == 2 && noWhatsApp->ready == 2);
        CPPUNIT_ASSERT(noWhatsApp->retryable == Retryable::OnRequest);
        CPPUNIT_ASSERT_EQUAL(131026, noWhatsApp->reasons.at(0).errorCode);
        CPPUNIT_ASSERT(groupOf(preview, FailureClass::UserStopped)->retryable == Retryable::Never);
        CPPUNIT_ASSERT_EQUAL(132000, groupOf(preview, FailureClass::Other)->reasons.at(0).errorCode);

        const RetryRequest capOnly = ask(campaign, {FailureClass::MarketingCap}, 0);
        CPPUNIT_ASSERT(retry.retry(capOnly).outcome == RetryResult::Outcome::NothingToRetry);
        CPPUNIT_ASSERT_EQUAL(std::string("completed_with_errors"), h.state(campaign));

        const auto ticketsBefore = ticketsOf(h, campaign);
        const std::size_t ticketCount = h.tickets().snapshot().size();
        CPPUNIT_ASSERT(ticketsBefore[2] > 0 && ticketsBefore[4] > 0); // accepted, then failed: they have tickets
        clock += Poco::Timespan(25 * 3600, 0);                        // a day later
        CPPUNIT_ASSERT_EQUAL(1LL, groupOf(retry.preview(campaign), FailureClass::MarketingCap)->ready);
        const RetryRequest chosen = ask(campaign, {FailureClass::MarketingCap, FailureClass::NoWhatsApp}, 0);
        const RetryResult first = retry.retry(chosen);
        CPPUNIT_ASSERT(first.outcome == RetryResult::Outcome::Requeued);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), first.requeued);
        CPPUNIT_ASSERT_EQUAL(1, first.attempt);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), first.byClass.at(FailureClass::NoWhatsApp));
        CPPUNIT_ASSERT_EQUAL(std::string("sending"), h.state(campaign));
        assertCountersRight(h, campaign);
        CPPUNIT_ASSERT_EQUAL(3LL, storedCounters(h.db(), campaign).retried);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("the same dialog clicked again while it sends", true,
                                     retry.retry(chosen).outcome == RetryResult::Outcome::NotFinished);

        h.engine().wake();
        h.waitFor([&] { return h.finished(campaign); }, 60, "the retry to finish");
        h.settle();
        assertCountersRight(h, campaign);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("the same dialog clicked again after the retry finished", true,
                                     retry.retry(chosen).outcome == RetryResult::Outcome::AttemptChanged);
        const auto ticketsAfter = ticketsOf(h, campaign);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("the same tickets", ticketsBefore[2], ticketsAfter[2]);
        CPPUNIT_ASSERT_EQUAL(ticketsBefore[4], ticketsAfter[4]);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("no second ticket for an entry sent again", ticketCount, h.tickets().snapshot().size());
        preview = retry.preview(campaign);
        CPPUNIT_ASSERT_EQUAL(1, preview.attempt);
        CPPUNIT_ASSERT_EQUAL(3LL, preview.retried);

        // A second attempt retries the same entries again: each is still counted once.
        const RetryRequest again = ask(campaign, {FailureClass::NoWhatsApp}, 1);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), retry.retry(again).requeued);
        h.engine().wake();
        h.waitFor([&] { return h.finished(campaign); }, 60, "the second retry to finish");
        h.settle();
        assertCountersRight(h, campaign);
        const CampaignCounters c = storedCounters(h.db(), campaign);
        CPPUNIT_ASSERT_EQUAL(3LL, c.retried);
        CPPUNIT_ASSERT_EQUAL(8LL, c.accepted + c.failedSend);
        CPPUNIT_ASSERT_EQUAL(2, retry.preview(campaign).attempt);
    }

    // Played sender: 130429 and 131000 that ran out of attempts, a connection that never carried
    // the request (no code), and an unknown outcome.
    void rateLimitTransientAndUnknownFailures() {
        SendingHarness h;
        h.engine().stop(std::chrono::seconds(5)); // this test plays the sender itself
        const long long campaign = h.createCampaign(sendtest::plainCampaign(4, false, 0));
        h.startSending(campaign);
        playSender(h, campaign, [](std::size_t i) -> campaigns::cloudapi::SendOutcome {
            if (i == 0) return retryable(130429);
            if (i == 1) return retryable(131000);
            if (i == 2) return retryable(std::nullopt);
            return campaigns::cloudapi::Ambiguous{"sin resultado", ""};
        });
        CPPUNIT_ASSERT_EQUAL(std::string("completed_with_errors"), h.state(campaign));
        assertCountersRight(h, campaign);

        FailedRetry retry(h.db());
        const auto preview = retry.preview(campaign);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), preview.groups.size());
        CPPUNIT_ASSERT_EQUAL(1LL, groupOf(preview, FailureClass::RateLimit)->ready);
        const FailureGroup* transient = groupOf(preview, FailureClass::Transient);
        CPPUNIT_ASSERT_EQUAL(2LL, transient->ready);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), transient->reasons.size()); // 131000 and no code
        const FailureGroup* unknown = groupOf(preview, FailureClass::Unknown);
        CPPUNIT_ASSERT(unknown->retryable == Retryable::OnRequest && unknown->count == 1);

        // No classes named: the ones retryable outright, not unknown.
        const RetryResult done = retry.retry(ask(campaign, campaigns::sending::defaultRetryClasses()));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), done.requeued);
        assertCountersRight(h, campaign);
        CPPUNIT_ASSERT_EQUAL(1LL, storedCounters(h.db(), campaign).unknown);

        playSender(h, campaign, [](std::size_t i) -> campaigns::cloudapi::SendOutcome {
            return campaigns::cloudapi::Accepted{"wamid.retry." + std::to_string(i), "", "accepted"};
        });
        CPPUNIT_ASSERT_EQUAL(std::string("completed_with_errors"), h.state(campaign)); // the unknown one is left
        assertCountersRight(h, campaign);

        const RetryResult unknownToo = retry.retry(ask(campaign, {FailureClass::Unknown}, 1));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), unknownToo.requeued);
        assertCountersRight(h, campaign);
        playSender(h, campaign, [](std::size_t) -> campaigns::cloudapi::SendOutcome {
            return campaigns::cloudapi::Accepted{"wamid.retry.unknown", "", "accepted"};
        });
        CPPUNIT_ASSERT_EQUAL(std::string("completed"), h.state(campaign));
        const CampaignCounters c = storedCounters(h.db(), campaign);
        CPPUNIT_ASSERT_EQUAL(4LL, c.accepted);
        CPPUNIT_ASSERT_EQUAL(4LL, c.retried);
        assertCountersRight(h, campaign);
    }

    // kill -9 while the retry sends: the outbox's rules are unchanged, so a claim never written
    // goes back to the queue and a written one becomes unknown (never resent by itself).
    void aCrashDuringARetrySendsNothingTwice() {
        SendingHarness h;
        h.engine().stop(std::chrono::seconds(5));
        const long long campaign = h.createCampaign(sendtest::plainCampaign(3, false, 0));
        h.startSending(campaign);
        playSender(h, campaign, [](std::size_t) -> campaigns::cloudapi::SendOutcome { return retryable(131000); });
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), h.state(campaign));
        FailedRetry retry(h.db());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), retry.retry(ask(campaign, {FailureClass::Transient}, 0)).requeued);

        OutboxStore outbox(h.db());
        const Poco::Timestamp past = Poco::Timestamp() - Poco::Timespan(1, 0);
        const auto claimed = outbox.claim(campaign, "dying-instance", past, 10);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), claimed.size());
        CPPUNIT_ASSERT(outbox.markWritten({{claimed[0].id, claimed[0].attemptId}}, past)[0]);
        // The instance dies here; another one recovers.
        const auto recovered = outbox.recoverExpired(Poco::Timestamp());
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), recovered.requeued);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), recovered.unknown);
        CPPUNIT_ASSERT_EQUAL(std::string("unknown"), h.entryText(claimed[0].id, "state"));
        CPPUNIT_ASSERT_MESSAGE("a late worker of the dead claim sends nothing",
                               !outbox.markWritten({{claimed[1].id, claimed[1].attemptId}}, Poco::Timestamp())[0]);
        assertCountersRight(h, campaign);

        std::size_t resent = 0;
        playSender(h, campaign, [&](std::size_t i) -> campaigns::cloudapi::SendOutcome {
            ++resent;
            return campaigns::cloudapi::Accepted{"wamid.crash." + std::to_string(i), "", "accepted"};
        });
        CPPUNIT_ASSERT_EQUAL_MESSAGE("only the two never written are sent again", std::size_t(2), resent);
        CPPUNIT_ASSERT_EQUAL(std::string("unknown"), h.entryText(claimed[0].id, "state"));
        CPPUNIT_ASSERT_EQUAL(std::string("completed_with_errors"), h.state(campaign));
        assertCountersRight(h, campaign);
        CPPUNIT_ASSERT_EQUAL(3LL, storedCounters(h.db(), campaign).retried);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RetryFailedTest);
