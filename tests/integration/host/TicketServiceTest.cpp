// The Tickets service on the real database: idempotency, transactions and validation.
#include "TestHost.h"

#include <cppunit/extensions/HelperMacros.h>

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
} // namespace

class TicketServiceTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TicketServiceTest);
    CPPUNIT_TEST(testCreateIsIdempotentByExternalKey);
    CPPUNIT_TEST(testCreateManyIsOneTransaction);
    CPPUNIT_TEST(testConcurrentCreatorsAgree);
    CPPUNIT_TEST(testUnknownDepartmentRejected);
    CPPUNIT_TEST(testClosedAtBirthAndDeadline);
    CPPUNIT_TEST(testMessageExternalIdIdempotent);
    CPPUNIT_TEST(testDeletingDepartmentKeepsTickets);
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
};

CPPUNIT_TEST_SUITE_REGISTRATION(TicketServiceTest);
