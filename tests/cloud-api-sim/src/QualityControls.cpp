#include "QualityControls.h"

#include "JsonText.h"
#include "MessageLedger.h"
#include "Simulator.h"
#include "WebhookEvent.h"

#include <Poco/NumberFormatter.h>
#include <Poco/String.h>

namespace cloudsim {
namespace {

// One WABA-level change in Meta's envelope (entry.id = WABA id), scheduled for delivery now.
void sendChange(Simulator& sim, const std::string& field, const std::string& valueJson) {
    auto config = sim.config().get();
    WebhookEvent ev;
    ev.kind = EventKind::Raw;
    ev.dueMs = steadyMs();
    ev.phoneNumberId = config->phoneNumberIds.front();
    ev.fragment = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":" + jsonString(config->wabaIds.front()) +
                  ",\"time\":" + Poco::NumberFormatter::format(static_cast<Poco::Int64>(wallClockMs() / 1000)) +
                  ",\"changes\":[{\"field\":" + jsonString(field) + ",\"value\":" + valueJson + "}]}]}";
    sim.webhooks().schedule({ev});
}

std::string upperOf(const Poco::JSON::Object& body, const std::string& key, const std::string& fallback) {
    return Poco::toUpper(body.optValue<std::string>(key, fallback));
}

} // namespace

ControlAnswer phoneQualityControl(Simulator& sim, const Poco::JSON::Object& body) {
    const std::string quality = upperOf(body, "quality", "");
    const std::string event = upperOf(body, "event", quality == "RED" ? "DOWNGRADE" : "UPGRADE");
    std::string limit = upperOf(body, "limit", "");
    // GET /{phone-number-id} answers the new rating too.
    sim.config().update([&](SimConfig& c) {
        if (!quality.empty()) c.qualityRating = quality;
        if (!limit.empty()) c.messagingLimitTier = limit;
    });
    auto config = sim.config().get();
    if (limit.empty()) limit = config->messagingLimitTier;
    // Like Meta: the number by its display form (no phone-number id), the tier as current_limit too.
    const std::string number = body.optValue<std::string>("display_phone_number", config->displayPhoneNumber);
    std::string value = "{\"display_phone_number\":" + jsonString(number) + ",\"event\":" + jsonString(event) +
                        ",\"current_limit\":" + jsonString(limit) +
                        ",\"max_daily_conversations_per_business\":" + jsonString(limit);
    if (!quality.empty()) value += ",\"quality_rating\":" + jsonString(quality);
    sendChange(sim, "phone_number_quality_update", value + "}");
    return {200, "{\"sent\":\"phone_number_quality_update\",\"event\":" + jsonString(event) +
                     ",\"quality\":" + jsonString(quality) + "}"};
}

ControlAnswer templateQualityControl(Simulator& sim, const std::string& name, const Poco::JSON::Object& body) {
    const std::string quality = upperOf(body, "quality", "");
    if (quality.empty()) return {400, "{\"error\":\"quality is required\"}"};
    const std::string language = body.optValue<std::string>("language", "");
    const std::string previous = upperOf(body, "previous", "GREEN");
    std::size_t sent = 0;
    for (const auto& t : sim.templates().list()) {
        if (t->name != name || (!language.empty() && t->language != language)) continue;
        // Meta sends the template id as a JSON integer here.
        sendChange(sim, "message_template_quality_update",
                   "{\"previous_quality_score\":" + jsonString(previous) + ",\"new_quality_score\":" + jsonString(quality) +
                       ",\"message_template_id\":" + t->id + ",\"message_template_name\":" + jsonString(t->name) +
                       ",\"message_template_language\":" + jsonString(t->language) + "}");
        ++sent;
    }
    if (sent == 0) return {404, "{\"error\":" + jsonString("no template named " + name) + "}"};
    return {200, "{\"sent\":" + std::to_string(sent) + ",\"quality\":" + jsonString(quality) + "}"};
}

ControlAnswer accountUpdateControl(Simulator& sim, const Poco::JSON::Object& body) {
    const std::string event = upperOf(body, "event", "ACCOUNT_RESTRICTION");
    auto config = sim.config().get();
    std::string value = "{\"phone_number\":" + jsonString(config->displayPhoneNumber) + ",\"event\":" + jsonString(event);
    if (event == "ACCOUNT_RESTRICTION") {
        const std::string type = body.optValue<std::string>("restriction_type", "RESTRICTED_BIZ_INITIATED_MESSAGING");
        // An empty restriction_type lifts the restriction (restriction_info: []).
        value += type.empty() ? ",\"restriction_info\":[]"
                              : ",\"restriction_info\":[{\"restriction_type\":" + jsonString(type) + ",\"expiration\":" +
                                    Poco::NumberFormatter::format(static_cast<Poco::Int64>(wallClockMs() / 1000 + 86400)) + "}]";
    } else if (event == "DISABLED_UPDATE") {
        value += ",\"ban_info\":{\"waba_ban_state\":" + jsonString(upperOf(body, "ban_state", "DISABLE")) + "}";
    }
    sendChange(sim, "account_update", value + "}");
    return {200, "{\"sent\":\"account_update\",\"event\":" + jsonString(event) + "}"};
}

} // namespace cloudsim
