#include "webhooks/WebhookEvent.h"

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/NumberParser.h>
#include <Poco/SHA2Engine.h>

#include <sstream>

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace campaigns::webhooks {

const char* kindName(WebhookEvent::Kind k) {
    switch (k) {
        case WebhookEvent::Kind::Status:
            return "status";
        case WebhookEvent::Kind::Message:
            return "message";
        case WebhookEvent::Kind::TemplateStatus:
            return "template";
        case WebhookEvent::Kind::UserPreference:
            return "preference";
        case WebhookEvent::Kind::Error:
            return "error";
        case WebhookEvent::Kind::Other:
            return "other";
        case WebhookEvent::Kind::Quality:
            return "quality";
    }
    return "other";
}

WebhookEvent::Kind kindFromName(std::string_view n) {
    if (n == "status") return WebhookEvent::Kind::Status;
    if (n == "message") return WebhookEvent::Kind::Message;
    if (n == "template") return WebhookEvent::Kind::TemplateStatus;
    if (n == "preference") return WebhookEvent::Kind::UserPreference;
    if (n == "error") return WebhookEvent::Kind::Error;
    if (n == "quality") return WebhookEvent::Kind::Quality;
    return WebhookEvent::Kind::Other;
}

namespace {

std::string toJson(const Poco::Dynamic::Var& v) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(v, out);
    return out.str();
}

std::string sha256Hex(const std::string& text) {
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(text);
    return Poco::DigestEngine::digestToHex(sha.digest());
}

std::string text(const Object::Ptr& o, const std::string& key) {
    if (!o || !o->has(key)) return {};
    auto v = o->get(key);
    if (v.isEmpty()) return {};
    if (v.isString()) return v.extract<std::string>();
    return v.convert<std::string>(); // ids and times sometimes arrive as numbers
}

// Meta sends Unix seconds as a string on statuses and messages, as a number elsewhere.
long long unixTime(const Object::Ptr& o, const std::string& key) {
    std::string t = text(o, key);
    Poco::Int64 value = 0;
    return Poco::NumberParser::tryParse64(t, value) ? value : 0;
}

template <class Fn>
void eachObject(const Object::Ptr& o, const std::string& key, Fn fn) {
    if (!o || !o->has(key)) return;
    Array::Ptr arr = o->getArray(key);
    if (!arr) return;
    for (std::size_t i = 0; i < arr->size(); ++i)
        if (auto item = arr->getObject(static_cast<unsigned>(i))) fn(item);
}

void messagesChange(const Object::Ptr& value, std::vector<WebhookEvent>& out) {
    const auto metadata = value->getObject("metadata");
    const std::string phoneId = text(metadata, "phone_number_id");
    eachObject(value, "statuses", [&](const Object::Ptr& s) {
        WebhookEvent e;
        e.kind = WebhookEvent::Kind::Status;
        e.phoneNumberId = phoneId;
        e.wamid = text(s, "id");
        e.status = text(s, "status");
        e.callbackData = text(s, "biz_opaque_callback_data");
        e.eventTime = unixTime(s, "timestamp");
        // Of a status, only its errors are ever read (the failure's code); what else it carries
        // (recipient, conversation, pricing) no one reads, and at three statuses per message it
        // was most of the inbox's bytes. A status without errors keeps no payload.
        if (s->has("errors")) e.payload = toJson(s);
        e.dedupeKey = "status:" + e.wamid + ":" + e.status;
        out.push_back(std::move(e));
    });
    eachObject(value, "messages", [&](const Object::Ptr& m) {
        WebhookEvent e;
        e.kind = WebhookEvent::Kind::Message;
        e.phoneNumberId = phoneId;
        e.wamid = text(m, "id");
        e.status = text(m, "type");
        e.eventTime = unixTime(m, "timestamp");
        // The sender's profile lives beside the message, in value.contacts.
        Object wrapped;
        wrapped.set("message", m);
        if (value->has("contacts")) wrapped.set("contacts", value->get("contacts"));
        e.payload = toJson(Poco::Dynamic::Var(wrapped));
        e.dedupeKey = "message:" + (e.wamid.empty() ? sha256Hex(e.payload) : e.wamid);
        out.push_back(std::move(e));
    });
    eachObject(value, "errors", [&](const Object::Ptr& err) {
        WebhookEvent e;
        e.kind = WebhookEvent::Kind::Error;
        e.phoneNumberId = phoneId;
        e.status = text(err, "code");
        e.payload = toJson(err);
        e.dedupeKey = "error:" + sha256Hex(phoneId + e.payload);
        out.push_back(std::move(e));
    });
}

// The fields the quality breaker applies (quality/QualityEvents.h).
bool isQualityField(const std::string& field) {
    return field == "phone_number_quality_update" || field == "account_update" || field == "message_template_quality_update";
}

// Stored as {"waba_id", "field", "value"}: the WABA is the entry's id, which the value lacks.
WebhookEvent qualityEvent(const std::string& wabaId, long long entryTime, const std::string& field, const Object::Ptr& value) {
    WebhookEvent e;
    e.kind = WebhookEvent::Kind::Quality;
    e.status = field;
    e.wamid = text(value, "message_template_id");
    e.eventTime = entryTime;
    Object wrapped;
    wrapped.set("waba_id", wabaId);
    wrapped.set("field", field);
    wrapped.set("value", value);
    e.payload = toJson(Poco::Dynamic::Var(wrapped));
    e.dedupeKey = "quality:" + field + ":" + std::to_string(entryTime) + ":" + sha256Hex(e.payload).substr(0, 24);
    return e;
}

} // namespace

std::vector<WebhookEvent> parseWebhookBody(const std::string& body) {
    Poco::JSON::Parser parser;
    Object::Ptr root = parser.parse(body).extract<Object::Ptr>();
    std::vector<WebhookEvent> out;
    eachObject(root, "entry", [&](const Object::Ptr& entry) {
        const std::string wabaId = text(entry, "id");
        const long long entryTime = unixTime(entry, "time");
        const std::size_t first = out.size();
        eachObject(entry, "changes", [&](const Object::Ptr& change) {
            const std::string field = text(change, "field");
            Object::Ptr value = change->has("value") ? change->getObject("value") : nullptr;
            if (!value) return;
            if (field == "messages") {
                messagesChange(value, out);
            } else if (field == "message_template_status_update") {
                WebhookEvent e;
                e.kind = WebhookEvent::Kind::TemplateStatus;
                e.wamid = text(value, "message_template_id");
                e.status = text(value, "event");
                e.eventTime = entryTime;
                Object wrapped;
                wrapped.set("waba_id", wabaId);
                wrapped.set("value", value);
                e.payload = toJson(Poco::Dynamic::Var(wrapped));
                e.dedupeKey = "template:" + e.wamid + ":" + e.status + ":" + std::to_string(entryTime) + ":" +
                              sha256Hex(e.payload).substr(0, 16);
                out.push_back(std::move(e));
            } else if (field == "user_preferences") {
                eachObject(value, "user_preferences", [&](const Object::Ptr& p) {
                    WebhookEvent e;
                    e.kind = WebhookEvent::Kind::UserPreference;
                    e.phoneNumberId = text(value->getObject("metadata"), "phone_number_id");
                    e.wamid = text(p, "wa_id");
                    e.status = text(p, "value");
                    e.eventTime = unixTime(p, "timestamp");
                    // The WABA the preference is about travels with it: suppression is per WABA.
                    Object withWaba(*p);
                    withWaba.set("waba_id", wabaId);
                    e.payload = toJson(Poco::Dynamic::Var(withWaba));
                    e.dedupeKey =
                        "preference:" + e.wamid + ":" + text(p, "category") + ":" + e.status + ":" + std::to_string(e.eventTime);
                    out.push_back(std::move(e));
                });
            } else if (isQualityField(field)) {
                out.push_back(qualityEvent(wabaId, entryTime, field, value));
            } else {
                WebhookEvent e;
                e.kind = WebhookEvent::Kind::Other;
                e.status = field;
                e.eventTime = entryTime;
                e.payload = toJson(change);
                e.dedupeKey = "other:" + field + ":" + sha256Hex(wabaId + e.payload);
                out.push_back(std::move(e));
            }
        });
        for (std::size_t i = first; i < out.size(); ++i) out[i].wabaId = wabaId;
    });
    return out;
}

} // namespace campaigns::webhooks
