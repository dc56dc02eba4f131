#include "analytics/ResponseTimeCache.h"

namespace campaigns::analytics {

std::optional<ResponseTimeSummary> ResponseTimeCache::find(const std::string& filterKey, const std::string& version) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(filterKey);
    if (it == entries_.end() || it->second.version != version) return std::nullopt;
    return it->second.figures;
}

void ResponseTimeCache::store(const std::string& filterKey, const std::string& version, const ResponseTimeSummary& figures) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= kMaxFilters && !entries_.count(filterKey)) entries_.clear();
    entries_[filterKey] = {version, figures};
}

} // namespace campaigns::analytics
