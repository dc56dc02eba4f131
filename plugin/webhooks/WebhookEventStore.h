#pragma once
#include "webhooks/WebhookEvent.h"

#include <helpdesk/Database.h>

#include <Poco/Timestamp.h>

#include <functional>
#include <string>
#include <vector>

namespace campaigns::webhooks {

// campaigns_webhook_events.processed: where a stored event is in its processing.
enum class Processing : int {
    Pending = 0,         // stored, not applied yet
    Applied = 1,         // its effect is stored, in the transaction that marked it
    WaitingForWamid = 2, // a status whose wamid is not stored yet: the sender wakes it (OutboxStore)
    SetAside = 3,        // could not be applied (malformed); kept with a log line, never retried
};
// The value as it appears in SQL text ("0", "1", ...): a fixed number, never user input.
inline std::string sqlValue(Processing p) { return std::to_string(static_cast<int>(p)); }

// What WebhookEventStore::purgeProcessed deleted.
struct PurgedEvents {
    std::size_t rows = 0;
    std::size_t batches = 0;  // transactions that deleted something
    bool interrupted = false; // `stop` said so before the end
};

struct StoredEvent {
    long long id = 0;
    WebhookEvent event;
};

// The durable inbox of webhook events. The receiver appends a whole POST in one transaction
// before answering 200; processing reads unprocessed rows of a kind through (kind, processed, id),
// in arrival order, and marks them processed in the same transaction as their effect.
class WebhookEventStore {
public:
    explicit WebhookEventStore(helpdesk::Database& db);

    // Stores the events that are not stored yet; returns how many were new.
    std::size_t append(const std::vector<WebhookEvent>& events);
    std::vector<StoredEvent> pending(std::size_t limit);
    // Unprocessed events of one kind, so each processor consumes only what it applies.
    std::vector<StoredEvent> pending(std::size_t limit, WebhookEvent::Kind kind);
    // Unprocessed status events about one wamid (for events that arrived before the send result).
    std::vector<StoredEvent> pendingForWamid(const std::string& wamid);
    void markProcessed(Poco::Data::Session& s, const std::vector<long long>& ids);
    std::size_t countAll();
    // Retention: deletes events whose processing is over (Applied, SetAside) and that arrived
    // before `receivedBefore`; Pending and WaitingForWamid rows stay whatever their age. Reads
    // `batchRows` rows at a time in id order (id and received_at grow together) and deletes the
    // finished ones of each page in a transaction of its own, so the sender and the processor
    // wait at most one batch; stops at the first row that arrived after the cutoff, or when
    // `stop` (checked between batches, may be empty) answers true.
    PurgedEvents purgeProcessed(const Poco::Timestamp& receivedBefore, std::size_t batchRows,
                                const std::function<bool()>& stop = {});

private:
    std::size_t appendOnce(const std::vector<WebhookEvent>& events);
    helpdesk::Database& db_;
};

} // namespace campaigns::webhooks
