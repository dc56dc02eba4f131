#pragma once
// What the fault proxy (FaultProxy.h) does to the bytes it relays right now. Read once per relayed
// chunk, so a switch takes effect on connections already open (kept-alive ones included).
//
//   pass       relays both ways unchanged.
//   latency    waits latency_min_ms..latency_max_ms (uniformly at random) before relaying each chunk.
//   reset      each chunk is, with reset_probability, not relayed and the client's connection is reset
//              (RST: SO_LINGER 0). A chunk from the client: the request never reaches the upstream. A
//              chunk from the upstream (its answer, so the request was already processed): nothing of
//              it arrives, or, half of those times, a random part of it first (mid-response). The
//              second and third are the case a sender must never resend on its own.
//   half_open  reads what the client writes and drops it; answers nothing and never closes (also
//              when the upstream closes), until the client gives up and closes. A connection that
//              dropped client bytes stays half-open after the mode changes.
//   trickle    relays each chunk trickle_bytes at a time, one piece every trickle_every_ms.
#include <Poco/JSON/Object.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace testsupport {

enum class FaultKind { Pass, Latency, Reset, HalfOpen, Trickle };

struct FaultMode {
    FaultKind kind = FaultKind::Pass;
    int latencyMinMs = 200;
    int latencyMaxMs = 800;
    double resetProbability = 0.3;
    std::size_t trickleBytes = 16;
    int trickleEveryMs = 100;

    // {"mode": "reset", "reset_probability": 0.3, ...}: fields not given keep their defaults.
    // Throws std::invalid_argument for an unknown mode or a value out of range.
    static FaultMode fromJson(const Poco::JSON::Object& o);
    Poco::JSON::Object::Ptr toJson() const;
};

const char* faultKindName(FaultKind kind);
std::optional<FaultKind> faultKindFromName(std::string_view name);

} // namespace testsupport
