// Quality webhooks as stored by the receiver ({"waba_id","field","value"}) and the pause each one
// calls for; template statuses that pause.
#include "quality/QualitySignal.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::quality;

namespace {
std::string stored(const std::string& field, const std::string& value) {
    return R"({"waba_id":"200000000000001","field":")" + field + R"(","value":)" + value + "}";
}
} // namespace

class QualitySignalTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(QualitySignalTest);
    CPPUNIT_TEST(numberRedPauses);
    CPPUNIT_TEST(numberYellowOrUpgradeDoesNot);
    CPPUNIT_TEST(flaggedNumberIsRestricted);
    CPPUNIT_TEST(accountRestrictionPausesAndLiftDoesNot);
    CPPUNIT_TEST(templateRedPausesItsCampaigns);
    CPPUNIT_TEST(templateStatusesThatPause);
    CPPUNIT_TEST_SUITE_END();

public:
    void numberRedPauses() {
        auto s = readQualitySignal(stored(
            "phone_number_quality_update",
            R"({"display_phone_number":"15550001111","event":"DOWNGRADE","quality_rating":"red","max_daily_conversations_per_business":"TIER_2K"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("200000000000001"), s.wabaId);
        CPPUNIT_ASSERT_EQUAL(std::string("RED"), s.quality);
        CPPUNIT_ASSERT_EQUAL(std::string("TIER_2K"), s.limitTier);
        CPPUNIT_ASSERT_EQUAL(std::string("DOWNGRADE"), s.event);
        // The one number it is about, compared by digits with the accounts' numbers.
        CPPUNIT_ASSERT_EQUAL(std::string("15550001111"), s.displayPhoneNumber);
        CPPUNIT_ASSERT_EQUAL(std::string("15550001111"), phoneDigits("+1 555-000-1111"));
        auto p = pauseFor(s);
        CPPUNIT_ASSERT(p);
        CPPUNIT_ASSERT_EQUAL(std::string("number_red"), p->code);
        CPPUNIT_ASSERT_EQUAL(std::string("La calidad del número de origen bajó a roja (DOWNGRADE)"), p->reason);
        // The older limit field.
        auto old = readQualitySignal(stored("phone_number_quality_update", R"({"event":"UPGRADE","current_limit":"TIER_10K"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("TIER_10K"), old.limitTier);
    }

    void numberYellowOrUpgradeDoesNot() {
        CPPUNIT_ASSERT(!pauseFor(
            readQualitySignal(stored("phone_number_quality_update", R"({"event":"DOWNGRADE","quality_rating":"YELLOW"})"))));
        CPPUNIT_ASSERT(!pauseFor(readQualitySignal(
            stored("phone_number_quality_update", R"({"event":"THROUGHPUT_UPGRADE","quality_rating":"GREEN"})"))));
        CPPUNIT_ASSERT(!pauseFor(readQualitySignal(stored("phone_number_quality_update", R"({"event":"UNFLAGGED"})"))));
    }

    void flaggedNumberIsRestricted() {
        auto s = readQualitySignal(stored("phone_number_quality_update", R"({"event":"FLAGGED"})"));
        CPPUNIT_ASSERT(s.restricted.value_or(false));
        auto p = pauseFor(s);
        CPPUNIT_ASSERT(p);
        CPPUNIT_ASSERT_EQUAL(std::string("number_restricted"), p->code);
        auto lifted = readQualitySignal(stored("phone_number_quality_update", R"({"event":"UNFLAGGED"})"));
        CPPUNIT_ASSERT(lifted.restricted && !*lifted.restricted);
    }

    void accountRestrictionPausesAndLiftDoesNot() {
        auto s = readQualitySignal(stored(
            "account_update",
            R"({"phone_number":"15550001111","event":"ACCOUNT_RESTRICTION","restriction_info":[{"restriction_type":"RESTRICTED_BIZ_INITIATED_MESSAGING","expiration":1767225600}]})"));
        auto p = pauseFor(s);
        CPPUNIT_ASSERT(p);
        CPPUNIT_ASSERT_EQUAL(std::string("number_restricted"), p->code);
        CPPUNIT_ASSERT_EQUAL(std::string("La cuenta de WhatsApp Business fue restringida por Meta (ACCOUNT_RESTRICTION)"),
                             p->reason);
        CPPUNIT_ASSERT(
            !pauseFor(readQualitySignal(stored("account_update", R"({"event":"ACCOUNT_RESTRICTION","restriction_info":[]})"))));
        CPPUNIT_ASSERT(pauseFor(readQualitySignal(
            stored("account_update", R"({"event":"DISABLED_UPDATE","ban_info":{"waba_ban_state":"DISABLE"}})"))));
        CPPUNIT_ASSERT(!pauseFor(readQualitySignal(stored("account_update", R"({"event":"VERIFIED_ACCOUNT"})"))));
    }

    void templateRedPausesItsCampaigns() {
        auto s = readQualitySignal(stored(
            "message_template_quality_update",
            R"({"previous_quality_score":"GREEN","new_quality_score":"RED","message_template_id":900000000000001,"message_template_name":"bienvenida","message_template_language":"es"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("900000000000001"), s.templateMetaId);
        auto p = pauseFor(s);
        CPPUNIT_ASSERT(p);
        CPPUNIT_ASSERT_EQUAL(std::string("template_red"), p->code);
        CPPUNIT_ASSERT_EQUAL(std::string("La calidad de la plantilla bienvenida (es) bajó a roja"), p->reason);
        CPPUNIT_ASSERT(!pauseFor(readQualitySignal(
            stored("message_template_quality_update", R"({"new_quality_score":"YELLOW","message_template_name":"x"})"))));
    }

    void templateStatusesThatPause() {
        auto paused = pauseForTemplateStatus("PAUSED", "bienvenida", "es");
        CPPUNIT_ASSERT(paused);
        CPPUNIT_ASSERT_EQUAL(std::string("template_paused"), paused->code);
        CPPUNIT_ASSERT_EQUAL(std::string("La plantilla bienvenida (es) fue pausada por Meta"), paused->reason);
        CPPUNIT_ASSERT_EQUAL(std::string("La plantilla promo (es_MX) fue desactivada por Meta"),
                             pauseForTemplateStatus("DISABLED", "promo", "es_MX")->reason);
        CPPUNIT_ASSERT(!pauseForTemplateStatus("APPROVED", "bienvenida", "es"));
        CPPUNIT_ASSERT(!pauseForTemplateStatus("REJECTED", "bienvenida", "es"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(QualitySignalTest);
