// The accounts API's JSON: secrets only inwards, absent or empty secrets keep the stored ones,
// problems named with the API's field names.
#include "accounts/AccountJson.h"

#include <Poco/JSON/Parser.h>

#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

using namespace campaigns::accounts;

namespace {
Poco::JSON::Object::Ptr parse(const std::string& json) {
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}
std::string text(const Poco::JSON::Object& o) {
    std::ostringstream out;
    o.stringify(out);
    return out.str();
}
bool hasField(const std::vector<campaigns::web::FieldProblem>& problems, const std::string& field) {
    for (const auto& p : problems)
        if (p.field == field) return true;
    return false;
}
const char* kComplete = R"({"display_name":" Ventas ","phone_number_id":"100000000000001","waba_id":"200000000000001",
  "access_token":"EAAG-token-WXYZ","app_secret":"app-secret-5678","verify_token":"verify-1234",
  "graph_base_url":"http://127.0.0.1:9","graph_version":"v23.0","throughput_per_second":250,
  "daily_limit_tier":"TIER_10K"})";
} // namespace

class AccountJsonTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(AccountJsonTest);
    CPPUNIT_TEST(viewCarriesOnlyLastFourOfSecrets);
    CPPUNIT_TEST(completeBodyMakesAValidAccount);
    CPPUNIT_TEST(graphUrlMustBeHttpsUnlessAllowed);
    CPPUNIT_TEST(changingTheGraphUrlNeedsTheTokenTypedAgain);
    CPPUNIT_TEST(missingFieldsAreNamedInSnakeCase);
    CPPUNIT_TEST(wrongTypesAreReportedNotGuessed);
    CPPUNIT_TEST(emptySecretsInAnEditKeepTheStoredOnes);
    CPPUNIT_TEST(editCanDisable);
    CPPUNIT_TEST(inboundDepartmentNullMeansNone);
    CPPUNIT_TEST(connectionInfoFlagsAStaleTier);
    CPPUNIT_TEST_SUITE_END();

public:
    void viewCarriesOnlyLastFourOfSecrets() {
        AccountView v;
        v.id = 7;
        v.displayName = "Ventas";
        v.accessTokenLast4 = "WXYZ";
        v.appSecretLast4 = "5678";
        v.dailyLimitTier = "TIER_10K";
        const auto json = text(accountJson(v));
        CPPUNIT_ASSERT(json.find("\"access_token_last4\":\"WXYZ\"") != std::string::npos);
        CPPUNIT_ASSERT(json.find("\"daily_limit\":10000") != std::string::npos);
        CPPUNIT_ASSERT(json.find("\"access_token\"") == std::string::npos);
        CPPUNIT_ASSERT(json.find("\"app_secret\"") == std::string::npos);
    }

    void completeBodyMakesAValidAccount() {
        std::vector<campaigns::web::FieldProblem> problems;
        const Account a = accountFromJson(*parse(kComplete), problems);
        CPPUNIT_ASSERT(problems.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("Ventas"), a.displayName); // trimmed
        CPPUNIT_ASSERT_EQUAL(250, a.throughputPerSecond);
        CPPUNIT_ASSERT_EQUAL(std::string("EAAG-token-WXYZ"), a.accessToken);
        CPPUNIT_ASSERT_EQUAL(std::string("100000000000001"), endpointOf(a).phoneNumberId);
        CPPUNIT_ASSERT_EQUAL(std::string("http://127.0.0.1:9"), endpointOf(a).baseUrl);
    }

    // Issue 15: the access token only travels over https (http:// is for the simulator, by setting).
    void graphUrlMustBeHttpsUnlessAllowed() {
        std::vector<campaigns::web::FieldProblem> problems;
        Account a = accountFromJson(*parse(kComplete), problems);
        a.graphBaseUrl = "http://graph.example";
        CPPUNIT_ASSERT(hasField(endpointProblems(nullptr, a, true, false), "graph_base_url"));
        a.graphBaseUrl = "HTTP://graph.example";
        CPPUNIT_ASSERT(hasField(endpointProblems(nullptr, a, true, false), "graph_base_url"));
        CPPUNIT_ASSERT(endpointProblems(nullptr, a, true, true).empty());
        a.graphBaseUrl = "https://graph.facebook.com";
        CPPUNIT_ASSERT(endpointProblems(nullptr, a, true, false).empty());
    }

    // Issue 15: "Probar conexión" after a URL change would send the stored token to the new host.
    void changingTheGraphUrlNeedsTheTokenTypedAgain() {
        std::vector<campaigns::web::FieldProblem> problems;
        Account stored = accountFromJson(*parse(kComplete), problems);
        stored.graphBaseUrl = "https://graph.facebook.com";
        Account moved = stored;
        moved.graphBaseUrl = "https://attacker.example";
        auto refused = endpointProblems(&stored, moved, false, false);
        CPPUNIT_ASSERT(hasField(refused, "access_token"));
        CPPUNIT_ASSERT(endpointProblems(&stored, moved, true, false).empty());
        CPPUNIT_ASSERT(endpointProblems(&stored, stored, false, false).empty()); // other edits keep the token
    }

    void missingFieldsAreNamedInSnakeCase() {
        std::vector<campaigns::web::FieldProblem> problems;
        accountFromJson(*parse(R"({"display_name":"Ventas","phone_number_id":"12a","throughput_per_second":5000})"), problems);
        CPPUNIT_ASSERT(hasField(problems, "phone_number_id"));
        CPPUNIT_ASSERT(hasField(problems, "waba_id"));
        CPPUNIT_ASSERT(hasField(problems, "access_token"));
        CPPUNIT_ASSERT(hasField(problems, "app_secret"));
        CPPUNIT_ASSERT(hasField(problems, "throughput_per_second"));
        CPPUNIT_ASSERT(!hasField(problems, "display_name"));
        for (const auto& p : problems) CPPUNIT_ASSERT(!p.message.empty());
    }

    void wrongTypesAreReportedNotGuessed() {
        std::vector<campaigns::web::FieldProblem> problems;
        patchFromJson(*parse(R"({"throughput_per_second":"80","enabled":"no","waba_id":12})"), problems);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), problems.size());
        CPPUNIT_ASSERT(hasField(problems, "throughput_per_second"));
        CPPUNIT_ASSERT(hasField(problems, "enabled"));
        CPPUNIT_ASSERT(hasField(problems, "waba_id"));
    }

    void emptySecretsInAnEditKeepTheStoredOnes() {
        std::vector<campaigns::web::FieldProblem> problems;
        const auto patch =
            patchFromJson(*parse(R"({"display_name":"Nuevo","access_token":"","app_secret":"nuevo-secreto"})"), problems);
        CPPUNIT_ASSERT(problems.empty());
        Account stored;
        stored.accessToken = "stored-token";
        stored.appSecret = "stored-secret";
        stored.verifyToken = "stored-verify";
        const Account after = applyPatch(stored, patch);
        CPPUNIT_ASSERT_EQUAL(std::string("stored-token"), after.accessToken);
        CPPUNIT_ASSERT_EQUAL(std::string("nuevo-secreto"), after.appSecret);
        CPPUNIT_ASSERT_EQUAL(std::string("stored-verify"), after.verifyToken);
        CPPUNIT_ASSERT_EQUAL(std::string("Nuevo"), after.displayName);
    }

    void editCanDisable() {
        std::vector<campaigns::web::FieldProblem> problems;
        const auto patch = patchFromJson(*parse(R"({"enabled":false})"), problems);
        CPPUNIT_ASSERT(patch.enabled && !*patch.enabled);
        CPPUNIT_ASSERT(!applyPatch(Account{}, patch).enabled);
    }

    void inboundDepartmentNullMeansNone() {
        std::vector<campaigns::web::FieldProblem> problems;
        auto patch = patchFromJson(*parse(R"({"inbound_department_id":4})"), problems);
        CPPUNIT_ASSERT_EQUAL(4LL, patch.inboundDepartmentId.value_or(-9));
        patch = patchFromJson(*parse(R"({"inbound_department_id":null})"), problems);
        CPPUNIT_ASSERT_EQUAL(0LL, patch.inboundDepartmentId.value_or(-9));
        patch = patchFromJson(*parse(R"({"display_name":"x"})"), problems);
        CPPUNIT_ASSERT_MESSAGE("absent: unchanged", !patch.inboundDepartmentId);
        CPPUNIT_ASSERT(problems.empty());
        patchFromJson(*parse(R"({"inbound_department_id":"ventas"})"), problems);
        CPPUNIT_ASSERT(hasField(problems, "inbound_department_id"));

        AccountView v;
        CPPUNIT_ASSERT(text(accountJson(v)).find(R"("inbound_department_id":null)") != std::string::npos);
        v.inboundDepartmentId = 4;
        CPPUNIT_ASSERT(text(accountJson(v)).find(R"("inbound_department_id":4)") != std::string::npos);
    }

    void connectionInfoFlagsAStaleTier() {
        campaigns::cloudapi::PhoneNumberInfo info;
        info.displayPhoneNumber = "15550001111";
        info.messagingLimit = "TIER_2K";
        Account a;
        a.dailyLimitTier = "TIER_1K";
        CPPUNIT_ASSERT(text(phoneNumberInfoJson(info, a)).find("\"tier_matches\":false") != std::string::npos);
        a.dailyLimitTier = "TIER_2K";
        CPPUNIT_ASSERT(text(phoneNumberInfoJson(info, a)).find("\"tier_matches\":true") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AccountJsonTest);
