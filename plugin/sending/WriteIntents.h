#pragma once
// Before a request is written to the Cloud API its entry moves from `claimed` to `dispatching` in
// the database. A crash then leaves two kinds of unfinished entries that recovery can tell apart:
// `claimed` ones were certainly never written and simply go back to the queue, `dispatching` ones
// may have reached Meta and become `unknown` (never resent). Without the mark every claimed entry
// of a killed instance would have to be treated as possibly sent, and customers who were never
// messaged would be lost as "unknown".
// One thread writes the marks of all sending workers together (group commit), so the cost is one
// statement per round (OutboxStore::markWritten), not one per message.
#include "sending/OutboxStore.h"

#include <Poco/Logger.h>
#include <Poco/Timespan.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace campaigns::sending {

class WriteIntents {
public:
    WriteIntents(OutboxStore& outbox, Poco::Timespan entryLease, Poco::Logger& log);
    ~WriteIntents();

    void start();
    // Blocks until the mark is committed. False when the entry is no longer this attempt's (its
    // claim expired and was recovered, the campaign was cancelled) or the database failed: the
    // request must not be written then.
    bool mark(long long entryId, const std::string& attemptId);
    // Answers every waiting mark with false and stops; call after the workers are joined.
    void stop();

private:
    struct Pending {
        long long entryId;
        std::string attemptId;
        bool done = false, ok = false;
    };
    void run();

    OutboxStore& outbox_;
    Poco::Timespan lease_;
    Poco::Logger& log_;
    std::mutex mutex_;
    std::condition_variable queued_, answered_;
    std::vector<Pending*> queue_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace campaigns::sending
