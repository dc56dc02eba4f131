// The outcome-rate rule: thresholds, the minimum sample, which code and Spanish reason it gives,
// and the code and reason of every other pause.
#include "quality/PauseCodes.h"
#include "quality/RateDecision.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::quality;

class RateDecisionTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RateDecisionTest);
    CPPUNIT_TEST(firstFailuresNeverTrip);
    CPPUNIT_TEST(failuresTripAboveFifteenPercent);
    CPPUNIT_TEST(optOutsTripAboveTwoPercent);
    CPPUNIT_TEST(failuresAreJudgedBeforeOptOuts);
    CPPUNIT_TEST(settingsChangeTheThresholds);
    CPPUNIT_TEST(everyCodeHasASpanishReason);
    CPPUNIT_TEST(sendErrorsMapToCodes);
    CPPUNIT_TEST_SUITE_END();

public:
    void firstFailuresNeverTrip() {
        RateThresholds t;
        // The first 3 outcomes all failed: 100 %, but far below the minimum sample.
        CPPUNIT_ASSERT(!judgeRates(OutcomeWindow{3, 3, 0}, t));
        // 99 outcomes, half failed, 10 opt-outs: still below the 100 minimum.
        CPPUNIT_ASSERT(!judgeRates(OutcomeWindow{99, 50, 10}, t));
        CPPUNIT_ASSERT(!judgeRates(OutcomeWindow{0, 0, 0}, t));
        CPPUNIT_ASSERT_EQUAL(100LL, t.minSample);
        CPPUNIT_ASSERT_EQUAL(500LL, t.window);
    }

    void failuresTripAboveFifteenPercent() {
        RateThresholds t;
        CPPUNIT_ASSERT(!judgeRates(OutcomeWindow{100, 15, 0}, t)); // exactly 15 %: not above
        auto trip = judgeRates(OutcomeWindow{100, 16, 0}, t);
        CPPUNIT_ASSERT(trip);
        CPPUNIT_ASSERT_EQUAL(std::string("failure_rate"), trip->code);
        CPPUNIT_ASSERT_EQUAL(
            std::string("Demasiados envíos fallidos en los últimos mensajes: 16 de 100 (16,0 %; el límite es 15 %)"),
            trip->reason);
        CPPUNIT_ASSERT(!judgeRates(OutcomeWindow{500, 75, 0}, t));
        CPPUNIT_ASSERT(judgeRates(OutcomeWindow{500, 76, 0}, t));
    }

    void optOutsTripAboveTwoPercent() {
        RateThresholds t;
        CPPUNIT_ASSERT(!judgeRates(OutcomeWindow{100, 0, 2}, t)); // 2 %: not above
        auto trip = judgeRates(OutcomeWindow{100, 0, 3}, t);
        CPPUNIT_ASSERT(trip);
        CPPUNIT_ASSERT_EQUAL(std::string("opt_out_rate"), trip->code);
        CPPUNIT_ASSERT_EQUAL(
            std::string("Demasiados destinatarios pidieron no recibir más mensajes: 3 de 100 (3,0 %; el límite es 2 %)"),
            trip->reason);
        CPPUNIT_ASSERT(!judgeRates(OutcomeWindow{500, 10, 10}, t));
        CPPUNIT_ASSERT(judgeRates(OutcomeWindow{500, 10, 11}, t));
    }

    void failuresAreJudgedBeforeOptOuts() {
        auto trip = judgeRates(OutcomeWindow{200, 100, 100}, RateThresholds{});
        CPPUNIT_ASSERT(trip);
        CPPUNIT_ASSERT_EQUAL(std::string("failure_rate"), trip->code);
    }

    void settingsChangeTheThresholds() {
        RateThresholds t;
        t.failurePercent = 10;
        t.optOutPercent = 0.5;
        t.minSample = 20;
        CPPUNIT_ASSERT(!judgeRates(OutcomeWindow{19, 19, 0}, t));
        auto trip = judgeRates(OutcomeWindow{20, 3, 0}, t);
        CPPUNIT_ASSERT(trip);
        CPPUNIT_ASSERT(trip->reason.find("3 de 20 (15,0 %; el límite es 10 %)") != std::string::npos);
        auto optOut = judgeRates(OutcomeWindow{200, 0, 2}, t);
        CPPUNIT_ASSERT(optOut);
        CPPUNIT_ASSERT(optOut->reason.find("el límite es 0,5 %") != std::string::npos);
    }

    void everyCodeHasASpanishReason() {
        CPPUNIT_ASSERT_EQUAL(std::string("Pausada por un administrador"), spanishReason(pause::kAdmin));
        CPPUNIT_ASSERT_EQUAL(std::string("La plantilla fue pausada o desactivada por Meta"),
                             spanishReason(pause::kTemplatePaused));
        CPPUNIT_ASSERT_EQUAL(std::string("La calidad de la plantilla bajó a roja"), spanishReason(pause::kTemplateRed));
        CPPUNIT_ASSERT_EQUAL(std::string("La calidad del número de origen bajó a roja"), spanishReason(pause::kNumberRed));
        CPPUNIT_ASSERT_EQUAL(std::string("El número o la cuenta de WhatsApp Business fue restringido por Meta"),
                             spanishReason(pause::kNumberRestricted));
        CPPUNIT_ASSERT(spanishReason(pause::kSpamLimit).find("spam") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("Demasiados envíos fallidos en los últimos mensajes"),
                             spanishReason(pause::kFailureRate));
        CPPUNIT_ASSERT_EQUAL(std::string("Demasiados destinatarios pidieron no recibir más mensajes"),
                             spanishReason(pause::kOptOutRate));
        CPPUNIT_ASSERT_EQUAL(std::string("Error de la cuenta de origen al enviar"), spanishReason(pause::kSenderError));
        CPPUNIT_ASSERT_EQUAL(std::string("Pausada automáticamente"), spanishReason("something_new"));
    }

    void sendErrorsMapToCodes() {
        CPPUNIT_ASSERT_EQUAL(std::string("spam_limit"), pauseCodeForSendError(131048));
        CPPUNIT_ASSERT_EQUAL(std::string("template_paused"), pauseCodeForSendError(132015));
        CPPUNIT_ASSERT_EQUAL(std::string("template_paused"), pauseCodeForSendError(132016));
        CPPUNIT_ASSERT_EQUAL(std::string("number_restricted"), pauseCodeForSendError(368));
        CPPUNIT_ASSERT_EQUAL(std::string("number_restricted"), pauseCodeForSendError(131031));
        CPPUNIT_ASSERT_EQUAL(std::string("sender_error"), pauseCodeForSendError(190));
        CPPUNIT_ASSERT_EQUAL(std::string("sender_error"), pauseCodeForSendError(std::nullopt));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RateDecisionTest);
