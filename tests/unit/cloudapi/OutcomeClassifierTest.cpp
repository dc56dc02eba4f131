#include "cloudapi/OutcomeClassifier.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::cloudapi;
using std::chrono::seconds;

namespace {

std::string metaError(int code, const std::string& extra = R"(,"error_data":{"messaging_product":"whatsapp","details":"d"})") {
    return R"({"error":{"message":"(#)" + std::to_string(code) + R"( t","type":"OAuthException","code":)" + std::to_string(code) +
           extra + R"(,"fbtrace_id":"Az8"}})";
}

SendOutcome classify(int code, int status = 400) { return classifySendResponse(status, metaError(code)); }

} // namespace

class OutcomeClassifierTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(OutcomeClassifierTest);
    CPPUNIT_TEST(testAccepted);
    CPPUNIT_TEST(testHeldForQualityAssessment);
    CPPUNIT_TEST(testAccountRetryableCodes);
    CPPUNIT_TEST(testBoundedRetryableCodes);
    CPPUNIT_TEST(testPairLimitIsPerRecipient);
    CPPUNIT_TEST(testPermanentCodes);
    CPPUNIT_TEST(testPauseCodes);
    CPPUNIT_TEST(testMarketingCapRetriesAfterADay);
    CPPUNIT_TEST(testUnknownCodeIsPermanent);
    CPPUNIT_TEST(testStatusIgnoredWhenMetaErrorPresent);
    CPPUNIT_TEST(testDefensiveErrorParsing);
    CPPUNIT_TEST(testServerErrorWithoutBodyIsAmbiguous);
    CPPUNIT_TEST(testUnreadableSuccessIsAmbiguous);
    CPPUNIT_TEST(testClientErrorWithoutMetaBodyPausesSender);
    CPPUNIT_TEST(testRetryAfterHeaderExtendsBackoff);
    CPPUNIT_TEST(testSpanishReasons);
    CPPUNIT_TEST(testPairLimitBackoff);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAccepted() {
        const auto o = classifySendResponse(200, R"({"messaging_product":"whatsapp",
            "contacts":[{"input":"+5511987654321","wa_id":"5511987654321"}],
            "messages":[{"id":"wamid.HBgL","message_status":"accepted"}]})");
        CPPUNIT_ASSERT(o.kind() == OutcomeKind::Accepted);
        CPPUNIT_ASSERT_EQUAL(std::string("wamid.HBgL"), o.as<Accepted>().wamid);
        CPPUNIT_ASSERT_EQUAL(std::string("5511987654321"), o.as<Accepted>().waId);
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), o.as<Accepted>().messageStatus);
        CPPUNIT_ASSERT(!o.code());
    }

    void testHeldForQualityAssessment() {
        const auto o =
            classifySendResponse(200, R"({"messages":[{"id":"wamid.X","message_status":"held_for_quality_assessment"}]})");
        CPPUNIT_ASSERT(o.is<Accepted>());
        CPPUNIT_ASSERT_EQUAL(std::string("held_for_quality_assessment"), o.as<Accepted>().messageStatus);
        CPPUNIT_ASSERT_EQUAL(std::string(""), o.as<Accepted>().waId);
    }

    void testAccountRetryableCodes() {
        for (int code : {130429, 131057, 4, 80007, 2, 131016, 133004}) {
            const auto o = classify(code);
            CPPUNIT_ASSERT_MESSAGE(std::to_string(code), o.is<Retryable>());
            CPPUNIT_ASSERT(o.as<Retryable>().scope == RetryScope::Account);
            CPPUNIT_ASSERT_EQUAL(0, o.as<Retryable>().maxAttempts);
            CPPUNIT_ASSERT_EQUAL(code, *o.code());
        }
        CPPUNIT_ASSERT(classify(130429).as<Retryable>().retryAfter == seconds(1));
        CPPUNIT_ASSERT(classify(131057).as<Retryable>().retryAfter == seconds(60));
    }

    void testBoundedRetryableCodes() {
        for (int code : {131000, 1}) {
            const auto o = classify(code, 500);
            CPPUNIT_ASSERT_MESSAGE(std::to_string(code), o.is<Retryable>());
            CPPUNIT_ASSERT(o.as<Retryable>().maxAttempts > 0);
        }
    }

    void testPairLimitIsPerRecipient() {
        const auto o = classify(131056);
        CPPUNIT_ASSERT(o.is<Retryable>());
        CPPUNIT_ASSERT(o.as<Retryable>().scope == RetryScope::Recipient);
    }

    void testPermanentCodes() {
        for (int code : {100,    131008, 131009, 131026, 131050, 131051, 131053, 132000, 132001, 132005,
                         132007, 132008, 132012, 135000, 130472, 130403, 130497, 131021, 131062, 131047}) {
            const auto o = classify(code);
            CPPUNIT_ASSERT_MESSAGE(std::to_string(code), o.is<Permanent>());
            CPPUNIT_ASSERT_EQUAL(code, *o.code());
            CPPUNIT_ASSERT(!o.reason().empty());
        }
    }

    void testPauseCodes() {
        for (int code : {0, 3, 10, 33, 190, 200, 250, 299, 368, 131005, 131031, 131042, 131045, 131048, 131063, 131064, 132015,
                         132016, 133010}) {
            const auto o = classify(code, 401);
            CPPUNIT_ASSERT_MESSAGE(std::to_string(code), o.is<PauseSender>());
            CPPUNIT_ASSERT_EQUAL(code, *o.code());
        }
        CPPUNIT_ASSERT(!classify(300).is<PauseSender>());
    }

    void testMarketingCapRetriesAfterADay() {
        const auto o = classify(131049);
        CPPUNIT_ASSERT(o.is<RetryLater>());
        CPPUNIT_ASSERT(o.as<RetryLater>().retryAfter >= seconds(24 * 3600));
    }

    void testUnknownCodeIsPermanent() {
        const auto o = classify(987654);
        CPPUNIT_ASSERT(o.is<Permanent>());
        CPPUNIT_ASSERT_EQUAL(std::string("Error de WhatsApp no reconocido (código 987654)"), o.reason());
    }

    void testStatusIgnoredWhenMetaErrorPresent() {
        // Older revisions answered 130429 with 400 and SDKs mapped 131000 to 500: the code decides.
        CPPUNIT_ASSERT(classify(130429, 400).is<Retryable>());
        CPPUNIT_ASSERT(classify(131026, 500).is<Permanent>());
        CPPUNIT_ASSERT(classify(190, 200).is<PauseSender>());
    }

    void testDefensiveErrorParsing() {
        CPPUNIT_ASSERT(classifySendResponse(400, metaError(131026, "")).is<Permanent>());
        CPPUNIT_ASSERT(classifySendResponse(400, metaError(131026, R"(,"error_data":"texto")")).is<Permanent>());
        CPPUNIT_ASSERT(classifySendResponse(400, metaError(131026, R"(,"error_data":[1,2])")).is<Permanent>());
        CPPUNIT_ASSERT(classifySendResponse(400, metaError(131026, R"(,"error_data":null)")).is<Permanent>());
        const auto asString = classifySendResponse(400, R"({"error":{"code":"131056"}})");
        CPPUNIT_ASSERT(asString.is<Retryable>());
        CPPUNIT_ASSERT_EQUAL(131056, *asString.code());
        const auto parsed = parseMetaError(metaError(131026));
        CPPUNIT_ASSERT(parsed);
        CPPUNIT_ASSERT_EQUAL(std::string("d"), parsed->details);
        CPPUNIT_ASSERT_EQUAL(std::string("Az8"), parsed->fbtraceId);
        CPPUNIT_ASSERT(!parseMetaError(R"({"error":"boom"})"));
        CPPUNIT_ASSERT(!parseMetaError(R"({"error":{"code":1.5}})"));
        CPPUNIT_ASSERT(!parseMetaError(R"({"error":{"code":"x"}})"));
        CPPUNIT_ASSERT(!parseMetaError("<html>"));
    }

    void testServerErrorWithoutBodyIsAmbiguous() {
        CPPUNIT_ASSERT(classifySendResponse(503, "").is<Ambiguous>());
        CPPUNIT_ASSERT(classifySendResponse(502, "<html>Bad gateway</html>").is<Ambiguous>());
        CPPUNIT_ASSERT(classifySendResponse(504, R"({"error":"timeout"})").is<Ambiguous>());
    }

    void testUnreadableSuccessIsAmbiguous() {
        CPPUNIT_ASSERT(classifySendResponse(200, "").is<Ambiguous>());
        CPPUNIT_ASSERT(classifySendResponse(200, "{\"messages\":[{\"id\":\"wamid").is<Ambiguous>());
        CPPUNIT_ASSERT(classifySendResponse(200, R"({"messages":[]})").is<Ambiguous>());
        CPPUNIT_ASSERT(classifySendResponse(200, R"({"messages":[{"id":""}]})").is<Ambiguous>());
        CPPUNIT_ASSERT(classifySendResponse(200, R"({"messages":[{"id":42}]})").is<Ambiguous>());
    }

    void testClientErrorWithoutMetaBodyPausesSender() {
        const auto o = classifySendResponse(404, "<html>not found</html>");
        CPPUNIT_ASSERT(o.is<PauseSender>());
        CPPUNIT_ASSERT(!o.code());
        const auto limited = classifySendResponse(429, "", seconds(7));
        CPPUNIT_ASSERT(limited.is<Retryable>());
        CPPUNIT_ASSERT(limited.as<Retryable>().retryAfter == seconds(7));
    }

    void testRetryAfterHeaderExtendsBackoff() {
        CPPUNIT_ASSERT(classifySendResponse(400, metaError(130429), seconds(30)).as<Retryable>().retryAfter == seconds(30));
        CPPUNIT_ASSERT(classifySendResponse(400, metaError(131057), seconds(2)).as<Retryable>().retryAfter == seconds(60));
    }

    void testSpanishReasons() {
        CPPUNIT_ASSERT_EQUAL(std::string("El número no tiene WhatsApp o no puede recibir el mensaje"), spanishReason(131026));
        CPPUNIT_ASSERT_EQUAL(std::string("La plantilla está pausada por baja calidad"), spanishReason(132015));
        CPPUNIT_ASSERT_EQUAL(spanishReason(200), spanishReason(299));
    }

    void testPairLimitBackoff() {
        CPPUNIT_ASSERT(pairLimitBackoff(0) == seconds(1));
        CPPUNIT_ASSERT(pairLimitBackoff(1) == seconds(4));
        CPPUNIT_ASSERT(pairLimitBackoff(3) == seconds(64));
        CPPUNIT_ASSERT(pairLimitBackoff(50) == seconds(3600));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OutcomeClassifierTest);
