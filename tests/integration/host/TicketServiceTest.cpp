// The Tickets service on the real database: idempotency, transactions, validation, and what a
// customer's message does to a ticket (reopening, waiting for an agent).
#include "TestHost.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <set>
#include <thread>

using namespace hosttest;

namespace {
helpdesk::NewTicket ticket(const std::string& key, std::map<long long, std::string> metadata = {}) {
    helpdesk::NewTicket t;
    t.externalKey = key;
    t.contactPhone = "56912345678";
    t.metadata = std::move(metadata);
    return t;
}

helpdesk::TicketMessage inbound(const std::string& externalId, const std::string& text = "Sí, me interesa") {
    helpdesk::TicketMessage m;
    m.author = "+56912345678";
    m.text = text;
    m.externalId = externalId;
    return m;
}

// Every ticket a test creates, whatever its state.
refhost::TicketFilter everything() { return {std::nullopt, std::nullopt, "", 1000}; }

const std::string kReopenLine = "Reabierto por respuesta del cliente";

std::size_t systemLines(const refhost::TicketDetail& d) {
    return static_cast<std::size_t>(std::count_if(d.messages.begin(), d.messages.end(), [](const auto& m) { return m.system; }));
}
} // namespace

class TicketServiceTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TicketServiceTest);
    CPPUNIT_TEST(testCreateIsIdempotentByExternalKey);
    CPPUNIT_TEST(testCreateManyIsOneTransaction);
    CPPUNIT_TEST(testCreateManyKeepsEachTicketsMessageAndMetadata);
    CPPUNIT_TEST(testKeysDifferingOnlyInCaseOrTrailingSpacesAreDistinct);
    CPPUNIT_TEST(testConcurrentCreatorsAgree);
    CPPUNIT_TEST(testUnknownDepartmentRejected);
    CPPUNIT_TEST(testClosedAtBirthAndDeadline);
    CPPUNIT_TEST(testMessageExternalIdIdempotent);
    CPPUNIT_TEST(testDeletingDepartmentKeepsTickets);
    CPPUNIT_TEST(testInboundReopensClosedTicketWithSystemLineFirst);
    CPPUNIT_TEST(testInboundOnOpenTicketAddsNoSystemLine);
    CPPUNIT_TEST(testRepeatedInboundIsNoOpAndDoesNotReopen);
    CPPUNIT_TEST(testAgentMessageEndsTheWait);
    CPPUNIT_TEST(testAgentCloseEndsTheWaitSystemCloseKeepsIt);
    CPPUNIT_TEST(testInboundOnUnknownTicketRejected);
    CPPUNIT_TEST(testFindReportsStateAndMissing);
    CPPUNIT_TEST(testFindOpenByPhoneTakesNewestOpen);
    CPPUNIT_TEST(testSubjectStoredListedAndBounded);
    CPPUNIT_TEST(testFirstMessageShowsAtItsSendTime);
    CPPUNIT_TEST(testAwaitingFilterOldestFirst);
    CPPUNIT_TEST(testConcurrentInboundReopensOnce);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCreateIsIdempotentByExternalKey() {
        TestHost t({}, false);
        auto& tickets = t.services().tickets;
        helpdesk::MetadataDefinition d;
        d.name = "Número de caso";
        d.integrationKey = "numero_caso";
        const long long meta = t.services().directory.addMetadata(d);
        const long long first = tickets.create(ticket("campaigns:entry:1", {{meta, "A-1"}}));
        const long long again = tickets.create(ticket("campaigns:entry:1", {{meta, "B-2"}}));
        CPPUNIT_ASSERT_EQUAL(first, again);
        CPPUNIT_ASSERT_EQUAL(std::string("A-1"), tickets.get(first)->metadata.at(0).value);
        CPPUNIT_ASSERT(tickets.findByExternalKey("campaigns:entry:1") == first);
        CPPUNIT_ASSERT(!tickets.findByExternalKey("campaigns:entry:404").has_value());
        // Tickets without a key are never merged.
        CPPUNIT_ASSERT(tickets.create(ticket("")) != tickets.create(ticket("")));
    }

    void testCreateManyIsOneTransaction() {
        TestHost t({}, false);
        auto& tickets = t.services().tickets;
        const long long existing = tickets.create(ticket("k2"));
        auto ids = tickets.createMany({ticket("k1"), ticket("k2"), ticket("k3")});
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), ids.size());
        CPPUNIT_ASSERT_EQUAL(existing, ids[1]);
        CPPUNIT_ASSERT(ids[0] != ids[2]);
        CPPUNIT_ASSERT_THROW(tickets.createMany({ticket("k4"), ticket("k5", {{999999, "x"}})}), std::invalid_argument);
        CPPUNIT_ASSERT(!tickets.findByExternalKey("k4").has_value());
    }

    // createMany writes a chunk of tickets with multi-row statements: each ticket must still get its
    // own first message and metadata, over several chunks, with a key repeated inside the batch and
    // a ticket without a key among them.
    void testCreateManyKeepsEachTicketsMessageAndMetadata() {
        TestHost t({}, false);
        auto& tickets = t.services().tickets;
        helpdesk::MetadataDefinition d;
        d.name = "Caso";
        d.integrationKey = "caso";
        const long long meta = t.services().directory.addMetadata(d);
        const long long existing = tickets.create(ticket("e:7"));
        std::vector<helpdesk::NewTicket> batch;
        for (int i = 0; i < 450; ++i) {
            auto n = ticket("e:" + std::to_string(i), {{meta, "caso " + std::to_string(i)}});
            n.firstMessage = "Hola " + std::to_string(i);
            n.firstMessageAuthor = "Campaña";
            n.open = i % 2 == 0;
            batch.push_back(n);
        }
        batch.push_back(ticket("e:3")); // the same key again: the same ticket
        batch.push_back(ticket(""));    // no key: a ticket of its own
        const auto ids = tickets.createMany(batch);
        CPPUNIT_ASSERT_EQUAL(batch.size(), ids.size());
        CPPUNIT_ASSERT_EQUAL(existing, ids[7]);
        CPPUNIT_ASSERT_EQUAL(ids[3], ids[450]);
        CPPUNIT_ASSERT(ids[451] > 0 && ids[451] != ids[0]);
        for (int i : {0, 1, 199, 200, 201, 449}) {
            const auto detail = tickets.get(ids[i]);
            CPPUNIT_ASSERT(detail);
            CPPUNIT_ASSERT_EQUAL("e:" + std::to_string(i), detail->ticket.externalKey);
            CPPUNIT_ASSERT_EQUAL(i % 2 == 0, detail->ticket.open);
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), detail->messages.size());
            CPPUNIT_ASSERT_EQUAL("Hola " + std::to_string(i), detail->messages.at(0).text);
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), detail->metadata.size());
            CPPUNIT_ASSERT_EQUAL("caso " + std::to_string(i), detail->metadata.at(0).value);
        }
        CPPUNIT_ASSERT(tickets.get(ids[7])->messages.empty());                     // created before, left as it was
        CPPUNIT_ASSERT_EQUAL(std::size_t(451), tickets.list(everything()).size()); // e:7 was one of them
    }

    // An external key is the plugin's identifier, compared byte for byte: keys that differ only in
    // case or in trailing spaces name different tickets, in one batch or across batches, on both
    // databases (MariaDB's utf8mb4_unicode_ci compared them as equal: the batch's insert failed on
    // the unique key, or a key was matched to another key's ticket).
    void testKeysDifferingOnlyInCaseOrTrailingSpacesAreDistinct() {
        TestHost t({}, false);
        auto& tickets = t.services().tickets;
        const long long before = tickets.create(ticket("Plugin:Key:7"));
        const std::vector<std::string> keys = {"plugin:key:1", "Plugin:Key:1", "PLUGIN:KEY:1", "plugin:key:1 ",
                                               "plugin:key:7", "Plugin:Key:7", "ñandú",        "ÑANDÚ"};
        std::vector<helpdesk::NewTicket> batch;
        for (const auto& k : keys) {
            auto n = ticket(k);
            n.firstMessage = "para " + k;
            batch.push_back(n);
        }
        const auto ids = tickets.createMany(batch);
        CPPUNIT_ASSERT_EQUAL(keys.size(), ids.size());
        CPPUNIT_ASSERT_EQUAL_MESSAGE("the key stored before keeps its ticket", before, ids[5]);
        std::set<long long> distinct(ids.begin(), ids.end());
        CPPUNIT_ASSERT_EQUAL_MESSAGE("every key its own ticket", keys.size(), distinct.size());
        for (std::size_t i = 0; i < keys.size(); ++i) {
            const auto detail = tickets.get(ids[i]);
            CPPUNIT_ASSERT(detail);
            CPPUNIT_ASSERT_EQUAL(keys[i], detail->ticket.externalKey);
            CPPUNIT_ASSERT(tickets.findByExternalKey(keys[i]) == ids[i]);
            if (i != 5) CPPUNIT_ASSERT_EQUAL("para " + keys[i], detail->messages.at(0).text);
        }
        // Asked again (a plugin that crashed before recording the ids): the same tickets, nothing new.
        CPPUNIT_ASSERT(tickets.createMany(batch) == ids);
        CPPUNIT_ASSERT_EQUAL(keys.size(), tickets.list(everything()).size());
    }

    void testConcurrentCreatorsAgree() {
        TestHost t({}, false);
        auto& tickets = t.services().tickets;
        std::vector<helpdesk::NewTicket> batch;
        for (int i = 0; i < 20; ++i) batch.push_back(ticket("same:" + std::to_string(i)));
        std::vector<long long> a, b;
        std::thread ta([&] { a = tickets.createMany(batch); });
        std::thread tb([&] { b = tickets.createMany(batch); });
        ta.join();
        tb.join();
        CPPUNIT_ASSERT(a == b);
        CPPUNIT_ASSERT_EQUAL(std::size_t(20), tickets.list({std::nullopt, std::nullopt, "", 1000}).size());
    }

    void testUnknownDepartmentRejected() {
        TestHost t({}, false);
        auto n = ticket("x");
        n.departmentId = 424242;
        CPPUNIT_ASSERT_THROW(t.services().tickets.create(n), std::invalid_argument);
        n.departmentId = t.services().directory.addDepartment("Ventas");
        const long long id = t.services().tickets.create(n);
        CPPUNIT_ASSERT_EQUAL(std::string("Ventas"), t.services().tickets.get(id)->ticket.departmentName);
    }

    void testClosedAtBirthAndDeadline() {
        TestHost t({}, false);
        auto closed = ticket("c");
        closed.open = false;
        auto detail = t.services().tickets.get(t.services().tickets.create(closed));
        CPPUNIT_ASSERT(!detail->ticket.open);
        CPPUNIT_ASSERT(detail->ticket.closedAt.has_value());
        auto open = ticket("o");
        open.closeDeadline = Poco::Timestamp() + Poco::Timespan(3600, 0);
        auto d2 = t.services().tickets.get(t.services().tickets.create(open));
        CPPUNIT_ASSERT(d2->ticket.open);
        CPPUNIT_ASSERT(d2->ticket.closeDeadline.has_value());
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(open.closeDeadline->epochMicroseconds() / 1000), *d2->ticket.closeDeadline);
    }

    void testMessageExternalIdIdempotent() {
        TestHost t({}, false);
        auto& tickets = t.services().tickets;
        const long long id = tickets.create(ticket("m"));
        helpdesk::TicketMessage m;
        m.author = "+56912345678";
        m.text = "Hola, quiero información";
        m.externalId = "wamid.ABC";
        tickets.addMessage(id, m);
        tickets.addMessage(id, m);
        auto detail = tickets.get(id);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), detail->messages.size());
        CPPUNIT_ASSERT(detail->messages[0].direction == helpdesk::MessageDirection::Inbound);
        CPPUNIT_ASSERT_EQUAL(std::string("wamid.ABC"), detail->messages[0].externalId);
        CPPUNIT_ASSERT_THROW(tickets.addMessage(987654, m), std::invalid_argument);
    }

    void testDeletingDepartmentKeepsTickets() {
        TestHost t({}, false);
        auto n = ticket("d");
        n.departmentId = t.services().directory.addDepartment("Soporte");
        const long long id = t.services().tickets.create(n);
        t.services().directory.deleteDepartment(*n.departmentId);
        auto detail = t.services().tickets.get(id);
        CPPUNIT_ASSERT(detail.has_value());
        CPPUNIT_ASSERT(!detail->ticket.departmentId.has_value());
    }

    void testInboundReopensClosedTicketWithSystemLineFirst() {
        TestHost t({}, false);
        auto& tickets = t.services().tickets;
        auto n = ticket("campaigns:entry:7");
        n.open = false;
        n.firstMessage = "Hola, ¿le interesa la oferta?";
        n.firstMessageAuthor = "Campaña Verano";
        const long long id = tickets.create(n);
        CPPUNIT_ASSERT(!tickets.get(id)->ticket.awaitingSince.has_value());

        auto m = inbound("wamid.R1");
        m.at = Poco::Timestamp() + Poco::Timespan(60, 0);
        CPPUNIT_ASSERT(tickets.addInbound(id, m, kReopenLine));
        auto d = tickets.get(id);
        CPPUNIT_ASSERT(d->ticket.open);
        CPPUNIT_ASSERT(!d->ticket.closedAt.has_value());
        CPPUNIT_ASSERT(d->ticket.awaitingSince.has_value());
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(m.at.epochMicroseconds() / 1000), *d->ticket.awaitingSince);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), d->messages.size());
        CPPUNIT_ASSERT(!d->messages[0].system);
        CPPUNIT_ASSERT(d->messages[1].system);
        CPPUNIT_ASSERT_EQUAL(kReopenLine, d->messages[1].text);
        CPPUNIT_ASSERT(d->messages[1].externalId.empty());
        CPPUNIT_ASSERT(!d->messages[2].system);
        CPPUNIT_ASSERT(d->messages[2].direction == helpdesk::MessageDirection::Inbound);
        CPPUNIT_ASSERT_EQUAL(std::string("wamid.R1"), d->messages[2].externalId);
        CPPUNIT_ASSERT(tickets.find(id)->open);
    }

    void testInboundOnOpenTicketAddsNoSystemLine() {
        TestHost t({}, false);
        auto& tickets = t.services().tickets;
        const long long id = tickets.create(ticket("campaigns:entry:8"));
        CPPUNIT_ASSERT(!tickets.addInbound(id, inbound("wamid.O1"), kReopenLine));
        auto d = tickets.get(id);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), d->messages.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), systemLines(*d));
        CPPUNIT_ASSERT(d->ticket.awaitingSince.has_value());
        // The mark keeps the oldest unanswered message's time.
        const long long since = *d->ticket.awaitingSince;
        auto later = inbound("wamid.O2");
        later.at = Poco::Timestamp() + Poco::Timespan(120, 0);
        tickets.addInbound(id, later, kReopenLine);
        CPPUNIT_ASSERT_EQUAL(since, *tickets.get(id)->ticket.awaitingSince);

        // A closed ticket reopened with no line to show gets none.
        tickets.close(id);
        CPPUNIT_ASSERT(tickets.addInbound(id, inbound("wamid.O3"), ""));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), systemLines(*tickets.get(id)));
    }

    void testRepeatedInboundIsNoOpAndDoesNotReopen() {
        TestHost t({}, false);
        auto& tickets = t.services().tickets;
        auto n = ticket("campaigns:entry:9");
        n.open = false;
        const long long id = tickets.create(n);
        CPPUNIT_ASSERT(tickets.addInbound(id, inbound("wamid.X"), kReopenLine));
        const long long agent = t.addUser("agente", helpdesk::Role::Agent, "agente123");
        CPPUNIT_ASSERT(tickets.closeBy(id, agent));
        // The same webhook delivered again after the agent closed the ticket.
        CPPUNIT_ASSERT(!tickets.addInbound(id, inbound("wamid.X"), kReopenLine));
        auto d = tickets.get(id);
        CPPUNIT_ASSERT(!d->ticket.open);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), d->messages.size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), systemLines(*d));
        CPPUNIT_ASSERT(!d->ticket.awaitingSince.has_value());
    }

    void testAgentMessageEndsTheWait() {
        TestHost t({}, false);
        auto& tickets = t.services().tickets;
        const long long id = tickets.create(ticket("campaigns:entry:10"));
        tickets.addInbound(id, inbound("wamid.A1"), kReopenLine);
        CPPUNIT_ASSERT(tickets.get(id)->ticket.awaitingSince.has_value());
        const long long agent = t.addUser("agente", helpdesk::Role::Agent, "agente123");
        tickets.writeAsAgent(id, *t.services().directory.user(agent), "Le ayudo");
        CPPUNIT_ASSERT(!tickets.get(id)->ticket.awaitingSince.has_value());
        // The next customer message starts a new wait.
        tickets.addInbound(id, inbound("wamid.A2"), kReopenLine);
        CPPUNIT_ASSERT(tickets.get(id)->ticket.awaitingSince.has_value());
    }

    void testAgentCloseEndsTheWaitSystemCloseKeepsIt() {
        TestHost t({}, false);
        auto& tickets = t.services().tickets;
        const long long byAgent = tickets.create(ticket("campaigns:entry:11"));
        const long long bySystem = tickets.create(ticket("campaigns:entry:12"));
        tickets.addInbound(byAgent, inbound("wamid.C1"), kReopenLine);
        tickets.addInbound(bySystem, inbound("wamid.C2"), kReopenLine);
        const long long agent = t.addUser("agente", helpdesk::Role::Agent, "agente123");
        tickets.closeBy(byAgent, agent);
        tickets.close(bySystem);
        CPPUNIT_ASSERT(!tickets.get(byAgent)->ticket.awaitingSince.has_value());
        CPPUNIT_ASSERT(tickets.get(bySystem)->ticket.awaitingSince.has_value());
    }

    void testInboundOnUnknownTicketRejected() {
        TestHost t({}, false);
        CPPUNIT_ASSERT_THROW(t.services().tickets.addInbound(987654, inbound("wamid.U"), kReopenLine), std::invalid_argument);
    }

    void testFindReportsStateAndMissing() {
        TestHost t({}, false);
        auto& tickets = t.services().tickets;
        auto n = ticket("campaigns:entry:13");
        n.departmentId = t.services().directory.addDepartment("Ventas");
        n.open = false;
        const long long id = tickets.create(n);
        auto state = tickets.find(id);
        CPPUNIT_ASSERT(state.has_value());
        CPPUNIT_ASSERT_EQUAL(id, state->id);
        CPPUNIT_ASSERT(!state->open);
        CPPUNIT_ASSERT_EQUAL(std::string("campaigns:entry:13"), state->externalKey);
        CPPUNIT_ASSERT_EQUAL(std::string("56912345678"), state->contactPhone);
        CPPUNIT_ASSERT(state->departmentId == n.departmentId);
        CPPUNIT_ASSERT(!tickets.find(id + 1000).has_value());
    }

    void testFindOpenByPhoneTakesNewestOpen() {
        TestHost t({}, false);
        auto& tickets = t.services().tickets;
        const long long older = tickets.create(ticket("p1"));
        const long long newer = tickets.create(ticket("p2"));
        auto closed = ticket("p3");
        closed.open = false;
        tickets.create(closed); // newest of all, but closed
        auto other = ticket("p4");
        other.contactPhone = "56900000000";
        tickets.create(other);
        CPPUNIT_ASSERT(tickets.findOpenByPhone("56912345678") == newer);
        tickets.close(newer);
        CPPUNIT_ASSERT(tickets.findOpenByPhone("56912345678") == older);
        tickets.close(older);
        CPPUNIT_ASSERT(!tickets.findOpenByPhone("56912345678").has_value());
        CPPUNIT_ASSERT(!tickets.findOpenByPhone("").has_value());
    }

    void testSubjectStoredListedAndBounded() {
        TestHost t({}, false);
        auto& tickets = t.services().tickets;
        auto n = ticket("s1");
        n.subject = "Campaña Día del Niño";
        const long long id = tickets.create(n);
        CPPUNIT_ASSERT_EQUAL(n.subject, tickets.get(id)->ticket.subject);
        auto listed = tickets.list(everything());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), listed.size());
        CPPUNIT_ASSERT_EQUAL(n.subject, listed[0].subject);
        // 255 characters fit (two bytes each here); one more is refused before any write.
        auto longest = ticket("s2");
        for (int i = 0; i < 255; ++i) longest.subject += "ñ";
        CPPUNIT_ASSERT_EQUAL(longest.subject, tickets.get(tickets.create(longest))->ticket.subject);
        auto tooLong = ticket("s3");
        tooLong.subject = longest.subject + "a";
        CPPUNIT_ASSERT_THROW(tickets.create(tooLong), std::invalid_argument);
        CPPUNIT_ASSERT(!tickets.findByExternalKey("s3").has_value());
    }

    // A campaign's message sent before its ticket was made keeps its send time, so an answer
    // stamped after the send reads after it.
    void testFirstMessageShowsAtItsSendTime() {
        TestHost t({}, false);
        auto& tickets = t.services().tickets;
        auto n = ticket("f1");
        n.firstMessage = "Hola";
        n.firstMessageAuthor = "Campaña";
        n.firstMessageAt = Poco::Timestamp() - 90 * Poco::Timespan::SECONDS;
        const long long id = tickets.create(n);
        const auto detail = tickets.get(id);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), detail->messages.size());
        CPPUNIT_ASSERT_EQUAL(static_cast<long long>(n.firstMessageAt->epochMicroseconds() / 1000), detail->messages[0].at);
        CPPUNIT_ASSERT(detail->messages[0].at < detail->ticket.createdAt);
    }

    void testAwaitingFilterOldestFirst() {
        TestHost t({}, false);
        auto& tickets = t.services().tickets;
        const long long quiet = tickets.create(ticket("w0"));
        const long long recent = tickets.create(ticket("w1"));
        auto closedOne = ticket("w2");
        closedOne.open = false;
        const long long oldest = tickets.create(closedOne);
        auto m1 = inbound("wamid.W1");
        m1.at = Poco::Timestamp() - Poco::Timespan(60, 0);
        tickets.addInbound(recent, m1, kReopenLine);
        auto m2 = inbound("wamid.W2");
        m2.at = Poco::Timestamp() - Poco::Timespan(600, 0);
        tickets.addInbound(oldest, m2, kReopenLine);
        auto waiting = everything();
        waiting.awaitingOnly = true;
        auto listed = tickets.list(waiting);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), listed.size());
        CPPUNIT_ASSERT_EQUAL(oldest, listed[0].id);
        CPPUNIT_ASSERT_EQUAL(recent, listed[1].id);
        CPPUNIT_ASSERT(quiet != listed[0].id && quiet != listed[1].id);
    }

    // Two webhooks for the same closed ticket at once: it is reopened once, with one line.
    void testConcurrentInboundReopensOnce() {
        TestHost t({}, false);
        auto& tickets = t.services().tickets;
        for (int round = 0; round < 5; ++round) {
            auto n = ticket("race:" + std::to_string(round));
            n.open = false;
            const long long id = tickets.create(n);
            bool a = false, b = false;
            std::string errorA, errorB;
            // One timestamp for both, so the thread order is (created_at, id) = insertion order.
            auto ma = inbound("wamid.race" + std::to_string(round) + "a");
            auto mb = inbound("wamid.race" + std::to_string(round) + "b");
            mb.at = ma.at;
            auto run = [&](const helpdesk::TicketMessage& m, bool& reopened, std::string& error) {
                try {
                    reopened = tickets.addInbound(id, m, kReopenLine);
                } catch (const std::exception& e) {
                    error = e.what();
                }
            };
            std::thread ta([&] { run(ma, a, errorA); });
            std::thread tb([&] { run(mb, b, errorB); });
            ta.join();
            tb.join();
            CPPUNIT_ASSERT_EQUAL(std::string(), errorA);
            CPPUNIT_ASSERT_EQUAL(std::string(), errorB);
            CPPUNIT_ASSERT(a != b); // exactly one of them reopened
            auto d = tickets.get(id);
            CPPUNIT_ASSERT(d->ticket.open);
            CPPUNIT_ASSERT_EQUAL(std::size_t(3), d->messages.size());
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), systemLines(*d));
            CPPUNIT_ASSERT(d->messages[0].system);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TicketServiceTest);
