#include "cloudapi/Outcome.h"

namespace campaigns::cloudapi {

namespace {
template <class... F>
struct Overload : F... {
    using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;
} // namespace

std::optional<int> SendOutcome::code() const {
    return std::visit(Overload{[](const Accepted&) -> std::optional<int> { return std::nullopt; },
                               [](const Ambiguous&) -> std::optional<int> { return std::nullopt; },
                               [](const RetryLater& o) -> std::optional<int> { return o.code; },
                               [](const auto& o) -> std::optional<int> { return o.code; }},
                      value_);
}

const std::string& SendOutcome::reason() const {
    static const std::string none;
    return std::visit(Overload{[](const Accepted&) -> const std::string& { return none; },
                               [](const auto& o) -> const std::string& { return o.reason; }},
                      value_);
}

const char* kindName(OutcomeKind kind) {
    switch (kind) {
        case OutcomeKind::Accepted:
            return "accepted";
        case OutcomeKind::Retryable:
            return "retryable";
        case OutcomeKind::Permanent:
            return "permanent";
        case OutcomeKind::PauseSender:
            return "pause_sender";
        case OutcomeKind::RetryLater:
            return "retry_later";
        case OutcomeKind::Ambiguous:
            return "ambiguous";
    }
    return "unknown";
}

} // namespace campaigns::cloudapi

namespace campaigns::cloudapi {

bool signalsOutage(const SendOutcome& outcome) {
    if (const auto* amb = std::get_if<Ambiguous>(&outcome.value())) return amb->serviceDown;
    if (const auto* retry = std::get_if<Retryable>(&outcome.value())) {
        if (retry->transport) return true;
        return retry->code && (*retry->code == 2 || *retry->code == 131016 || *retry->code == 133004);
    }
    return false;
}

} // namespace campaigns::cloudapi
