#include "TokenUses.h"

#include <Poco/Data/Statement.h>

#include <algorithm>
#include <vector>

using namespace Poco::Data::Keywords;

namespace refhost {
namespace {
// One CASE arm per token: "WHEN id = ? AND COALESCE(last_used_at, 0) < ? THEN ?".
const char* const kFlushHead = "UPDATE api_tokens SET last_used_at = CASE";
const char* const kFlushArm = " WHEN id = ? AND COALESCE(last_used_at, 0) < ? THEN ?";
const char* const kFlushTail = " ELSE last_used_at END WHERE id IN (";

void keepLatest(std::map<long long, long long>& into, long long id, long long at) {
    auto [it, added] = into.emplace(id, at);
    if (!added) it->second = std::max(it->second, at);
}
} // namespace

void TokenUses::record(long long tokenId, long long atMillis) {
    std::lock_guard lock(mutex_);
    keepLatest(pending_, tokenId, atMillis);
}

std::map<long long, long long> TokenUses::pending() {
    std::lock_guard lock(mutex_);
    return pending_;
}

void TokenUses::flush(HostDatabase& db) {
    std::map<long long, long long> uses;
    {
        std::lock_guard lock(mutex_);
        uses.swap(pending_);
    }
    if (uses.empty()) return;
    std::vector<std::pair<Poco::Int64, Poco::Int64>> rows(uses.begin(), uses.end());
    try {
        auto s = db.session();
        WriteTransaction tx(s, db.dialect());
        for (std::size_t from = 0; from < rows.size(); from += kBatch) {
            const std::size_t n = std::min(kBatch, rows.size() - from);
            std::string sql = kFlushHead;
            for (std::size_t i = 0; i < n; ++i) sql += kFlushArm;
            sql += kFlushTail;
            for (std::size_t i = 0; i < n; ++i) sql += i ? ",?" : "?";
            sql += ")";
            Poco::Data::Statement st(s);
            st << sql;
            for (std::size_t i = 0; i < n; ++i) {
                auto& [id, at] = rows[from + i];
                st, use(id), use(at), use(at);
            }
            for (std::size_t i = 0; i < n; ++i) st, use(rows[from + i].first);
            st.execute();
        }
        tx.commit();
    } catch (...) {
        std::lock_guard lock(mutex_);
        for (const auto& [id, at] : uses) keepLatest(pending_, id, at);
        throw;
    }
}

} // namespace refhost
