#include "accounts/Account.h"
#include "accounts/SecretBox.h"

#include <cppunit/extensions/HelperMacros.h>

using campaigns::accounts::SecretBox;

namespace {
const std::string kHex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
} // namespace

class SecretBoxTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SecretBoxTest);
    CPPUNIT_TEST(roundTripsAndHidesPlaintext);
    CPPUNIT_TEST(sameInputSealsDifferently);
    CPPUNIT_TEST(tamperedValueIsRefused);
    CPPUNIT_TEST(retiredKeyStillOpensOldValues);
    CPPUNIT_TEST(shortKeyIsRefused);
    CPPUNIT_TEST(maskShowsOnlyLastFour);
    CPPUNIT_TEST(validatesAccountFields);
    CPPUNIT_TEST_SUITE_END();

public:
    void roundTripsAndHidesPlaintext() {
        SecretBox box("k1", {{"k1", kHex}});
        const std::string token = "EAAG-secret-token-ñandú-1234";
        auto sealed = box.seal(token);
        CPPUNIT_ASSERT(sealed.rfind("k1:", 0) == 0);
        CPPUNIT_ASSERT(sealed.find("secret") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(token, box.open(sealed));
    }
    void sameInputSealsDifferently() {
        SecretBox box("k1", {{"k1", kHex}});
        CPPUNIT_ASSERT(box.seal("abc") != box.seal("abc"));
    }
    void tamperedValueIsRefused() {
        SecretBox box("k1", {{"k1", kHex}});
        auto sealed = box.seal("a token of some length");
        sealed[sealed.size() / 2] = sealed[sealed.size() / 2] == 'A' ? 'B' : 'A';
        CPPUNIT_ASSERT_THROW(box.open(sealed), std::runtime_error);
        CPPUNIT_ASSERT_THROW(box.open("k9:AAAA"), std::runtime_error);
    }
    void retiredKeyStillOpensOldValues() {
        SecretBox oldBox("k1", {{"k1", kHex}});
        auto sealed = oldBox.seal("old token");
        SecretBox rotated("k2", {{"k1", kHex}, {"k2", "a long passphrase for the new key"}});
        CPPUNIT_ASSERT_EQUAL(std::string("old token"), rotated.open(sealed));
        CPPUNIT_ASSERT(rotated.seal("x").rfind("k2:", 0) == 0);
    }
    void shortKeyIsRefused() {
        CPPUNIT_ASSERT_THROW(SecretBox("k1", {{"k1", "short"}}), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(SecretBox("k2", {{"k1", kHex}}), std::invalid_argument);
    }
    void maskShowsOnlyLastFour() {
        CPPUNIT_ASSERT_EQUAL(std::string("9876"), SecretBox::last4("EAAGabcdef9876"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), SecretBox::last4("1234"));
    }
    void validatesAccountFields() {
        campaigns::accounts::Account a;
        a.displayName = "Ventas";
        a.phoneNumberId = "106540352242922";
        a.wabaId = "102290129340398";
        a.accessToken = "EAAGtoken123";
        a.appSecret = "appsecret123";
        a.verifyToken = "verify-me-123";
        CPPUNIT_ASSERT(campaigns::accounts::validateAccount(a).empty());
        a.phoneNumberId = "12ab";
        a.throughputPerSecond = 5000;
        a.dailyLimitTier = "TIER_X";
        auto errors = campaigns::accounts::validateAccount(a);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("phoneNumberId"), errors[0].field);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(SecretBoxTest);
