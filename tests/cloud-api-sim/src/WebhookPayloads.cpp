#include "WebhookPayloads.h"

#include "JsonText.h"

#include <Poco/NumberFormatter.h>

namespace cloudsim {
namespace {

std::string quotedSeconds(std::int64_t s) { return "\"" + Poco::NumberFormatter::format(static_cast<Poco::Int64>(s)) + "\""; }

void appendList(std::string& out, const std::vector<const std::string*>& items) {
    out += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        out += *items[i];
    }
    out += ']';
}

std::string valueHead(const EnvelopeMetadata& meta) {
    return "{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":" +
           jsonString(meta.displayPhoneNumber) + ",\"phone_number_id\":" + jsonString(meta.phoneNumberId) + "}";
}

} // namespace

std::string statusJson(const StatusFields& s) {
    std::string out;
    out.reserve(256 + s.bizOpaque.size() + s.errorJson.size());
    out += "{\"id\":" + jsonString(s.wamid);
    out += ",\"status\":\"" + s.status + "\"";
    out += ",\"timestamp\":" + quotedSeconds(s.timestampS);
    out += ",\"recipient_id\":" + jsonString(s.recipientId);
    if (!s.bizOpaque.empty()) out += ",\"biz_opaque_callback_data\":" + jsonString(s.bizOpaque);
    if (!s.category.empty() && (s.status == "sent" || s.status == "delivered"))
        out += ",\"pricing\":{\"billable\":true,\"pricing_model\":\"PMP\",\"type\":\"regular\",\"category\":" +
               jsonString(s.category) + "}";
    if (!s.errorJson.empty()) out += ",\"errors\":[" + s.errorJson + "]";
    out += '}';
    return out;
}

std::string inboundTextJson(const std::string& from, const std::string& id, std::int64_t timestampS,
                            const std::string& contextFrom, const std::string& contextId, const std::string& text) {
    std::string out = "{";
    if (!contextId.empty()) out += "\"context\":{\"from\":" + jsonString(contextFrom) + ",\"id\":" + jsonString(contextId) + "},";
    out += "\"from\":" + jsonString(from) + ",\"id\":" + jsonString(id) + ",\"timestamp\":" + quotedSeconds(timestampS) +
           ",\"type\":\"text\",\"text\":{\"body\":" + jsonString(text) + "}}";
    return out;
}

std::string inboundButtonJson(const std::string& from, const std::string& id, std::int64_t timestampS,
                              const std::string& contextFrom, const std::string& contextId, const std::string& payload,
                              const std::string& text) {
    std::string out = "{";
    if (!contextId.empty()) out += "\"context\":{\"from\":" + jsonString(contextFrom) + ",\"id\":" + jsonString(contextId) + "},";
    out += "\"from\":" + jsonString(from) + ",\"id\":" + jsonString(id) + ",\"timestamp\":" + quotedSeconds(timestampS) +
           ",\"type\":\"button\",\"button\":{\"payload\":" + jsonString(payload) + ",\"text\":" + jsonString(text) + "}}";
    return out;
}

std::string contactJson(const std::string& waId, const std::string& profileName) {
    return "{\"profile\":{\"name\":" + jsonString(profileName) + "},\"wa_id\":" + jsonString(waId) + "}";
}

std::string messagesEnvelope(const EnvelopeMetadata& meta, const std::vector<const std::string*>& statuses,
                             const std::vector<const std::string*>& messages, const std::vector<const std::string*>& contacts) {
    std::string out;
    std::size_t size = 256;
    for (auto* s : statuses) size += s->size() + 1;
    for (auto* s : messages) size += s->size() + 1;
    for (auto* s : contacts) size += s->size() + 1;
    out.reserve(size);
    out += "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":" + jsonString(meta.wabaId) + ",\"changes\":[";
    bool first = true;
    if (!statuses.empty()) {
        out += valueHead(meta) + ",\"statuses\":";
        appendList(out, statuses);
        out += "}}";
        first = false;
    }
    if (!messages.empty()) {
        if (!first) out += ',';
        out += valueHead(meta) + ",\"contacts\":";
        appendList(out, contacts);
        out += ",\"messages\":";
        appendList(out, messages);
        out += "}}";
    }
    out += "]}]}";
    return out;
}

std::string templateStatusEnvelope(const std::string& wabaId, const Template& t, const std::string& event,
                                   const std::string& reason, std::int64_t timeS) {
    // Meta sends the template id and time as JSON integers here, unlike everywhere else.
    return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":" + jsonString(wabaId) +
           ",\"time\":" + Poco::NumberFormatter::format(static_cast<Poco::Int64>(timeS)) +
           ",\"changes\":[{\"field\":\"message_template_status_update\",\"value\":{\"event\":" + jsonString(event) +
           ",\"message_template_id\":" + t.id + ",\"message_template_name\":" + jsonString(t.name) +
           ",\"message_template_language\":" + jsonString(t.language) + ",\"reason\":" + jsonString(reason) +
           ",\"message_template_category\":" + jsonString(t.category) + "}}]}]}";
}

} // namespace cloudsim
