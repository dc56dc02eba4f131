#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace campaigns::webhooks {

// One unit of a Meta webhook POST, as stored and later applied. A POST may carry up to ~1,000 of
// these across entry[] / changes[] / statuses[] / messages[].
struct WebhookEvent {
    // Quality: phone_number_quality_update, account_update and message_template_quality_update
    // (the quality breaker, quality/QualityEvents.h).
    enum class Kind { Status, Message, TemplateStatus, UserPreference, Error, Other, Quality };
    Kind kind = Kind::Other;
    // Meta retries and fans out to every subscribed app, so the same event arrives more than once;
    // this key identifies it: (wamid, status) for statuses, the message id for inbound messages.
    std::string dedupeKey;
    std::string phoneNumberId; // metadata.phone_number_id, empty for WABA-level fields
    std::string wamid;         // status: the message it is about; message: the inbound message id
    std::string status;        // sent / delivered / read / failed; template events: the event name
    std::string callbackData;  // biz_opaque_callback_data echoed by statuses
    long long eventTime = 0;   // Unix seconds from the event itself, not arrival time
    std::string payload;       // the event's own JSON (with contacts and metadata for messages); statuses: only
                               // those with errors keep theirs (the rest is read by no one)
    std::string wabaId;        // the entry's id (the WABA); not stored: the receiver scopes events by it
};

const char* kindName(WebhookEvent::Kind k);
WebhookEvent::Kind kindFromName(std::string_view name);

// Splits a webhook body into events. Unknown fields and unknown `field` values are kept as Other
// events rather than dropped; missing optional fields are tolerated. Throws Poco::Exception (or
// derived) when the body is not JSON at all.
std::vector<WebhookEvent> parseWebhookBody(const std::string& body);

} // namespace campaigns::webhooks
