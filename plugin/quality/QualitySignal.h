#pragma once
// What a quality webhook says, read from its stored payload ({"waba_id","field","value"}, see
// webhooks/WebhookEvent.cpp), and the pause it calls for. Pure functions, so every payload shape
// and decision is unit-tested without a database:
//  - phone_number_quality_update: value.event (DOWNGRADE, UPGRADE, FLAGGED, UNFLAGGED, ONBOARDING,
//    THROUGHPUT_UPGRADE), the rating in value.quality_rating (or value.current_quality /
//    new_quality_score where Meta names it so), the limit in value.max_daily_conversations_per_business
//    (or the older value.current_limit). RED pauses (number_red); FLAGGED pauses (number_restricted).
//    It is about ONE number of the WABA: value.display_phone_number names it (Meta sends no
//    phone-number id here), and only the account with that number is concerned.
//  - account_update: value.event ACCOUNT_RESTRICTION with restriction_info[] (empty = lifted),
//    DISABLED_UPDATE with ban_info.waba_ban_state DISABLE / SCHEDULE_FOR_DISABLE, ACCOUNT_VIOLATION:
//    restricted, pauses (number_restricted).
//  - message_template_quality_update: value.new_quality_score; RED pauses the campaigns of that
//    template (template_red).
#include <optional>
#include <string>

namespace campaigns::quality {

struct QualitySignal {
    std::string field, wabaId, event;
    std::string quality;                                        // number or template quality, upper case, '' if absent
    std::string limitTier;                                      // phone_number_quality_update only
    std::string displayPhoneNumber;                             // phone_number_quality_update only, as Meta wrote it
    std::optional<bool> restricted;                             // set when the event says restricted or lifted
    std::string templateMetaId, templateName, templateLanguage; // template quality only
};

struct QualityPause {
    std::string code, reason; // pause::k..., Spanish
};

// Throws Poco::Exception when the payload is not JSON.
QualitySignal readQualitySignal(const std::string& payload);
// Only the digits of a phone number ("+1 555-000-1111" -> "15550001111"): how a signal's number is
// compared with an account's.
std::string phoneDigits(const std::string& text);
// The pause the signal calls for, or nothing.
std::optional<QualityPause> pauseFor(const QualitySignal& s);
// The pause a template status (message_template_status_update, as TemplateStatusUpdates stores it)
// calls for: PAUSED and DISABLED pause its campaigns (template_paused); anything else nothing.
std::optional<QualityPause> pauseForTemplateStatus(const std::string& status, const std::string& name,
                                                   const std::string& language);

} // namespace campaigns::quality
