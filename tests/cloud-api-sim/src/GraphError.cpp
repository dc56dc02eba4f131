#include "GraphError.h"

#include "JsonText.h"

#include <Poco/NumberFormatter.h>

#include <atomic>
#include <map>

namespace cloudsim {
namespace {

struct Known {
    const char* title;
    const char* details;
};

const std::map<int, Known>& catalogue() {
    static const std::map<int, Known> table = {
        {100, {"Invalid parameter", "Invalid parameter"}},
        {190, {"Invalid OAuth access token - Cannot parse access token", ""}},
        {2500, {"Unknown path components", ""}},
        {130429, {"Rate limit hit", "Cloud API message throughput has been reached."}},
        {130472,
         {"User's number is part of an experiment",
          "Failed to send message because this user's phone number is part of an experiment"}},
        {131000, {"Something went wrong", "Something went wrong"}},
        {131008, {"Required parameter is missing", "Required parameter is missing"}},
        {131009, {"Parameter value is not valid", "Parameter value is not valid"}},
        {131016, {"Service unavailable", "A service is temporarily unavailable."}},
        {131026, {"Message undeliverable", "Message Undeliverable."}},
        {131047,
         {"Re-engagement message",
          "Message failed to send because more than 24 hours have passed since the customer last replied to this number."}},
        {131048,
         {"Spam rate limit hit",
          "Message failed to send because there are restrictions on how many messages can be sent from this phone number."}},
        {131049,
         {"This message was not delivered to maintain healthy ecosystem engagement.",
          "In order to maintain a healthy ecosystem engagement, the message failed to be delivered."}},
        {131050,
         {"Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your "
          "business",
          "The user has stopped marketing messages from this business."}},
        {131051, {"Unsupported message type", "Message type is not currently supported."}},
        {131053, {"Media upload error", "Unable to upload the media used in the message."}},
        {131056,
         {"(Business Account, Consumer Account) pair rate limit hit",
          "Too many messages sent from the sender phone number to the same recipient phone number in a short period of time."}},
        {131057, {"Account in maintenance mode", "Business Account is in maintenance mode"}},
        {132000,
         {"Number of parameters does not match the expected number of params",
          "Number of parameters does not match the expected number of params"}},
        {132001, {"Template name does not exist in the translation", "Template name does not exist in the translation"}},
        {132012,
         {"Parameter format does not match format in the created template",
          "Parameter format does not match format in the created template"}},
        {132015, {"Template is Paused", "Template is paused due to low quality so it cannot be sent in a template message."}},
        {132016,
         {"Template is Disabled", "Template has been paused too many times due to low quality and is now permanently disabled."}},
    };
    return table;
}

int statusFor(int code) {
    switch (code) {
        case 190:
            return 401;
        case 131000:
            return 500;
        case 131016:
            return 503;
        case 2500:
            return 404;
        default:
            return 400;
    }
}

std::string fbtraceId() {
    static std::atomic<unsigned> counter{0};
    return "ASim" + Poco::NumberFormatter::formatHex(++counter, 8);
}

} // namespace

std::string errorTitle(int code) {
    auto it = catalogue().find(code);
    return it == catalogue().end() ? "Error " + Poco::NumberFormatter::format(code) : it->second.title;
}

std::string defaultDetails(int code) {
    auto it = catalogue().find(code);
    return it == catalogue().end() ? errorTitle(code) : it->second.details;
}

GraphError graphError(int code, const std::string& details) {
    GraphError e;
    e.code = code;
    e.httpStatus = statusFor(code);
    e.title = errorTitle(code);
    e.details = details.empty() ? defaultDetails(code) : details;
    return e;
}

std::string GraphError::toJson() const {
    // Graph-level errors (auth, routing) carry no "(#code)" prefix and no WhatsApp error_data.
    bool graphLevel = code == 190 || code == 2500;
    std::string out = "{\"error\":{\"message\":";
    out += jsonString(graphLevel ? title : "(#" + Poco::NumberFormatter::format(code) + ") " + title);
    out += ",\"type\":" + jsonString(type);
    out += ",\"code\":" + Poco::NumberFormatter::format(code);
    if (!graphLevel && !details.empty())
        out += ",\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":" + jsonString(details) + "}";
    if (subcode != 0) out += ",\"error_subcode\":" + Poco::NumberFormatter::format(subcode);
    out += ",\"fbtrace_id\":" + jsonString(fbtraceId()) + "}}";
    return out;
}

std::string asyncErrorJson(int code, const std::string& details) {
    std::string title = errorTitle(code);
    return "{\"code\":" + Poco::NumberFormatter::format(code) + ",\"title\":" + jsonString(title) +
           ",\"message\":" + jsonString(title) +
           ",\"error_data\":{\"details\":" + jsonString(details.empty() ? defaultDetails(code) : details) +
           "},\"href\":\"https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/\"}";
}

} // namespace cloudsim
