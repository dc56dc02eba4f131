// Two campaigns of one WABA started at the same moment (two clicks, the scheduler on two hosts):
// the WABA's messaging limit is checked and the campaign started in one transaction serialised per
// WABA, so when together they exceed the limit exactly one starts and the other is refused with
// 409 daily_limit, on SQLite and on MariaDB.
#include "Barrier.h"
#include "SchedulingFixture.h"
#include "sending/SendStart.h"
#include "web/ErrorCodes.h"

#include <cppunit/extensions/HelperMacros.h>

#include <thread>

using namespace schedtest;

namespace {

// `count` queued entries with distinct phones starting at `firstPhone`.
void addEntries(Fixture& f, long long campaign, long long firstPhone, int count) {
    auto s = f.db->session();
    Poco::Int64 id = campaign;
    for (int i = 0; i < count; ++i) {
        Poco::Int64 row = i + 1;
        std::string phone = "+" + std::to_string(firstPhone + i);
        s << "INSERT INTO campaigns_entries (campaign_id, row_no, phone, params_json, metadata_json, state, updated_at)"
             " VALUES (?, ?, ?, '[]', '{}', 'queued', '2026-12-07 12:00:00.000')",
            use(id), use(row), use(phone), now;
    }
}

// What one start ended in: 200 when it started, else the refusal's status and code.
struct Outcome {
    int status = 0;
    std::string code;
};

Outcome start(Fixture& f, long long campaign) {
    campaigns::sending::StartRequest r;
    r.campaignId = campaign;
    try {
        return campaigns::sending::startSending(*f.db, r) ? Outcome{200, ""} : Outcome{409, "lost_the_update"};
    } catch (const helpdesk::HttpError& e) {
        return Outcome{e.status, e.code};
    }
}

} // namespace

class SimultaneousStartTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SimultaneousStartTest);
    CPPUNIT_TEST(twoStartsOfOneWabaNeverExceedItsLimit);
    CPPUNIT_TEST_SUITE_END();

public:
    void twoStartsOfOneWabaNeverExceedItsLimit() {
        Fixture f; // its account: WABA 2001, TIER_250
        long long second = 0;
        {
            auto s = f.db->session();
            s << "INSERT INTO campaigns_accounts (display_name, phone_number_id, waba_id, access_token_sealed, app_secret_sealed,"
                 " verify_token_sealed, graph_base_url, graph_version, daily_limit_tier)"
                 " VALUES ('Soporte', '1066', '2001', 'x', 'x', 'x', 'http://127.0.0.1:1', 'v23.0', 'TIER_250')",
                now;
            second = campaigns::storage::lastInsertId(s, f.db->dialect());
        }
        // 150 + 150 recipients: each fits the 250 alone, not both.
        const long long a = f.campaign("Número 1", 150);
        const long long b = f.campaign("Número 2", 150);
        {
            auto s = f.db->session();
            Poco::Int64 acc = second, id = b;
            s << "UPDATE campaigns_campaigns SET account_id = ? WHERE id = ?", use(acc), use(id), now;
        }
        addEntries(f, a, 56911000000, 150);
        addEntries(f, b, 56922000000, 150);

        // A race is a matter of timing: several rounds, each from two loaded campaigns.
        for (int round = 0; round < 8; ++round) {
            {
                auto s = f.db->session();
                s << "UPDATE campaigns_campaigns SET state = 'loaded', first_sent_at = NULL, send_requested_at = NULL,"
                     " response_deadline = NULL",
                    now;
            }
            testsupport::Barrier barrier(2);
            Outcome first, other;
            std::thread ta([&] {
                barrier.arrive();
                first = start(f, a);
            });
            std::thread tb([&] {
                barrier.arrive();
                other = start(f, b);
            });
            ta.join();
            tb.join();
            const std::string what = "round " + std::to_string(round) + ": " + std::to_string(first.status) + " " + first.code +
                                     " / " + std::to_string(other.status) + " " + other.code;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what, 1, (first.status == 200 ? 1 : 0) + (other.status == 200 ? 1 : 0));
            const Outcome& refused = first.status == 200 ? other : first;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what, 409, refused.status);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what, std::string(campaigns::web::codes::kDailyLimit), refused.code);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(what, std::string("loaded"), f.state(first.status == 200 ? b : a));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SimultaneousStartTest);
