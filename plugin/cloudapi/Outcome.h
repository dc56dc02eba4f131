#pragma once
// What became of one send request, in the terms the outbox needs to decide the entry's next state.
// The classification follows Meta's error table: the HTTP status is not used for branching except
// when no error body came back.

#include <chrono>
#include <optional>
#include <string>
#include <variant>

namespace campaigns::cloudapi {

// 200 with a wamid: Meta took the message; delivery comes later through webhooks.
struct Accepted {
    std::string wamid;
    std::string waId;          // may differ from the number we sent (Brazil/Mexico prefixes)
    std::string messageStatus; // "accepted" or "held_for_quality_assessment"; empty if absent
};

enum class RetryScope {
    Account,   // the whole sender must slow down (throughput, overload, maintenance)
    Recipient, // only this phone number must wait (pair rate limit 131056: 4^X seconds)
};

// Definitely not processed; the same request may be sent again after retryAfter.
struct Retryable {
    std::optional<int> code; // Meta's error code; empty when the request never left (transport)
    std::chrono::seconds retryAfter{1};
    RetryScope scope = RetryScope::Account;
    int maxAttempts = 0;    // 0 = keep retrying with backoff; otherwise give up after that many
    std::string reason;     // Spanish, for the administrator
    std::string detail;     // Meta's message/details or the transport error, for operators
    bool transport = false; // the connection failed before the request was fully written
};

// This recipient will never get this message as it stands; record it and move on.
struct Permanent {
    std::optional<int> code; // empty when the answer carried no Meta error
    std::string reason;
    std::string detail;
};

// Nothing more can be sent from this account until someone fixes it (token, billing, template).
struct PauseSender {
    std::optional<int> code; // empty when the answer carried no Meta error (e.g. a proxy's 404)
    std::string reason;
    std::string detail;
};

// Not now, but maybe in a day (per-user marketing limit 131049): never sooner than retryAfter.
struct RetryLater {
    int code = 0;
    std::chrono::seconds retryAfter{std::chrono::hours(24)};
    std::string reason;
    std::string detail;
};

// The request was fully written and we do not know whether Meta processed it. The entry becomes
// `unknown` and waits for a webhook carrying its biz_opaque_callback_data; it is never resent
// automatically because the Cloud API has no idempotency key.
struct Ambiguous {
    std::string reason;
    std::string detail;
    bool serviceDown = false; // no answer came, or a 5xx: the API itself looks down (signalsOutage)
};

enum class OutcomeKind { Accepted, Retryable, Permanent, PauseSender, RetryLater, Ambiguous };

class SendOutcome {
public:
    using Value = std::variant<Accepted, Retryable, Permanent, PauseSender, RetryLater, Ambiguous>;

    template <typename T>
    SendOutcome(T value) : value_(std::move(value)) {} // NOLINT: implicit on purpose

    OutcomeKind kind() const { return static_cast<OutcomeKind>(value_.index()); }
    template <typename T>
    bool is() const {
        return std::holds_alternative<T>(value_);
    }
    template <typename T>
    const T& as() const {
        return std::get<T>(value_);
    }
    const Value& value() const { return value_; }

    // Meta's code when there is one (not for Accepted, Ambiguous or transport failures).
    std::optional<int> code() const;
    // The Spanish text shown to the administrator; empty for Accepted.
    const std::string& reason() const;

private:
    Value value_;
};

const char* kindName(OutcomeKind kind);

// Whether the outcome says the Cloud API itself is down rather than anything about this message:
// the connection failed (a transport Retryable), no answer came or a 5xx without Meta's
// error (Ambiguous with serviceDown), or Meta's "temporarily unavailable" codes 2, 131016 and
// 133004. The sender pauses an account's campaigns while every outcome says so
// (sending/OutageWatch.h) and the probe that resumes them asks the same question.
bool signalsOutage(const SendOutcome& outcome);

} // namespace campaigns::cloudapi
