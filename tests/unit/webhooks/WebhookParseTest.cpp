#include "webhooks/WebhookEvent.h"
#include "webhooks/WebhookSignature.h"

#include <Poco/Exception.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace campaigns::webhooks;

namespace {
const char* kBatch = R"({
  "object": "whatsapp_business_account",
  "entry": [
    { "id": "102290129340398", "changes": [
      { "field": "messages", "value": {
          "messaging_product": "whatsapp",
          "metadata": { "display_phone_number": "15550783881", "phone_number_id": "106540352242922" },
          "brand_new_field": { "nested": [1, 2, 3] },
          "statuses": [
            { "id": "wamid.A", "status": "sent", "timestamp": "1750030073", "recipient_id": "56911111111",
              "biz_opaque_callback_data": "e=41" },
            { "id": "wamid.A", "status": "delivered", "timestamp": 1750030075, "recipient_id": "56911111111" },
            { "id": "wamid.B", "status": "failed", "timestamp": "1751142888", "recipient_id": "56922222222",
              "errors": [ { "code": 131026, "title": "Message undeliverable" } ] } ] } },
      { "field": "messages", "value": {
          "metadata": { "phone_number_id": "106540352242922" },
          "contacts": [ { "profile": { "name": "José Pérez" }, "wa_id": "56911111111" } ],
          "messages": [ { "from": "56911111111", "id": "wamid.IN1", "timestamp": "1750030100", "type": "text",
                          "text": { "body": "Hola, ¿tienen otro color?" },
                          "context": { "from": "15550783881", "id": "wamid.A" } } ] } } ] },
    { "id": "999", "changes": [
      { "field": "message_template_status_update", "value": {
          "event": "PAUSED", "message_template_id": 1689556908129832, "message_template_name": "promo",
          "message_template_language": "es", "reason": "NONE" } },
      { "field": "phone_number_quality_update", "value": { "event": "THROUGHPUT_UPGRADE" } } ] } ] })";
} // namespace

class WebhookParseTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(WebhookParseTest);
    CPPUNIT_TEST(signatureMatchesKnownVector);
    CPPUNIT_TEST(verifyTokenMatchesOnlyAWholeNonEmptyToken);
    CPPUNIT_TEST(wrongOrMalformedSignatureIsRefused);
    CPPUNIT_TEST(splitsBatchIntoEvents);
    CPPUNIT_TEST(statusesCarryCallbackDataAndTime);
    CPPUNIT_TEST(inboundMessageKeepsContactsAndContext);
    CPPUNIT_TEST(templateIdIsExactNotRounded);
    CPPUNIT_TEST(emptyAndOddEnvelopesGiveNoEvents);
    CPPUNIT_TEST(notJsonThrows);
    CPPUNIT_TEST(userPreferenceKeepsItsWaba);
    CPPUNIT_TEST_SUITE_END();

public:
    // Issue 15: hub.verify_token is compared through verifyTokenMatches (SHA-256 digests, Poco's
    // constant-time compare, every token checked); this pins what it accepts.
    void verifyTokenMatchesOnlyAWholeNonEmptyToken() {
        const std::vector<std::string> tokens{"", "verify-uno", "verify-dos"};
        CPPUNIT_ASSERT(verifyTokenMatches("verify-dos", tokens));
        CPPUNIT_ASSERT(verifyTokenMatches("verify-uno", tokens));
        CPPUNIT_ASSERT(!verifyTokenMatches("verify-do", tokens));
        CPPUNIT_ASSERT(!verifyTokenMatches("verify-dos ", tokens));
        CPPUNIT_ASSERT(!verifyTokenMatches("", tokens)); // an account without a token is not a wildcard
        CPPUNIT_ASSERT(!verifyTokenMatches("x", {}));
    }

    void signatureMatchesKnownVector() {
        CPPUNIT_ASSERT_EQUAL(std::string("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"),
                             signatureFor("The quick brown fox jumps over the lazy dog", "key"));
        const std::string body = R"({"a":"José"})";
        CPPUNIT_ASSERT(signatureMatches(body, signatureFor(body, "s2"), {"s1", "s2"}));
    }
    void wrongOrMalformedSignatureIsRefused() {
        const std::string body = "{}";
        CPPUNIT_ASSERT(!signatureMatches(body, signatureFor(body, "other"), {"s1"}));
        CPPUNIT_ASSERT(!signatureMatches(body, "", {"s1"}));
        CPPUNIT_ASSERT(!signatureMatches(body, "sha1=abc", {"s1"}));
        CPPUNIT_ASSERT(!signatureMatches(body + " ", signatureFor(body, "s1"), {"s1"}));
        CPPUNIT_ASSERT(!signatureMatches(body, signatureFor(body, "s1"), {}));
    }
    void splitsBatchIntoEvents() {
        auto events = parseWebhookBody(kBatch);
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), events.size());
        CPPUNIT_ASSERT(events[0].kind == WebhookEvent::Kind::Status);
        CPPUNIT_ASSERT(events[3].kind == WebhookEvent::Kind::Message);
        CPPUNIT_ASSERT(events[4].kind == WebhookEvent::Kind::TemplateStatus);
        // Issue 13: quality fields are the quality breaker's kind, stored with their WABA.
        CPPUNIT_ASSERT(events[5].kind == WebhookEvent::Kind::Quality);
        CPPUNIT_ASSERT_EQUAL(std::string("quality"), std::string(kindName(events[5].kind)));
        CPPUNIT_ASSERT_EQUAL(std::string("phone_number_quality_update"), events[5].status);
        CPPUNIT_ASSERT(events[5].payload.find("\"field\":\"phone_number_quality_update\"") != std::string::npos);
        CPPUNIT_ASSERT(events[5].payload.find("\"waba_id\"") != std::string::npos);
    }
    void statusesCarryCallbackDataAndTime() {
        auto events = parseWebhookBody(kBatch);
        CPPUNIT_ASSERT_EQUAL(std::string("wamid.A"), events[0].wamid);
        CPPUNIT_ASSERT_EQUAL(std::string("sent"), events[0].status);
        CPPUNIT_ASSERT_EQUAL(std::string("e=41"), events[0].callbackData);
        CPPUNIT_ASSERT_EQUAL(1750030073LL, events[0].eventTime);
        CPPUNIT_ASSERT_EQUAL(1750030075LL, events[1].eventTime); // number instead of string
        CPPUNIT_ASSERT_EQUAL(std::string("106540352242922"), events[1].phoneNumberId);
        CPPUNIT_ASSERT_EQUAL(std::string("status:wamid.A:sent"), events[0].dedupeKey);
        CPPUNIT_ASSERT(events[0].dedupeKey != events[1].dedupeKey);
        CPPUNIT_ASSERT(events[2].payload.find("131026") != std::string::npos);
        // Issue 14: a status keeps its JSON only when it carries errors; no one reads the rest.
        CPPUNIT_ASSERT_EQUAL(std::string(), events[0].payload);
        CPPUNIT_ASSERT_EQUAL(std::string(), events[1].payload);
    }
    void inboundMessageKeepsContactsAndContext() {
        auto m = parseWebhookBody(kBatch)[3];
        CPPUNIT_ASSERT_EQUAL(std::string("wamid.IN1"), m.wamid);
        CPPUNIT_ASSERT_EQUAL(std::string("text"), m.status);
        CPPUNIT_ASSERT_EQUAL(std::string("message:wamid.IN1"), m.dedupeKey);
        CPPUNIT_ASSERT(m.payload.find("José Pérez") != std::string::npos || m.payload.find("Jos\\u00e9") != std::string::npos);
        CPPUNIT_ASSERT(m.payload.find("wamid.A") != std::string::npos);
    }
    void templateIdIsExactNotRounded() {
        auto t = parseWebhookBody(kBatch)[4];
        CPPUNIT_ASSERT_EQUAL(std::string("1689556908129832"), t.wamid);
        CPPUNIT_ASSERT_EQUAL(std::string("PAUSED"), t.status);
    }
    void emptyAndOddEnvelopesGiveNoEvents() {
        CPPUNIT_ASSERT(parseWebhookBody("{}").empty());
        CPPUNIT_ASSERT(parseWebhookBody(R"({"entry":[{"changes":[{"field":"messages"}]}]})").empty());
        CPPUNIT_ASSERT(parseWebhookBody(R"({"entry":[{"id":"1","changes":[{"field":"messages","value":{}}]}]})").empty());
    }
    void notJsonThrows() { CPPUNIT_ASSERT_THROW(parseWebhookBody("not json"), Poco::Exception); }

    // Issue 12: suppression is per WABA, so a user_preferences event carries the entry's WABA id.
    void userPreferenceKeepsItsWaba() {
        auto events = parseWebhookBody(R"({"object":"whatsapp_business_account","entry":[{"id":"200000000000001","time":1,)"
                                       R"("changes":[{"field":"user_preferences","value":{"messaging_product":"whatsapp",)"
                                       R"("metadata":{"phone_number_id":"100"},"user_preferences":[{"wa_id":"56911112222",)"
                                       R"("category":"marketing_messages","value":"stop","timestamp":1731705721}]}}]}]})");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), events.size());
        CPPUNIT_ASSERT(events[0].kind == WebhookEvent::Kind::UserPreference);
        CPPUNIT_ASSERT_EQUAL(std::string("56911112222"), events[0].wamid);
        CPPUNIT_ASSERT_EQUAL(std::string("stop"), events[0].status);
        CPPUNIT_ASSERT_EQUAL(std::string("100"), events[0].phoneNumberId);
        CPPUNIT_ASSERT(events[0].payload.find(R"("waba_id":"200000000000001")") != std::string::npos);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(WebhookParseTest);
