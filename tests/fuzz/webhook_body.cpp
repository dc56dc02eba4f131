// Fuzz target: the split of a Meta webhook body into events (webhooks::parseWebhookBody). The body
// is signed by Meta, but it is still the most varied JSON the module reads, and a crash here would
// take the host down on a retry loop. Poco::Exception is the documented refusal (the receiver then
// stores the body raw); anything else escaping, a sanitizer report or a broken invariant below is
// a finding.
#include "FuzzCheck.h"
#include "webhooks/WebhookEvent.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <string>

using campaigns::webhooks::WebhookEvent;

namespace {

bool startsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

// The dedupe key names the kind of event it belongs to.
const char* keyPrefix(WebhookEvent::Kind kind) {
    switch (kind) {
        case WebhookEvent::Kind::Status:
            return "status:";
        case WebhookEvent::Kind::Message:
            return "message:";
        case WebhookEvent::Kind::TemplateStatus:
            return "template:";
        case WebhookEvent::Kind::UserPreference:
            return "preference:";
        case WebhookEvent::Kind::Error:
            return "error:";
        case WebhookEvent::Kind::Quality:
            return "quality:";
        case WebhookEvent::Kind::Other:
            return "other:";
    }
    return "?";
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string body(reinterpret_cast<const char*>(data), size);
    std::vector<WebhookEvent> events;
    try {
        events = campaigns::webhooks::parseWebhookBody(body);
    } catch (const Poco::Exception&) {
        return 0;
    }
    // Every event comes from one JSON object of the body.
    std::size_t objects = 0;
    for (char c : body)
        if (c == '{') ++objects;
    FUZZ_CHECK(events.size() <= objects);
    for (const WebhookEvent& e : events) {
        FUZZ_CHECK(campaigns::webhooks::kindFromName(campaigns::webhooks::kindName(e.kind)) == e.kind);
        FUZZ_CHECK(startsWith(e.dedupeKey, keyPrefix(e.kind)));
        if (e.kind == WebhookEvent::Kind::Status) FUZZ_CHECK(e.dedupeKey == "status:" + e.wamid + ":" + e.status);
        // A status without errors keeps no payload (no one reads it); everything else stored is
        // read back as JSON by the appliers: it must parse.
        if (e.payload.empty()) {
            FUZZ_CHECK(e.kind == WebhookEvent::Kind::Status);
            continue;
        }
        try {
            Poco::JSON::Parser parser;
            parser.parse(e.payload);
        } catch (const Poco::Exception& error) {
            campaigns::fuzz::invariantBroken(("stored payload is not JSON: " + error.displayText()).c_str(), __FILE__, __LINE__);
        }
    }
    return 0;
}
