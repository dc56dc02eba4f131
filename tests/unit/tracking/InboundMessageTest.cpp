// Every message type Meta sends becomes a readable ticket line; nothing a customer sends is shown
// as an empty message.
#include "tracking/InboundMessage.h"

#include <Poco/Exception.h>

#include <cppunit/extensions/HelperMacros.h>

using campaigns::tracking::parseInboundMessage;

namespace {
std::string event(const std::string& messageFields, const std::string& name = "Ana") {
    return R"({"contacts":[{"profile":{"name":")" + name +
           R"("},"wa_id":"56911112222"}],)"
           R"("message":{"from":"56911112222","id":"wamid.in1","timestamp":"1765000000",)" +
           messageFields + "}}";
}
std::string line(const std::string& messageFields) { return parseInboundMessage(event(messageFields)).text; }
} // namespace

class InboundMessageTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(InboundMessageTest);
    CPPUNIT_TEST(textAndQuote);
    CPPUNIT_TEST(buttonAndInteractiveReplies);
    CPPUNIT_TEST(mediaNameTheTypeAndCaption);
    CPPUNIT_TEST(locationContactsReactionOrder);
    CPPUNIT_TEST(unsupportedAndUnknownTypesStayReadable);
    CPPUNIT_TEST(authorFallsBackToThePhone);
    CPPUNIT_TEST(notAMessageIsAnError);
    CPPUNIT_TEST_SUITE_END();

public:
    void textAndQuote() {
        auto in = parseInboundMessage(event(R"("type":"text","text":{"body":"Hola"},"context":{"from":"1","id":"wamid.out7"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("Hola"), in.text);
        CPPUNIT_ASSERT_EQUAL(std::string("wamid.out7"), in.contextId);
        CPPUNIT_ASSERT_EQUAL(std::string("56911112222"), in.from);
        CPPUNIT_ASSERT_EQUAL(std::string("Ana"), in.author);
        CPPUNIT_ASSERT_EQUAL(std::string("text"), in.type);
    }
    void buttonAndInteractiveReplies() {
        CPPUNIT_ASSERT_EQUAL(std::string("Sí, me interesa"),
                             line(R"("type":"button","button":{"payload":"P1","text":"Sí, me interesa"})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("Opción 2"),
            line(R"("type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"b2","title":"Opción 2"}})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("Plan anual — 12 meses"),
            line(
                R"("type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"l","title":"Plan anual","description":"12 meses"}})"));
        // The quick reply's payload is kept apart: an opt-out button is recognised by it (issue 12).
        auto button = parseInboundMessage(event(R"("type":"button","button":{"payload":"STOP_PROMOS","text":"No más"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("STOP_PROMOS"), button.buttonPayload);
        CPPUNIT_ASSERT_EQUAL(std::string(),
                             parseInboundMessage(event(R"("type":"text","text":{"body":"STOP_PROMOS"})")).buttonPayload);
    }
    void mediaNameTheTypeAndCaption() {
        CPPUNIT_ASSERT_EQUAL(std::string("[Imagen] mi boleta"),
                             line(R"("type":"image","image":{"id":"m1","caption":"mi boleta"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("[Documento: factura.pdf] adjunto"),
                             line(R"("type":"document","document":{"id":"m2","filename":"factura.pdf","caption":"adjunto"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("[Nota de voz]"), line(R"("type":"audio","audio":{"id":"m3","voice":true})"));
        CPPUNIT_ASSERT_EQUAL(std::string("[Audio]"), line(R"("type":"audio","audio":{"id":"m3"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("[Video]"), line(R"("type":"video","video":{"id":"m4"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("[Sticker]"), line(R"("type":"sticker","sticker":{"id":"m5","animated":false})"));
    }
    void locationContactsReactionOrder() {
        CPPUNIT_ASSERT_EQUAL(
            std::string("[Ubicación: Oficina, Av. Siempre Viva 742 (-33.45, -70.66)]"),
            line(
                R"("type":"location","location":{"latitude":-33.45,"longitude":-70.66,"name":"Oficina","address":"Av. Siempre Viva 742"})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("[Contacto compartido: Juan Pérez +56 9 1234 5678]"),
            line(
                R"("type":"contacts","contacts":[{"name":{"formatted_name":"Juan Pérez"},"phones":[{"phone":"+56 9 1234 5678"}]}])"));
        CPPUNIT_ASSERT_EQUAL(std::string("[Reacción: 👍]"),
                             line(R"("type":"reaction","reaction":{"message_id":"wamid.out7","emoji":"👍"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("[Reacción retirada]"),
                             line(R"("type":"reaction","reaction":{"message_id":"wamid.out7"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("[Pedido: 2 productos] urgente"),
                             line(R"("type":"order","order":{"catalog_id":"c","text":"urgente","product_items":[{},{}]})"));
    }
    void unsupportedAndUnknownTypesStayReadable() {
        CPPUNIT_ASSERT_EQUAL(std::string("[Mensaje no soportado por WhatsApp Cloud API: Message type unknown]"),
                             line(R"("type":"unsupported","errors":[{"code":131051,"title":"Message type unknown"}])"));
        CPPUNIT_ASSERT_EQUAL(std::string("[Mensaje de tipo poll]"), line(R"("type":"poll","poll":{})"));
        CPPUNIT_ASSERT_EQUAL(std::string("[Mensaje de tipo text]"), line(R"("type":"text")"));
        CPPUNIT_ASSERT_EQUAL(std::string("[Mensaje de tipo desconocido]"), line(R"("x":1)"));
    }
    void authorFallsBackToThePhone() {
        auto in = parseInboundMessage(R"({"message":{"from":"56911112222","id":"w","type":"text","text":{"body":"a"}}})");
        CPPUNIT_ASSERT_EQUAL(std::string("+56911112222"), in.author);
    }
    void notAMessageIsAnError() {
        CPPUNIT_ASSERT_THROW(parseInboundMessage("[]"), Poco::Exception);
        CPPUNIT_ASSERT_THROW(parseInboundMessage(R"({"contacts":[]})"), Poco::Exception);
        CPPUNIT_ASSERT_THROW(parseInboundMessage("not json"), Poco::Exception);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(InboundMessageTest);
