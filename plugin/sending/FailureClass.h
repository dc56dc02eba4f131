#pragma once
// "Reintentar fallidos" (issue 12): the classes the failures of a finished campaign are grouped in,
// and which of them may be sent again. One table decides it for the dialog, the API and the
// requeue, so what the dialog offers is exactly what the POST accepts:
//   marketing_cap  131049 (Meta's per-user marketing cap): only once 24 h have passed since it failed
//   rate_limit     130429, 131056, 4, 80007 (too many messages per second / to one person): yes
//   transient      131000, 1, 2, 131016, 131057, 133004, and failures with no code (the connection
//                  failed before the request was written): yes
//   no_whatsapp    131026 (no WhatsApp, or cannot receive it now): only when asked for
//   unknown        no answer recorded: WhatsApp may have taken it, so a retry may duplicate the
//                  message; only when asked for, with accept_duplicates
//   user_stopped   131050, spam_limit 131048, suppressed, other (the message or the number
//                  needs a fix): never
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace campaigns::sending {

enum class FailureClass { MarketingCap, RateLimit, Transient, NoWhatsApp, Unknown, UserStopped, SpamLimit, Suppressed, Other };
enum class Retryable { Yes, OnRequest, Never };

const char* code(FailureClass c);
std::optional<FailureClass> failureClassFromCode(std::string_view code);
// Every class, in the order the dialog lists them.
const std::vector<FailureClass>& allFailureClasses();

// The class of an entry that did not reach its recipient: `state` is the entry state ("failed",
// "unknown", "suppressed", or "accepted" for a failure WhatsApp reported after accepting it).
FailureClass classifyFailure(std::string_view state, int errorCode);
Retryable retryableOf(FailureClass c);
// The classes a retry takes when the request names none: the ones that are retryable outright.
std::vector<FailureClass> defaultRetryClasses();
// A Spanish reason for a failure's code within its class (Meta's table, or what a code-less
// failure means).
std::string failureReason(FailureClass c, int errorCode);

} // namespace campaigns::sending
