// Issue 17: the campaigns list (and GET of one campaign) shows a finished campaign that waits for
// answers as "Activa hasta <fecha>" with its open tickets: CampaignStore fills the window for the
// whole page from one aggregate query, campaignJson publishes waiting_response, active_until and
// open_tickets. Runs on SQLite and on MariaDB (integration_campaigns_creation_mariadb).
#include "TestDatabase.h"
#include "campaign/CampaignJson.h"
#include "campaign/CampaignStore.h"
#include "storage/MigrationRunner.h"
#include "storage/SqlDialect.h"

#include <Poco/Data/Statement.h>
#include <Poco/Logger.h>
#include <Poco/Nullable.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns;
using namespace campaigns::campaign;
using namespace Poco::Data::Keywords;

namespace {

std::string utcIn(const Poco::Timestamp& from, double hours) {
    return storage::utcText(from + static_cast<Poco::Timestamp::TimeDiff>(hours * 3600.0 * 1000000.0));
}

struct ListedCampaign {
    std::string name;
    std::string state = "completed";
    int expectsResponse = 1;
    int waitHours = 12;
    std::optional<std::string> finishedAt;
};

} // namespace

class ResponseWindowListTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ResponseWindowListTest);
    CPPUNIT_TEST(listShowsWhichCampaignsWaitAndTheirOpenTickets);
    CPPUNIT_TEST(oneCampaignHasTheSameFields);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<testsupport::TestDatabase> db;
    Poco::Int64 rowNo = 0;
    const Poco::Timestamp current;

    Poco::Int64 addCampaign(const ListedCampaign& c) {
        auto s = db->session();
        std::string name = c.name, state = c.state;
        Poco::Nullable<std::string> finished;
        if (c.finishedAt) finished = *c.finishedAt;
        int expects = c.expectsResponse, hours = c.waitHours;
        s << "INSERT INTO campaigns_campaigns (name, account_id, template_id, state, metadata_links_json, consent_at,"
             " created_at, updated_at, first_sent_at, finished_at, expects_response, wait_hours)"
             " VALUES (?, 1, 1, ?, '[]', '2026-03-01 10:00:00', '2026-03-01 10:00:00.000', '2026-03-01 10:00:00.000',"
             " '2026-03-01 10:00:00.000', ?, ?, ?)",
            use(name), use(state), use(finished), use(expects), use(hours), now;
        return storage::lastInsertId(s, db->dialect());
    }

    // An accepted message whose ticket TicketSync made with `deadline`, open or closed.
    void addTicket(Poco::Int64 campaign, const std::string& deadline, int closed) {
        auto s = db->session();
        Poco::Int64 n = ++rowNo, ticketId = 500 + n;
        std::string phone = "+5698765" + std::to_string(1000 + n), due = deadline;
        s << "INSERT INTO campaigns_entries (campaign_id, row_no, phone, params_json, metadata_json, state, ticket_id,"
             " ticket_deadline, ticket_closed, updated_at) VALUES (?, ?, ?, '[]', '{}', 'accepted', ?, ?, ?,"
             " '2026-03-01 10:00:00.000')",
            use(campaign), use(n), use(phone), use(ticketId), use(due), use(closed), now;
        // The counter moves with the ticket, as TicketSync books it in the same transaction.
        int open = closed ? 0 : 1;
        s << "UPDATE campaigns_campaigns SET n_open_tickets = n_open_tickets + ? WHERE id = ?", use(open), use(campaign), now;
    }

    const CampaignRecord& byId(const CampaignPage& page, Poco::Int64 id) {
        for (const auto& c : page.items)
            if (c.id == id) return c;
        CPPUNIT_FAIL("campaign " + std::to_string(id) + " is not on the page");
        throw std::logic_error("unreachable");
    }

public:
    void setUp() override {
        db = std::make_unique<testsupport::TestDatabase>();
        storage::MigrationRunner(*db, CAMPAIGNS_SQL_DIR, Poco::Logger::get("test")).run();
    }
    void tearDown() override { db.reset(); }

    void listShowsWhichCampaignsWaitAndTheirOpenTickets() {
        const auto waiting = addCampaign({"Encuesta", "completed", 1, 12, utcIn(current, -1)});
        for (int i = 0; i < 11; ++i) addTicket(waiting, utcIn(current, 10), 0);
        addTicket(waiting, utcIn(current, 10.5), 0); // the last deadline: "Activa hasta"
        addTicket(waiting, utcIn(current, -0.5), 1); // closed at its deadline: not open
        const auto withErrors = addCampaign({"Con errores", "completed_with_errors", 1, 24, utcIn(current, -2)});
        addTicket(withErrors, utcIn(current, 20), 0);
        const auto noResponse = addCampaign({"Aviso", "completed", 0, 12, utcIn(current, -1)});
        addTicket(noResponse, utcIn(current, 10), 0);
        const auto passed = addCampaign({"Vencida", "completed", 1, 12, utcIn(current, -13)});
        addTicket(passed, utcIn(current, -1), 0); // answered: stays open, but the window is over
        const auto sending = addCampaign({"Enviando", "sending", 1, 12, std::nullopt});
        addTicket(sending, utcIn(current, 10), 0);

        CampaignFilter all;
        all.pageSize = 50;
        const auto page = CampaignStore(*db).list(all);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), page.items.size());

        const auto& w = byId(page, waiting);
        CPPUNIT_ASSERT_EQUAL(storage::isoUtc(Poco::Dynamic::Var(utcIn(current, 10.5))), w.activeUntil);
        CPPUNIT_ASSERT_EQUAL(12LL, w.openTickets);
        const auto json = campaignJson(w, {}, [](const std::string& k) { return k; });
        CPPUNIT_ASSERT(json.getValue<bool>("waiting_response"));
        CPPUNIT_ASSERT_EQUAL(w.activeUntil, json.getValue<std::string>("active_until"));
        CPPUNIT_ASSERT_EQUAL(12LL, json.getValue<long long>("open_tickets"));

        CPPUNIT_ASSERT_EQUAL(1LL, byId(page, withErrors).openTickets);
        CPPUNIT_ASSERT(!byId(page, withErrors).activeUntil.empty());
        for (auto id : {noResponse, passed, sending}) {
            const auto& c = byId(page, id);
            CPPUNIT_ASSERT_EQUAL(std::string(), c.activeUntil);
            CPPUNIT_ASSERT_EQUAL(0LL, c.openTickets);
            const auto j = campaignJson(c, {}, [](const std::string& k) { return k; });
            CPPUNIT_ASSERT(!j.getValue<bool>("waiting_response"));
            CPPUNIT_ASSERT(j.isNull("active_until"));
        }
    }

    void oneCampaignHasTheSameFields() {
        const auto id = addCampaign({"Encuesta", "completed", 1, 12, utcIn(current, -1)});
        addTicket(id, utcIn(current, 11), 0);
        addTicket(id, utcIn(current, 11), 0);
        const auto c = CampaignStore(*db).get(id);
        CPPUNIT_ASSERT(c);
        CPPUNIT_ASSERT_EQUAL(2LL, c->openTickets);
        CPPUNIT_ASSERT_EQUAL(storage::isoUtc(Poco::Dynamic::Var(utcIn(current, 11))), c->activeUntil);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ResponseWindowListTest);
