#pragma once
// The last response-time figures of each filter, kept while the counters they follow stay put, so
// the analytics page's poll (every 1.5 s per open tab) does not re-read every answered entry of a
// large campaign when nothing was answered. Valid because of CampaignState.h's rule: replied_at
// and addressed_at are written in the same transaction as n_replied and n_addressed on the
// campaign row, so the figures of a filter cannot change while those sums over its campaigns
// stay the same. Thread-safe; bounded (cleared when full).
#include "analytics/ResponseTimes.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace campaigns::analytics {

class ResponseTimeCache {
public:
    // The figures stored for `filterKey` if they were computed at `version`.
    std::optional<ResponseTimeSummary> find(const std::string& filterKey, const std::string& version) const;
    void store(const std::string& filterKey, const std::string& version, const ResponseTimeSummary& figures);

    static constexpr std::size_t kMaxFilters = 64;

private:
    struct Entry {
        std::string version;
        ResponseTimeSummary figures;
    };
    mutable std::mutex mutex_;
    std::map<std::string, Entry> entries_;
};

} // namespace campaigns::analytics
