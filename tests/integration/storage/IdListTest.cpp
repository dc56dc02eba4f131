// executeForIds: one statement per chunk, every id reached, the values bound ahead of the ids.
#include "TestDatabase.h"
#include "storage/IdList.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace Poco::Data::Keywords;

class IdListTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(IdListTest);
    CPPUNIT_TEST(testPlaceholders);
    CPPUNIT_TEST(testUpdatesEveryIdAcrossChunks);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPlaceholders() {
        CPPUNIT_ASSERT_EQUAL(std::string("?"), campaigns::storage::placeholders(1));
        CPPUNIT_ASSERT_EQUAL(std::string("?, ?, ?"), campaigns::storage::placeholders(3));
    }

    void testUpdatesEveryIdAcrossChunks() {
        testsupport::TestDatabase db;
        auto s = db.session();
        s << "CREATE TABLE id_list_probe (id BIGINT NOT NULL PRIMARY KEY, mark VARCHAR(8) NOT NULL, kind INT NOT NULL)", now;
        for (int i = 1; i <= 25; ++i)
            s << "INSERT INTO id_list_probe (id, mark, kind) VALUES (?, '', ?)", use(i), bind(i % 2), now;
        std::vector<Poco::Int64> ids;
        for (Poco::Int64 i = 1; i <= 23; ++i) ids.push_back(i);
        ids.push_back(99); // no such row: not counted
        const auto n = campaigns::storage::executeForIds(s, "UPDATE id_list_probe SET mark = ? WHERE id IN ", ids, {"x"},
                                                         " AND kind = 1", 4);
        CPPUNIT_ASSERT_EQUAL(std::size_t(12), n); // the odd ids 1..23
        int marked = 0, wrong = 0;
        s << "SELECT COUNT(*) FROM id_list_probe WHERE mark = 'x'", into(marked), now;
        s << "SELECT COUNT(*) FROM id_list_probe WHERE mark = 'x' AND (kind <> 1 OR id > 23)", into(wrong), now;
        CPPUNIT_ASSERT_EQUAL(12, marked);
        CPPUNIT_ASSERT_EQUAL(0, wrong);
        CPPUNIT_ASSERT_EQUAL(
            std::size_t(0),
            campaigns::storage::executeForIds(s, "UPDATE id_list_probe SET mark = 'y' WHERE id IN ", std::vector<Poco::Int64>{}));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(IdListTest);
