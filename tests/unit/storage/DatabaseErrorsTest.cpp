// Which database errors may be retried as a whole transaction, and how batch statements are
// shortened for the log.
#include "storage/DatabaseErrors.h"

#include <Poco/Data/DataException.h>

#include <cppunit/extensions/HelperMacros.h>

using campaigns::storage::briefError;
using campaigns::storage::isLockConflict;
using campaigns::storage::retryOnLockConflict;

namespace {
// What Poco's MySQL connector composes for a statement the server refused.
Poco::Data::DataException mysqlError(int code, const std::string& statement) {
    return Poco::Data::DataException("[MySQL]: [Comment]: mysql_stmt_execute error\t[mysql_stmt_error]: x\t[mysql_stmt_errno]: " +
                                     std::to_string(code) + "\t[mysql_stmt_sqlstate]: 40001\t[statemnt]: " + statement);
}
} // namespace

class DatabaseErrorsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(DatabaseErrorsTest);
    CPPUNIT_TEST(deadlocksAndLockTimeoutsAreConflicts);
    CPPUNIT_TEST(conflictsAreRetriedOtherErrorsAreNot);
    CPPUNIT_TEST(placeholderListsAreFolded);
    CPPUNIT_TEST_SUITE_END();

public:
    void deadlocksAndLockTimeoutsAreConflicts() {
        CPPUNIT_ASSERT(isLockConflict(mysqlError(1213, "UPDATE t SET a = 1")));
        CPPUNIT_ASSERT(isLockConflict(mysqlError(1205, "UPDATE t SET a = 1")));
        CPPUNIT_ASSERT(!isLockConflict(mysqlError(1062, "INSERT INTO t VALUES (1)")));
        CPPUNIT_ASSERT(!isLockConflict(Poco::Data::DataException("database is locked")));
    }

    void conflictsAreRetriedOtherErrorsAreNot() {
        int calls = 0;
        const int result = retryOnLockConflict([&] {
            if (++calls < 3) throw mysqlError(1213, "INSERT");
            return 7;
        });
        CPPUNIT_ASSERT_EQUAL(7, result);
        CPPUNIT_ASSERT_EQUAL(3, calls);

        calls = 0;
        CPPUNIT_ASSERT_THROW(retryOnLockConflict([&]() -> int {
                                 ++calls;
                                 throw mysqlError(1213, "INSERT");
                             }),
                             Poco::Data::DataException);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("gives up after the attempts it was given", 3, calls);

        calls = 0;
        CPPUNIT_ASSERT_THROW(retryOnLockConflict([&]() -> int {
                                 ++calls;
                                 throw mysqlError(1062, "INSERT");
                             }),
                             Poco::Data::DataException);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("any other error is not retried", 1, calls);
    }

    void placeholderListsAreFolded() {
        std::string list = "?";
        for (int i = 0; i < 499; ++i) list += ", ?";
        const std::string brief = briefError(mysqlError(1213, "UPDATE t SET a = 1 WHERE id IN (" + list + ")"));
        CPPUNIT_ASSERT(brief.size() < 300);
        CPPUNIT_ASSERT(brief.find("UPDATE t SET a = 1 WHERE id IN (?, ?, [497 more], ?)") != std::string::npos);
        CPPUNIT_ASSERT(brief.find("errno]: 1213") != std::string::npos);
        // Short lists stay as they are.
        CPPUNIT_ASSERT(briefError(mysqlError(1213, "VALUES (?, ?, ?)")).find("VALUES (?, ?, ?)") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(DatabaseErrorsTest);
