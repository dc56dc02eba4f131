// Every customer answer reaches an agent (issue 17): an answer to a ticket born closed, or closed at
// its deadline, reopens it with a visible line; a message no campaign matches (written first, long
// after the reply window, from another number, or quoting another account's message) goes to the
// number's open ticket or a new one in the account's department; a ticket deleted in the helpdesk
// loses nothing; and racing deliveries put each message on the ticket once, in WhatsApp order.
#include "SendingHarness.h"
#include "counters/Recount.h"
#include "webhooks/WebhookEventStore.h"

#include <Poco/Timestamp.h>

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <thread>

using namespace Poco::Data::Keywords;
using sendtest::SendingHarness;

namespace {

const std::string kOurNumber = "100000000000001"; // the harness account's phone_number_id

std::string inboundBody(const std::string& phoneNumberId, const std::string& from, const std::string& id, long long at,
                        const std::string& fields, const std::string& quoted = {}) {
    return R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{)"
           R"("messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":")" +
           phoneNumberId + R"("},"contacts":[{"profile":{"name":"Cliente"},"wa_id":")" + from + R"("}],"messages":[{"from":")" +
           from + R"(","id":")" + id + R"(","timestamp":")" + std::to_string(at) + R"(",)" + fields +
           (quoted.empty() ? std::string() : R"(,"context":{"from":"1","id":")" + quoted + R"("})") + "}]}}]}]}";
}

std::string text(const std::string& body) { return R"("type":"text","text":{"body":")" + body + R"("})"; }

long long nowSeconds() { return static_cast<long long>(Poco::Timestamp().epochTime()); }

struct Entry {
    long long id = 0, ticket = 0;
    std::string phone, wamid;
};

class Fixture {
public:
    explicit Fixture(bool expectsResponse, int entries = 2)
        : h([](cloudsim::SimConfig& c) {
              c.replyProbability = 0;
              c.pRead = 0;
          }) {
        campaign = h.createCampaign(sendtest::plainCampaign(entries, expectsResponse, 2));
        h.startSending(campaign);
        h.waitFor([&] { return h.finished(campaign); }, 60, "the campaign to finish");
        h.settle();
        h.waitFor([&] { return count("SELECT COUNT(*) FROM campaigns_entries WHERE ticket_id IS NULL") == 0; }, 30,
                  "every entry to have its ticket");
    }

    Entry entry(int index) {
        auto s = h.db().session();
        std::vector<Poco::Int64> ids, tickets;
        std::vector<std::string> phones, wamids;
        Poco::Int64 c = campaign;
        s << "SELECT id, ticket_id, phone, wamid FROM campaigns_entries WHERE campaign_id = ? ORDER BY id", use(c), into(ids),
            into(tickets), into(phones), into(wamids), now;
        return {ids.at(index), tickets.at(index), phones.at(index), wamids.at(index)};
    }
    long long count(const std::string& sql) {
        auto s = h.db().session();
        Poco::Int64 n = 0;
        s << sql, into(n), now;
        return n;
    }
    int entryInt(long long entryId, const std::string& column) {
        auto s = h.db().session();
        int v = -1;
        Poco::Int64 id = entryId;
        s << "SELECT " + column + " FROM campaigns_entries WHERE id = ?", use(id), into(v), now;
        return v;
    }
    void post(const std::string& body) {
        campaigns::webhooks::WebhookEventStore store(h.db());
        store.append(campaigns::webhooks::parseWebhookBody(body));
    }
    void waitDelivered(long long n) {
        h.waitFor([&] { return count("SELECT COUNT(*) FROM campaigns_inbound_messages WHERE delivered = 1") >= n; }, 30,
                  std::to_string(n) + " customer messages on tickets");
    }
    testsupport::FakeTickets::Ticket ticket(long long id) { return h.tickets().snapshot().at(id); }
    std::vector<long long> ticketsOf(const std::string& phone) {
        std::vector<long long> out;
        for (const auto& [id, t] : h.tickets().snapshot())
            if (t.spec.contactPhone == phone) out.push_back(id);
        return out;
    }

    SendingHarness h;
    long long campaign = 0;
};

std::vector<std::string> texts(const testsupport::FakeTickets::Ticket& t) {
    std::vector<std::string> out;
    for (const auto& m : t.messages) out.push_back(m.text);
    return out;
}

} // namespace

class ReplyLoopTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ReplyLoopTest);
    CPPUNIT_TEST(answerReopensATicketBornClosed);
    CPPUNIT_TEST(answerAfterTheDeadlineReopensTheClosedTicket);
    CPPUNIT_TEST(openTicketsCounterFollowsEveryOpeningAndClosing);
    CPPUNIT_TEST(answerStampedBeforeItsMessageStillFollowsIt);
    CPPUNIT_TEST(unmatchedMessagesOfEveryTypeReachOneContactTicket);
    CPPUNIT_TEST(unmatchedMessageJoinsTheNumbersOpenTicket);
    CPPUNIT_TEST(answerToADeletedTicketReachesANewOne);
    CPPUNIT_TEST(answerQuotingAnotherAccountsMessageIsNotThatEntrys);
    CPPUNIT_TEST(racingDeliveriesPutEachAnswerOnceInWhatsAppOrder);
    CPPUNIT_TEST_SUITE_END();

public:
    void answerReopensATicketBornClosed() {
        Fixture f(false);
        const Entry e = f.entry(0);
        CPPUNIT_ASSERT_MESSAGE("no response expected: born closed", !f.ticket(e.ticket).open);
        CPPUNIT_ASSERT_EQUAL(1, f.entryInt(e.id, "ticket_closed"));

        f.post(inboundBody(kOurNumber, e.phone, "wamid.answer-1", nowSeconds(), text("¿Tienen talla M?"), e.wamid));
        f.waitDelivered(1);
        auto t = f.ticket(e.ticket);
        CPPUNIT_ASSERT_MESSAGE("the answer reopened the ticket", t.open);
        CPPUNIT_ASSERT_EQUAL(1, t.reopenings);
        const auto lines = texts(t);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), lines.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Reabierto por respuesta del cliente"), lines[1]);
        CPPUNIT_ASSERT_EQUAL(std::string("¿Tienen talla M?"), lines[2]);
        CPPUNIT_ASSERT_EQUAL(0, f.entryInt(e.id, "ticket_closed"));
        CPPUNIT_ASSERT_EQUAL(4, f.entryInt(e.id, "progress"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("the other entry's ticket is untouched", false, f.ticket(f.entry(1).ticket).open);

        f.h.tickets().agentWrites(e.ticket);
        f.h.waitFor([&] { return f.entryInt(e.id, "progress") == 5; }, 10, "the answer to count as addressed");
        f.h.tickets().agentCloses(e.ticket);
        f.h.waitFor([&] { return f.entryInt(e.id, "ticket_closed") == 1; }, 10, "the closing to be remembered");

        f.post(inboundBody(kOurNumber, e.phone, "wamid.answer-1", nowSeconds(), text("¿Tienen talla M?"), e.wamid));
        f.post(inboundBody(kOurNumber, e.phone, "wamid.answer-2", nowSeconds(), text("Gracias"), e.wamid));
        f.waitDelivered(2);
        t = f.ticket(e.ticket);
        CPPUNIT_ASSERT_MESSAGE("a new answer reopens it again", t.open);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("a repeated webhook reopens nothing", 2, t.reopenings);
        CPPUNIT_ASSERT_EQUAL(std::string("Gracias"), texts(t).back());
        CPPUNIT_ASSERT_EQUAL(2LL, f.count("SELECT COUNT(*) FROM campaigns_inbound_messages"));
    }

    void answerAfterTheDeadlineReopensTheClosedTicket() {
        Fixture f(true, 1);
        const Entry e = f.entry(0);
        CPPUNIT_ASSERT(f.ticket(e.ticket).open);
        {
            auto s = f.h.db().session();
            Poco::Int64 id = e.id;
            s << "UPDATE campaigns_entries SET ticket_deadline = '2001-01-01 00:00:00.000' WHERE id = ?", use(id), now;
        }
        f.h.waitFor([&] { return !f.ticket(e.ticket).open && f.entryInt(e.id, "ticket_closed") == 1; }, 10,
                    "the ticket to close at its deadline");
        f.post(inboundBody(kOurNumber, e.phone, "wamid.late", nowSeconds(), text("Recién lo vi"), e.wamid));
        f.waitDelivered(1);
        const auto t = f.ticket(e.ticket);
        CPPUNIT_ASSERT(t.open);
        CPPUNIT_ASSERT_EQUAL(std::string("Recién lo vi"), texts(t).back());
        CPPUNIT_ASSERT_EQUAL(0, f.entryInt(e.id, "ticket_closed"));
        // Replied: the deadline no longer closes it.
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        CPPUNIT_ASSERT(f.ticket(e.ticket).open);
    }

    // Issue 14: the list shows "N tickets abiertos" from n_open_tickets instead of counting the
    // entries on every request; the counter moves with each ticket made, closed and reopened.
    void openTicketsCounterFollowsEveryOpeningAndClosing() {
        Fixture f(true, 2);
        auto stored = [&] { return campaigns::counters::storedCounters(f.h.db(), f.campaign).openTickets; };
        auto agrees = [&] { return campaigns::counters::recountFromEntries(f.h.db(), f.campaign).openTickets == stored(); };
        CPPUNIT_ASSERT_EQUAL(2LL, stored());
        CPPUNIT_ASSERT(agrees());
        const Entry first = f.entry(0), second = f.entry(1);
        f.h.tickets().agentCloses(first.ticket);
        f.h.waitFor([&] { return f.entryInt(first.id, "ticket_closed") == 1; }, 10, "the agent's closing to be remembered");
        CPPUNIT_ASSERT_EQUAL(1LL, stored());
        CPPUNIT_ASSERT(agrees());
        {
            auto s = f.h.db().session();
            Poco::Int64 id = second.id;
            s << "UPDATE campaigns_entries SET ticket_deadline = '2001-01-01 00:00:00.000' WHERE id = ?", use(id), now;
        }
        f.h.waitFor([&] { return f.entryInt(second.id, "ticket_closed") == 1; }, 10, "the ticket to close at its deadline");
        CPPUNIT_ASSERT_EQUAL(0LL, stored());
        CPPUNIT_ASSERT(agrees());
        f.post(inboundBody(kOurNumber, second.phone, "wamid.late-2", nowSeconds(), text("Recién lo vi"), second.wamid));
        f.waitDelivered(1);
        CPPUNIT_ASSERT_EQUAL(0, f.entryInt(second.id, "ticket_closed"));
        CPPUNIT_ASSERT_EQUAL(1LL, stored());
        CPPUNIT_ASSERT(agrees());
    }

    // WhatsApp stamps in whole seconds, and tickets are made after the send: an answer in the
    // second of its message (here stamped a minute early, as a skewed clock would) must still read
    // after the campaign's message, which shows at its send time, not at the ticket's creation.
    void answerStampedBeforeItsMessageStillFollowsIt() {
        Fixture f(false, 1);
        const Entry e = f.entry(0);
        f.post(inboundBody(kOurNumber, e.phone, "wamid.early", nowSeconds() - 60, text("Primero"), e.wamid));
        f.waitDelivered(1);
        const auto t = f.ticket(e.ticket);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), t.messages.size());
        const auto& sent = t.messages[0];
        const auto& answer = t.messages[2];
        CPPUNIT_ASSERT_EQUAL(std::string("Primero"), answer.text);
        CPPUNIT_ASSERT_MESSAGE("the answer is not shown before the message it answers", !(answer.at < sent.at));
        CPPUNIT_ASSERT_MESSAGE("the campaign's message shows at its send time",
                               sent.at < Poco::Timestamp() && Poco::Timestamp() - sent.at < 120 * Poco::Timestamp::resolution());
    }

    void unmatchedMessagesOfEveryTypeReachOneContactTicket() {
        Fixture f(false, 1);
        {
            auto s = f.h.db().session();
            Poco::Int64 account = f.h.accountId();
            s << "UPDATE campaigns_accounts SET inbound_department_id = 7 WHERE id = ?", use(account), now;
        }
        const std::string stranger = "56977770001";
        const std::vector<std::pair<std::string, std::string>> messages = {
            {text("Hola, quiero información"), "Hola, quiero información"},
            {R"("type":"button","button":{"payload":"P","text":"Me interesa"})", "Me interesa"},
            {R"("type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"b","title":"Sí"}})", "Sí"},
            {R"("type":"image","image":{"id":"m1","caption":"mi boleta"})", "[Imagen] mi boleta"},
            {R"("type":"document","document":{"id":"m2","filename":"f.pdf"})", "[Documento: f.pdf]"},
            {R"("type":"audio","audio":{"id":"m3","voice":true})", "[Nota de voz]"},
            {R"("type":"video","video":{"id":"m4","caption":"así llegó"})", "[Video] así llegó"},
            {R"("type":"sticker","sticker":{"id":"m5"})", "[Sticker]"},
            {R"("type":"location","location":{"latitude":-33.4,"longitude":-70.6})", "[Ubicación: (-33.4, -70.6)]"},
            {R"("type":"contacts","contacts":[{"name":{"formatted_name":"Ana"}}])", "[Contacto compartido: Ana]"},
            {R"("type":"reaction","reaction":{"message_id":"wamid.x","emoji":"❤"})", "[Reacción: ❤]"},
            {R"("type":"unsupported","errors":[{"code":131051,"title":"Message type unknown"}])",
             "[Mensaje no soportado por WhatsApp Cloud API: Message type unknown]"},
        };
        // Stored newest first: the ticket must still read in WhatsApp's order.
        const long long base = nowSeconds() - 100;
        for (std::size_t i = messages.size(); i-- > 0;)
            f.post(inboundBody(kOurNumber, stranger, "wamid.u" + std::to_string(i), base + static_cast<long long>(i),
                               messages[i].first));
        f.waitDelivered(static_cast<long long>(messages.size()));

        const auto ids = f.ticketsOf(stranger);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("one ticket for the number", std::size_t(1), ids.size());
        auto t = f.ticket(ids[0]);
        CPPUNIT_ASSERT(t.open);
        CPPUNIT_ASSERT_EQUAL(std::string("WhatsApp"), t.spec.subject);
        CPPUNIT_ASSERT_EQUAL(7LL, t.spec.departmentId.value_or(0));
        CPPUNIT_ASSERT_EQUAL("campaigns:contact:" + std::to_string(f.h.accountId()) + ":" + stranger + ":1", t.spec.externalKey);
        CPPUNIT_ASSERT_EQUAL(messages.size(), t.messages.size());
        for (std::size_t i = 0; i < messages.size(); ++i) CPPUNIT_ASSERT_EQUAL(messages[i].second, t.messages[i].text);
        CPPUNIT_ASSERT_EQUAL(std::string("Cliente"), t.messages[0].author);

        // Closed by an agent: the number's next message opens a new ticket.
        f.h.tickets().agentCloses(ids[0]);
        f.post(inboundBody(kOurNumber, stranger, "wamid.next", nowSeconds(), text("¿Siguen ahí?")));
        f.waitDelivered(static_cast<long long>(messages.size()) + 1);
        const auto after = f.ticketsOf(stranger);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), after.size());
        t = f.ticket(after[1]);
        CPPUNIT_ASSERT_EQUAL("campaigns:contact:" + std::to_string(f.h.accountId()) + ":" + stranger + ":2", t.spec.externalKey);
        CPPUNIT_ASSERT_EQUAL(std::string("¿Siguen ahí?"), texts(t).back());
        CPPUNIT_ASSERT_EQUAL_MESSAGE("the closed one stays closed", false, f.ticket(ids[0]).open);
    }

    void unmatchedMessageJoinsTheNumbersOpenTicket() {
        Fixture f(true, 1);
        const Entry e = f.entry(0);
        CPPUNIT_ASSERT(f.ticket(e.ticket).open);
        // A message from the same number that quotes nothing and matches no entry within the reply
        // window (here: the entry's acceptance is moved back two days) joins its open ticket.
        {
            auto s = f.h.db().session();
            Poco::Int64 id = e.id;
            s << "UPDATE campaigns_entries SET accepted_at = '2001-01-01 00:00:00.000' WHERE id = ?", use(id), now;
        }
        f.post(inboundBody(kOurNumber, e.phone, "wamid.loose", nowSeconds(), text("Hola otra vez")));
        f.waitDelivered(1);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), f.ticketsOf(e.phone).size());
        CPPUNIT_ASSERT_EQUAL(std::string("Hola otra vez"), texts(f.ticket(e.ticket)).back());
        CPPUNIT_ASSERT_MESSAGE("not counted as a reply to the campaign", f.entryInt(e.id, "progress") < 4);
    }

    void answerToADeletedTicketReachesANewOne() {
        Fixture f(false, 1);
        const Entry e = f.entry(0);
        f.h.tickets().remove(e.ticket);
        f.post(inboundBody(kOurNumber, e.phone, "wamid.orphan", nowSeconds(), text("¿Hola?"), e.wamid));
        f.waitDelivered(1);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("still counted as the campaign's reply", 4, f.entryInt(e.id, "progress"));
        const auto ids = f.ticketsOf(e.phone);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), ids.size());
        const auto t = f.ticket(ids[1]);
        CPPUNIT_ASSERT(t.open);
        CPPUNIT_ASSERT_EQUAL(std::string("¿Hola?"), texts(t).back());
    }

    void answerQuotingAnotherAccountsMessageIsNotThatEntrys() {
        Fixture f(false, 1);
        const Entry e = f.entry(0);
        Poco::Int64 other = 0;
        {
            auto s = f.h.db().session();
            s << "INSERT INTO campaigns_accounts (display_name, phone_number_id, waba_id, access_token_sealed,"
                 " app_secret_sealed, verify_token_sealed, graph_base_url, graph_version)"
                 " VALUES ('Otra', '100000000000002', '2', 'x', 'x', 'x', 'https://graph.facebook.com', 'v21.0')",
                now;
            s << "SELECT id FROM campaigns_accounts WHERE phone_number_id = '100000000000002'", into(other), now;
        }
        f.post(inboundBody("100000000000002", e.phone, "wamid.cross", nowSeconds(), text("hola"), e.wamid));
        f.waitDelivered(1);
        CPPUNIT_ASSERT_MESSAGE("not a reply to the other account's campaign", f.entryInt(e.id, "progress") < 4);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("its closed ticket is not reopened", false, f.ticket(e.ticket).open);
        const auto ids = f.ticketsOf(e.phone);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), ids.size());
        CPPUNIT_ASSERT_EQUAL("campaigns:contact:" + std::to_string(other) + ":" + e.phone + ":1",
                             f.ticket(ids[1]).spec.externalKey);
    }

    void racingDeliveriesPutEachAnswerOnceInWhatsAppOrder() {
        Fixture f(false, 1);
        const Entry e = f.entry(0);
        f.h.stopPump();
        const long long base = nowSeconds() - 50;
        const std::vector<int> arrival = {3, 0, 4, 1, 2};
        for (int i : arrival)
            f.post(inboundBody(kOurNumber, e.phone, "wamid.race" + std::to_string(i), base + i,
                               text("mensaje " + std::to_string(i)), e.wamid));
        while (f.h.events().processBatch(500) > 0) {}
        // Two instances deliver at once, as two hosts would.
        campaigns::tracking::TicketSync second(
            f.h.db(), f.h.tickets(), [](long long, const std::string&) { return std::string(); }, Poco::Logger::get("test"));
        std::thread other([&] { second.deliverReplies(); });
        f.h.ticketSync().deliverReplies();
        other.join();

        const auto t = f.ticket(e.ticket);
        CPPUNIT_ASSERT(t.open);
        CPPUNIT_ASSERT_EQUAL(1, t.reopenings);
        const auto lines = texts(t);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1 + 1 + 5), lines.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Reabierto por respuesta del cliente"), lines[1]);
        for (int i = 0; i < 5; ++i) CPPUNIT_ASSERT_EQUAL("mensaje " + std::to_string(i), lines[static_cast<std::size_t>(2 + i)]);
        CPPUNIT_ASSERT_EQUAL(5LL, f.count("SELECT COUNT(*) FROM campaigns_inbound_messages WHERE delivered = 1"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ReplyLoopTest);
