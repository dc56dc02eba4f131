#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace cloudsim {

enum class EventKind { Status, Inbound, Raw };

// One pending webhook item. Status and Inbound items are batched into envelopes when due; a Raw
// item is an already-built body (template updates, and batches waiting for a retry).
struct WebhookEvent {
    std::int64_t dueMs = 0; // steady clock
    EventKind kind = EventKind::Status;
    std::string phoneNumberId;
    std::string fragment;
    std::string contact;    // Inbound only
    int attempt = 0;        // Raw only: deliveries already tried
    std::size_t events = 1; // Raw only: how many events the body carries
};

std::int64_t steadyMs();

} // namespace cloudsim
