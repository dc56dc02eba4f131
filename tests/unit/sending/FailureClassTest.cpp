// "Reintentar fallidos" (issue 12): which class a failure falls in and whether it may be retried,
// the one table the dialog, the API and the retry share.
#include "sending/FailureClass.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::sending;

class FailureClassTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FailureClassTest);
    CPPUNIT_TEST(codesFallInTheirClasses);
    CPPUNIT_TEST(onlyTheSafeClassesAreRetriedByDefault);
    CPPUNIT_TEST(codesRoundTrip);
    CPPUNIT_TEST_SUITE_END();

public:
    void codesFallInTheirClasses() {
        CPPUNIT_ASSERT(classifyFailure("accepted", 131049) == FailureClass::MarketingCap);
        CPPUNIT_ASSERT(classifyFailure("failed", 130429) == FailureClass::RateLimit);
        CPPUNIT_ASSERT(classifyFailure("failed", 131000) == FailureClass::Transient);
        CPPUNIT_ASSERT(classifyFailure("failed", 0) == FailureClass::Transient); // the connection failed
        CPPUNIT_ASSERT(classifyFailure("failed", 131026) == FailureClass::NoWhatsApp);
        CPPUNIT_ASSERT(classifyFailure("unknown", 0) == FailureClass::Unknown);
        CPPUNIT_ASSERT(classifyFailure("failed", 131050) == FailureClass::UserStopped);
        CPPUNIT_ASSERT(classifyFailure("accepted", 131048) == FailureClass::SpamLimit);
        CPPUNIT_ASSERT(classifyFailure("suppressed", 0) == FailureClass::Suppressed);
        CPPUNIT_ASSERT(classifyFailure("failed", 132000) == FailureClass::Other);
    }
    void onlyTheSafeClassesAreRetriedByDefault() {
        const std::vector<FailureClass> expected{FailureClass::MarketingCap, FailureClass::RateLimit, FailureClass::Transient};
        CPPUNIT_ASSERT(defaultRetryClasses() == expected);
        CPPUNIT_ASSERT(retryableOf(FailureClass::NoWhatsApp) == Retryable::OnRequest);
        CPPUNIT_ASSERT(retryableOf(FailureClass::Unknown) == Retryable::OnRequest);
        for (FailureClass c : {FailureClass::UserStopped, FailureClass::SpamLimit, FailureClass::Suppressed, FailureClass::Other})
            CPPUNIT_ASSERT(retryableOf(c) == Retryable::Never);
        CPPUNIT_ASSERT_EQUAL(std::string("No se pudo conectar con WhatsApp o no respondió a tiempo"),
                             failureReason(FailureClass::Transient, 0));
    }
    void codesRoundTrip() {
        for (FailureClass c : allFailureClasses()) CPPUNIT_ASSERT(failureClassFromCode(code(c)) == c);
        CPPUNIT_ASSERT(!failureClassFromCode("retry_everything").has_value());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(FailureClassTest);
