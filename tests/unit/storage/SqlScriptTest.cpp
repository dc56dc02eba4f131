#include "storage/SqlScript.h"

#include <cppunit/extensions/HelperMacros.h>

using campaigns::storage::splitSqlScript;

class SqlScriptTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SqlScriptTest);
    CPPUNIT_TEST(splitsOnSemicolons);
    CPPUNIT_TEST(keepsSemicolonsInsideQuotes);
    CPPUNIT_TEST(dropsComments);
    CPPUNIT_TEST(ignoresBlankStatements);
    CPPUNIT_TEST_SUITE_END();

public:
    void splitsOnSemicolons() {
        auto s = splitSqlScript("CREATE TABLE a (x INT);\nCREATE TABLE b (y INT);\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), s.size());
        CPPUNIT_ASSERT_EQUAL(std::string("CREATE TABLE a (x INT)"), s[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("CREATE TABLE b (y INT)"), s[1]);
    }
    void keepsSemicolonsInsideQuotes() {
        auto s = splitSqlScript("INSERT INTO t VALUES ('a;b', \"c;d\", 'it''s;');SELECT `we;ird` FROM t");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), s.size());
        CPPUNIT_ASSERT_EQUAL(std::string("INSERT INTO t VALUES ('a;b', \"c;d\", 'it''s;')"), s[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("SELECT `we;ird` FROM t"), s[1]);
    }
    void dropsComments() {
        auto s = splitSqlScript("-- a comment; with semicolon\nCREATE TABLE a (x INT); /* block; */ # hash; comment\n");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), s.size());
        CPPUNIT_ASSERT_EQUAL(std::string("CREATE TABLE a (x INT)"), s[0]);
    }
    void ignoresBlankStatements() { CPPUNIT_ASSERT(splitSqlScript(" ;;\n -- only comments\n").empty()); }
};
CPPUNIT_TEST_SUITE_REGISTRATION(SqlScriptTest);
