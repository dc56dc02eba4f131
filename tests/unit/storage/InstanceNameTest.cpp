// An instance's name is stored as a lease owner, an entry's lease_owner (VARCHAR(64)) and inside
// the lease name "send-instance:<owner>" (VARCHAR(64)): a long host name (a Kubernetes pod's) must
// still fit, and replicas whose names differ only at the end, with the same pid (1 in a
// container), must still get different names. Before, "<host>:<pid>" was used as is, and a pod
// name over 50 characters made every round of the send engine fail on MariaDB ("Data too long").
#include "storage/Lease.h"

#include <cppunit/extensions/HelperMacros.h>

using campaigns::storage::instanceName;
using campaigns::storage::kMaxInstanceName;

class InstanceNameTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(InstanceNameTest);
    CPPUNIT_TEST(aShortHostNameIsKeptAsIs);
    CPPUNIT_TEST(aLongHostNameFitsAndStaysUnique);
    CPPUNIT_TEST_SUITE_END();

public:
    void aShortHostNameIsKeptAsIs() { CPPUNIT_ASSERT_EQUAL(std::string("helpdesk-1:4242"), instanceName("helpdesk-1", 4242)); }

    void aLongHostNameFitsAndStaysUnique() {
        const std::string a = "campaigns-helpdesk-production-web-6f7d9c8b7-x9z2k";
        const std::string b = "campaigns-helpdesk-production-web-6f7d9c8b7-q4w8p";
        const auto nameA = instanceName(a, 1), nameB = instanceName(b, 1);
        CPPUNIT_ASSERT_MESSAGE(nameA, nameA.size() <= kMaxInstanceName);
        CPPUNIT_ASSERT_MESSAGE(nameA + " " + nameB, nameA != nameB);
        CPPUNIT_ASSERT_EQUAL(std::string(":1"), nameA.substr(nameA.size() - 2));
        CPPUNIT_ASSERT_EQUAL(std::string("campaigns-helpdesk-prod"), nameA.substr(0, 23));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("the same host, the same name", nameA, instanceName(a, 1));
        CPPUNIT_ASSERT(std::string("send-instance:" + nameA).size() <= 64);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(InstanceNameTest);
