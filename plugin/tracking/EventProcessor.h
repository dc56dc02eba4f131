#pragma once
// Applies stored webhook events (statuses and customer replies) to campaign entries, in arrival
// order, in batches: each batch is one transaction holding the entry changes, their counters and
// the "processed" marks, so a crash repeats a batch rather than half-applying it, and applying
// an event twice changes nothing (status rank only moves forward; each counter moves once).
// A status for a wamid not stored yet (the webhook beat the send response) waits and is applied
// when the sender stores the wamid; an entry left `unknown` is adopted through the
// biz_opaque_callback_data its attempt carried.
#include "counters/CounterBook.h"
#include "suppressions/OptOutKeywords.h"

#include <helpdesk/Database.h>

#include <Poco/Logger.h>

#include <cstddef>

namespace campaigns::tracking {

class EventProcessor {
public:
    EventProcessor(helpdesk::Database& db, Poco::Logger& log, counters::DayKey dayKey = counters::utcDayKey(),
                   suppressions::OptOutKeywords keywords = suppressions::OptOutKeywords());
    // Processes the oldest `limit` pending status/message/user-preference events (all kinds, in
    // arrival order); returns how many it took. Opt-outs it sees (user_preferences stop/resume,
    // failed with 131050, an opt-out button, a keyword answer) change the suppression list in
    // the same transaction.
    std::size_t processBatch(std::size_t limit = 500);
    // Agent wrote on the ticket of `entryId` (host ticket event): addressed if the customer replied.
    bool markAddressed(long long entryId, long long eventTimeMs);

private:
    helpdesk::Database& db_;
    Poco::Logger& log_;
    counters::DayKey dayKey_;
    suppressions::OptOutKeywords keywords_;
};

} // namespace campaigns::tracking
