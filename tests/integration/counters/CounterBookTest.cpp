#include "TestDatabase.h"
#include "counters/CounterBook.h"
#include "counters/Recount.h"
#include "storage/MigrationRunner.h"
#include "storage/SqlDialect.h"
#include "storage/Transaction.h"

#include <Poco/Logger.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace Poco::Data::Keywords;
using namespace campaigns::counters;

class CounterBookTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CounterBookTest);
    CPPUNIT_TEST(flushMovesTotalsAndDays);
    CPPUNIT_TEST_SUITE_END();

public:
    void flushMovesTotalsAndDays() {
        testsupport::TestDatabase db;
        campaigns::storage::MigrationRunner(db, CAMPAIGNS_SQL_DIR, Poco::Logger::get("test")).run();
        auto s = db.session();
        std::string ts = campaigns::storage::utcNowText();
        s << "INSERT INTO campaigns_campaigns (name, account_id, template_id, state, metadata_links_json, consent_at,"
             " created_at, updated_at, entries_total, n_queued) VALUES ('c', 1, 1, 'sending', '{}', ?, ?, ?, 3, 3)",
            use(ts), use(ts), use(ts), now;
        const long long id = campaigns::storage::lastInsertId(s, db.dialect());
        CounterBook book;
        CounterDelta a;
        a.queued = -1;
        a.accepted = 1;
        book.add(id, "2026-11-25", a);
        book.add(id, "2026-11-25", a);
        CounterDelta f;
        f.queued = -1;
        f.failedSend = 1;
        book.add(id, "2026-11-26", f);
        campaigns::storage::SqlTransaction tx(s, db.dialect());
        book.flush(s, db.dialect());
        tx.commit();
        auto c = storedCounters(db, id);
        CPPUNIT_ASSERT_EQUAL(0LL, c.queued);
        CPPUNIT_ASSERT_EQUAL(2LL, c.accepted);
        CPPUNIT_ASSERT_EQUAL(1LL, c.failedSend);
        auto d = dailyTotals(db, id);
        CPPUNIT_ASSERT_EQUAL(2LL, d.accepted);
        CPPUNIT_ASSERT_EQUAL(1LL, d.failedSend);
        CPPUNIT_ASSERT(book.empty());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(CounterBookTest);
