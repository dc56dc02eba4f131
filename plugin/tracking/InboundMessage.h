#pragma once
// A customer's WhatsApp message as an agent reads it on a ticket: who wrote, what it quotes, and
// one readable line for every message type Meta sends (text, button and list replies, media with
// their captions, locations, shared contacts, reactions, orders, unsupported ones). Nothing is
// downloaded: media become a line naming the type, the file name and the caption.
#include <string>

namespace campaigns::tracking {

struct InboundMessage {
    std::string from;          // the sender's WhatsApp id (digits, no '+')
    std::string contextId;     // wamid of the message it answers, empty when it quotes nothing
    std::string type;          // Meta's message type, "desconocido" when absent
    std::string text;          // the readable ticket line, never empty
    std::string author;        // the profile name, else "+<from>"
    std::string buttonPayload; // type "button" (template quick reply): the payload set at send, else empty
};

// `payload` is the stored event: {"message": {...}, "contacts": [...]} as the webhook parser
// keeps it. Throws Poco::Exception when it is not JSON or has no message object.
InboundMessage parseInboundMessage(const std::string& payload);

} // namespace campaigns::tracking
