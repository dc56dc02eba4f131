#pragma once
#include "HostDatabase.h"

#include <chrono>
#include <map>
#include <mutex>

namespace refhost {

// When each API token was last used, kept in memory and written to api_tokens.last_used_at in
// one batched statement from time to time (the host's scheduler, and at shutdown). Writing the
// stamp on every API call made every read a write: on SQLite each call then queued behind
// whatever held the write lock (a million-row validation, a send), up to busy_timeout. A read
// now never writes; the stored "last used" lags by at most one flush interval, and the users
// page of the same host adds what is not flushed yet.
class TokenUses {
public:
    static constexpr std::chrono::seconds kFlushEvery{60};
    // Tokens per UPDATE (3 bound values each, well under SQLite's 999 variables).
    static constexpr std::size_t kBatch = 200;

    // Remembers that token `tokenId` was used at `atMillis` (the latest use wins).
    void record(long long tokenId, long long atMillis);
    // The uses not written yet, by token id.
    std::map<long long, long long> pending();
    // Writes the pending uses; never moves a stored stamp back (another host may have written a
    // later one). On failure the uses are kept for the next flush and the error is rethrown.
    void flush(HostDatabase& db);

private:
    std::mutex mutex_;
    std::map<long long, long long> pending_;
};

} // namespace refhost
