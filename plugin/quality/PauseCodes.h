#pragma once
// Why a campaign is paused, as the English code stored in campaigns_campaigns.pause_code and shown
// by the API, next to the Spanish pause_reason a person reads. Every writer that pauses (the
// administrator's "Pausar", the sender on a Cloud API error, the quality breaker) takes its code
// from here, so the list of codes is in one place and a resume clears both.
#include <optional>
#include <string>

namespace campaigns::quality {

namespace pause {
inline constexpr const char* kAdmin = "admin";                        // "Pausar" in the list
inline constexpr const char* kTemplatePaused = "template_paused";     // template PAUSED or DISABLED
inline constexpr const char* kTemplateRed = "template_red";           // template quality RED
inline constexpr const char* kNumberRed = "number_red";               // sending number quality RED
inline constexpr const char* kNumberRestricted = "number_restricted"; // number or WABA flagged/restricted
inline constexpr const char* kSpamLimit = "spam_limit";               // 131048 on a send
inline constexpr const char* kFailureRate = "failure_rate";           // too many failures (not 131049)
inline constexpr const char* kOptOutRate = "opt_out_rate";            // too many customers asked to stop
inline constexpr const char* kSenderError = "sender_error";           // any other error that pauses a send
inline constexpr const char* kApiUnreachable = "api_unreachable";     // the Cloud API does not answer; resumes by itself
} // namespace pause

// The Spanish text shown for a code when the writer has no more precise one.
std::string spanishReason(const std::string& code);

// The code of a pause decided by a Cloud API error on a send (cloudapi::PauseSender): 131048 is the
// spam limit, 132015/132016 a paused or disabled template, 368/131031 a restricted account;
// everything else (token, permissions, payment, ...) is a sender error.
std::string pauseCodeForSendError(std::optional<int> errorCode);

// The reason the administrator's own pause stores (kept as it was before the codes existed).
inline constexpr const char* kAdminReason = "Pausada por un administrador";

} // namespace campaigns::quality
