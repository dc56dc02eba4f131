#pragma once
// Maps Cloud API answers to outcomes. Used for the synchronous answer of a send and, through
// describeErrorCode, for the error codes that arrive later in `failed` status webhooks.

#include "cloudapi/Outcome.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace campaigns::cloudapi {

// Meta's error object, read defensively: error_data may be missing or not an object, and the
// code may arrive as a number or a numeric string.
struct MetaError {
    int code = 0;
    std::string message; // "(#131026) Message Undeliverable"; Meta deprecates the title, do not parse
    std::string details; // error_data.details when present
    std::string fbtraceId;
};

std::optional<MetaError> parseMetaError(std::string_view body);

// The outcome one error code leads to, whatever channel it came through.
SendOutcome outcomeForError(const MetaError& error, std::optional<std::chrono::seconds> retryAfterHeader = std::nullopt);

// Short Spanish explanation of a code for the administrator.
std::string spanishReason(int code);

// Classifies a complete HTTP answer to a send request (the request was fully written).
SendOutcome classifySendResponse(int httpStatus, std::string_view body,
                                 std::optional<std::chrono::seconds> retryAfterHeader = std::nullopt);

// Meta's advice for the pair rate limit 131056: wait 4^X seconds after the X-th failure (X from 0),
// capped so a stuck recipient is retried at least hourly.
std::chrono::seconds pairLimitBackoff(int previousFailures);

} // namespace campaigns::cloudapi
