#include "RouteTable.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace refhost;
using helpdesk::Role;

namespace {
helpdesk::Handler noop() {
    return [](helpdesk::RequestContext&) {};
}
} // namespace

class RouteTableTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RouteTableTest);
    CPPUNIT_TEST(testParamsAreExtracted);
    CPPUNIT_TEST(testLiteralBeatsParameter);
    CPPUNIT_TEST(testSubtreeMatchesRemainder);
    CPPUNIT_TEST(testExactBeatsSubtree);
    CPPUNIT_TEST(testMethodMustMatchAndHeadIsGet);
    CPPUNIT_TEST(testMalformedPatternsRejected);
    CPPUNIT_TEST(testCollisionRejected);
    CPPUNIT_TEST(testRemoveOwner);
    CPPUNIT_TEST_SUITE_END();

public:
    void testParamsAreExtracted() {
        RouteTable t;
        t.add({"GET", "/campaigns/api/v1/campaigns/{id}/results", Role::Agent, noop()}, "p");
        auto m = t.find("GET", "/campaigns/api/v1/campaigns/42/results");
        CPPUNIT_ASSERT(m.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("42"), m->params.at("id"));
        CPPUNIT_ASSERT(!t.find("GET", "/campaigns/api/v1/campaigns/42").has_value());
        CPPUNIT_ASSERT(!t.find("GET", "/campaigns/api/v1/campaigns//results").has_value());
    }

    void testLiteralBeatsParameter() {
        RouteTable t;
        t.add({"GET", "/a/{id}", Role::Agent, noop()}, "x");
        t.add({"GET", "/a/new", Role::Administrator, noop()}, "y");
        CPPUNIT_ASSERT_EQUAL(std::string("y"), t.find("GET", "/a/new")->entry->owner);
        CPPUNIT_ASSERT_EQUAL(std::string("x"), t.find("GET", "/a/7")->entry->owner);
    }

    void testSubtreeMatchesRemainder() {
        RouteTable t;
        t.add({"GET", "/static/*", Role::Agent, noop()}, "s");
        auto m = t.find("GET", "/static/js/app.js");
        CPPUNIT_ASSERT(m.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("js/app.js"), m->params.at("*"));
        CPPUNIT_ASSERT(!t.find("GET", "/staticx/a").has_value());
    }

    void testExactBeatsSubtree() {
        RouteTable t;
        t.add({"GET", "/c/*", Role::Agent, noop()}, "tree");
        t.add({"GET", "/c/x", Role::Agent, noop()}, "exact");
        CPPUNIT_ASSERT_EQUAL(std::string("exact"), t.find("GET", "/c/x")->entry->owner);
        CPPUNIT_ASSERT_EQUAL(std::string("tree"), t.find("GET", "/c/y/z")->entry->owner);
    }

    void testMethodMustMatchAndHeadIsGet() {
        RouteTable t;
        t.add({"post", "/x", Role::Agent, noop()}, "o");
        CPPUNIT_ASSERT(t.find("POST", "/x").has_value());
        CPPUNIT_ASSERT(!t.find("GET", "/x").has_value());
        CPPUNIT_ASSERT(t.pathKnown("/x"));
        t.add({"GET", "/y", Role::Agent, noop()}, "o");
        CPPUNIT_ASSERT(t.find("HEAD", "/y").has_value());
    }

    void testMalformedPatternsRejected() {
        RouteTable t;
        CPPUNIT_ASSERT_THROW(t.add({"GET", "relative", Role::Agent, noop()}, "o"), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(t.add({"GET", "/a//b", Role::Agent, noop()}, "o"), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(t.add({"GET", "/a/{id", Role::Agent, noop()}, "o"), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(t.add({"GET", "/a/*/b", Role::Agent, noop()}, "o"), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(t.add({"GET", "/a/{x}/{x}", Role::Agent, noop()}, "o"), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(t.add({"FETCH", "/a", Role::Agent, noop()}, "o"), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(t.add({"GET", "/a", Role::Agent, nullptr}, "o"), std::invalid_argument);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), t.size());
    }

    void testCollisionRejected() {
        RouteTable t;
        t.add({"GET", "/a/{id}", Role::Agent, noop()}, "o");
        CPPUNIT_ASSERT_THROW(t.add({"GET", "/a/{other}", Role::Agent, noop()}, "p"), std::invalid_argument);
        t.add({"POST", "/a/{id}", Role::Agent, noop()}, "p"); // another method is no collision
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), t.size());
    }

    void testRemoveOwner() {
        RouteTable t;
        t.add({"GET", "/a", Role::Agent, noop()}, "plugin:x");
        t.add({"GET", "/b", Role::Agent, noop()}, "host");
        t.removeOwner("plugin:x");
        CPPUNIT_ASSERT(!t.find("GET", "/a").has_value());
        CPPUNIT_ASSERT(t.find("GET", "/b").has_value());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RouteTableTest);
