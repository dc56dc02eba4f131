#include "FaultMode.h"

#include <array>
#include <stdexcept>
#include <utility>

namespace testsupport {

namespace {

constexpr std::array<std::pair<FaultKind, const char*>, 5> kNames{{
    {FaultKind::Pass, "pass"},
    {FaultKind::Latency, "latency"},
    {FaultKind::Reset, "reset"},
    {FaultKind::HalfOpen, "half_open"},
    {FaultKind::Trickle, "trickle"},
}};

template <typename T>
T valueOr(const Poco::JSON::Object& o, const std::string& key, T fallback) {
    return o.has(key) && !o.isNull(key) ? o.getValue<T>(key) : fallback;
}

} // namespace

const char* faultKindName(FaultKind kind) {
    for (const auto& [k, name] : kNames)
        if (k == kind) return name;
    return "pass";
}

std::optional<FaultKind> faultKindFromName(std::string_view name) {
    for (const auto& [k, n] : kNames)
        if (name == n) return k;
    return std::nullopt;
}

FaultMode FaultMode::fromJson(const Poco::JSON::Object& o) {
    FaultMode m;
    const auto kind = faultKindFromName(valueOr<std::string>(o, "mode", "pass"));
    if (!kind) throw std::invalid_argument("unknown mode; one of pass, latency, reset, half_open, trickle");
    m.kind = *kind;
    m.latencyMinMs = valueOr(o, "latency_min_ms", m.latencyMinMs);
    m.latencyMaxMs = valueOr(o, "latency_max_ms", m.latencyMaxMs);
    m.resetProbability = valueOr(o, "reset_probability", m.resetProbability);
    m.trickleBytes = static_cast<std::size_t>(valueOr(o, "trickle_bytes", static_cast<int>(m.trickleBytes)));
    m.trickleEveryMs = valueOr(o, "trickle_every_ms", m.trickleEveryMs);
    if (m.latencyMinMs < 0 || m.latencyMaxMs < m.latencyMinMs)
        throw std::invalid_argument("need 0 <= latency_min_ms <= latency_max_ms");
    if (m.resetProbability < 0 || m.resetProbability > 1) throw std::invalid_argument("reset_probability must be within 0..1");
    if (m.trickleBytes == 0 || m.trickleEveryMs < 0)
        throw std::invalid_argument("need trickle_bytes >= 1, trickle_every_ms >= 0");
    return m;
}

Poco::JSON::Object::Ptr FaultMode::toJson() const {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("mode", std::string(faultKindName(kind)));
    o->set("latency_min_ms", latencyMinMs);
    o->set("latency_max_ms", latencyMaxMs);
    o->set("reset_probability", resetProbability);
    o->set("trickle_bytes", static_cast<int>(trickleBytes));
    o->set("trickle_every_ms", trickleEveryMs);
    return o;
}

} // namespace testsupport
