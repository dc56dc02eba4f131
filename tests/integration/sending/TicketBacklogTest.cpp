// Tickets for a backlog of accepted messages: each batch reads only its own entries. The million
// benchmark (tests/bench/million) found MariaDB joining every waiting entry to its campaign
// through a join buffer and sorting them all for each batch of 500: with one campaign of
// 1,000,000 entries, 4.6-6.8 s a batch, so tickets fell behind a 1,000 msg/s send (873,077
// accepted messages without their ticket when the campaign completed) and the gap only grew.
// Runs on SQLite and on the throwaway MariaDB, where the server's handler counters show how many
// index entries a batch read.
#include "SendingHarness.h"

#include "storage/SqlDialect.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

using namespace Poco::Data::Keywords;
using sendtest::SendingHarness;

namespace {

const char* const kAcceptAll = "UPDATE campaigns_entries SET state = 'accepted', accepted_at = ? WHERE campaign_id = ?";
const char* const kWithTicket = "SELECT COUNT(*) FROM campaigns_entries WHERE campaign_id = ? AND ticket_id IS NOT NULL";

} // namespace

class TicketBacklogTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TicketBacklogTest);
    CPPUNIT_TEST(aTicketBatchReadsOnlyItsEntriesOfALargeBacklog);
    CPPUNIT_TEST_SUITE_END();

public:
    void aTicketBatchReadsOnlyItsEntriesOfALargeBacklog() {
        SendingHarness h;
        h.engine().stop(std::chrono::seconds(5)); // this test plays the sender and the ticket task
        h.stopPump();
        constexpr int kRows = 20000;
        constexpr std::size_t kBatch = 500;
        const long long campaign = h.createCampaign(sendtest::plainCampaign(kRows, false, 0));
        Poco::Int64 c = campaign;
        {
            auto s = h.db().session();
            std::string at = campaigns::storage::utcText(Poco::Timestamp());
            s << kAcceptAll, use(at), use(c), now;
        }
        const bool counted = h.db().dialect() == helpdesk::Dialect::MySQL; // SQLite has no read counter to ask
        const long long before = counted ? sendtest::handlerReads(h.db()) : 0;
        CPPUNIT_ASSERT_EQUAL(kBatch, h.ticketSync().createTickets(kBatch));
        const long long read = counted ? sendtest::handlerReads(h.db()) - before : 0;
        Poco::Int64 withTicket = 0;
        {
            auto s = h.db().session();
            s << kWithTicket, use(c), into(withTicket), now;
        }
        CPPUNIT_ASSERT_EQUAL(static_cast<Poco::Int64>(kBatch), withTicket);
        if (!counted) return;
        // Joining and sorting the whole backlog reads each of its kRows entries; the batch reads its
        // own 500 (and a few more). The bound leaves room for other tests sharing the server.
        CPPUNIT_ASSERT_MESSAGE("one batch of " + std::to_string(kBatch) + " tickets read " + std::to_string(read) + " entries",
                               read < kRows / 2);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(TicketBacklogTest);
