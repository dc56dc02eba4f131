#pragma once
// Value types of the suppression list: a suppressed number as stored, a change to the list
// (who asks to add or remove which number, and why), and one line of the list's history.
#include <Poco/Nullable.h>
#include <Poco/Types.h>

#include <string>

namespace campaigns::suppressions {

// Where a suppression came from (campaigns_suppressions.source / history.source).
namespace source {
inline constexpr const char* kUserPreferences = "user_preferences"; // WhatsApp's "stop marketing" menu
inline constexpr const char* kError131050 = "error_131050";         // a send failed: user stopped marketing
inline constexpr const char* kButton = "button";                    // quick reply marked as opt-out
inline constexpr const char* kKeyword = "keyword";                  // answer "BAJA", "STOP", ...
inline constexpr const char* kManual = "manual";                    // an administrator on the page / API
inline constexpr const char* kImport = "import";                    // a CSV imported on the page
} // namespace source

struct Suppression {
    std::string wabaId, phone, reason, source;
    Poco::Nullable<Poco::Int64> campaignId, entryId;
    std::string createdAt; // "YYYY-MM-DD HH:MM:SS.mmm" UTC
    std::string createdBy; // the administrator's name, or "WhatsApp" / "sistema" for automatic ones
};

struct SuppressionChange {
    std::string wabaId, phone; // phone: E.164 digits, no '+'
    std::string reason, source;
    Poco::Nullable<Poco::Int64> campaignId, entryId;
    std::string by;
};

struct SuppressionHistoryLine {
    Poco::Int64 id = 0;
    std::string wabaId, phone, action; // action: "add" | "remove"
    std::string reason, source;
    Poco::Nullable<Poco::Int64> campaignId, entryId;
    std::string changedAt, changedBy;
};

} // namespace campaigns::suppressions
