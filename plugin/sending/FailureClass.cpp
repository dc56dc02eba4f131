#include "sending/FailureClass.h"

#include "cloudapi/OutcomeClassifier.h"

#include <algorithm>
#include <array>
#include <utility>

namespace campaigns::sending {

namespace {

constexpr std::array<std::pair<FailureClass, const char*>, 9> kCodes{{
    {FailureClass::MarketingCap, "marketing_cap"},
    {FailureClass::RateLimit, "rate_limit"},
    {FailureClass::Transient, "transient"},
    {FailureClass::NoWhatsApp, "no_whatsapp"},
    {FailureClass::Unknown, "unknown"},
    {FailureClass::UserStopped, "user_stopped"},
    {FailureClass::SpamLimit, "spam_limit"},
    {FailureClass::Suppressed, "suppressed"},
    {FailureClass::Other, "other"},
}};

// Meta's codes for each class that is decided by code (the others: by entry state, or "other").
struct CodeClass {
    int code;
    FailureClass cls;
};
constexpr CodeClass kByCode[] = {
    {131049, FailureClass::MarketingCap}, {130429, FailureClass::RateLimit},   {131056, FailureClass::RateLimit},
    {4, FailureClass::RateLimit},         {80007, FailureClass::RateLimit},    {131000, FailureClass::Transient},
    {1, FailureClass::Transient},         {2, FailureClass::Transient},        {131016, FailureClass::Transient},
    {131057, FailureClass::Transient},    {133004, FailureClass::Transient},   {0, FailureClass::Transient},
    {131026, FailureClass::NoWhatsApp},   {131050, FailureClass::UserStopped}, {131048, FailureClass::SpamLimit},
};

} // namespace

const char* code(FailureClass c) {
    for (const auto& [cls, text] : kCodes)
        if (cls == c) return text;
    return "other";
}

std::optional<FailureClass> failureClassFromCode(std::string_view text) {
    for (const auto& [cls, name] : kCodes)
        if (text == name) return cls;
    return std::nullopt;
}

const std::vector<FailureClass>& allFailureClasses() {
    static const std::vector<FailureClass> all = [] {
        std::vector<FailureClass> v;
        for (const auto& [cls, text] : kCodes) v.push_back(cls);
        return v;
    }();
    return all;
}

FailureClass classifyFailure(std::string_view state, int errorCode) {
    if (state == "unknown") return FailureClass::Unknown;
    if (state == "suppressed") return FailureClass::Suppressed;
    for (const CodeClass& c : kByCode)
        if (c.code == errorCode) return c.cls;
    return FailureClass::Other;
}

Retryable retryableOf(FailureClass c) {
    switch (c) {
        case FailureClass::MarketingCap:
        case FailureClass::RateLimit:
        case FailureClass::Transient:
            return Retryable::Yes;
        case FailureClass::NoWhatsApp:
        case FailureClass::Unknown:
            return Retryable::OnRequest;
        case FailureClass::UserStopped:
        case FailureClass::SpamLimit:
        case FailureClass::Suppressed:
        case FailureClass::Other:
            return Retryable::Never;
    }
    return Retryable::Never;
}

std::vector<FailureClass> defaultRetryClasses() {
    std::vector<FailureClass> v;
    for (FailureClass c : allFailureClasses())
        if (retryableOf(c) == Retryable::Yes) v.push_back(c);
    return v;
}

std::string failureReason(FailureClass c, int errorCode) {
    if (c == FailureClass::Unknown)
        return "No se registró respuesta de WhatsApp: el mensaje pudo haberse enviado; no se reenvía automáticamente";
    if (c == FailureClass::Suppressed) return "Número en la lista de exclusión";
    if (errorCode == 0) return "No se pudo conectar con WhatsApp o no respondió a tiempo";
    return cloudapi::spanishReason(errorCode);
}

} // namespace campaigns::sending
