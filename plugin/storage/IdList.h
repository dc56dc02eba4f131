#pragma once
// Statements over a list of row ids (or other keys), written as one "IN (?, ?, ...)" statement per chunk instead of
// one execution per id. Measured on MariaDB at 1,000 msg/s: marking 76,000 webhook events one
// UPDATE at a time cost 16 s of server time in a 40 s run, and the MySQL connector makes each
// execution a round trip.
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Types.h>

#include <algorithm>
#include <string>
#include <vector>

namespace campaigns::storage {

// "?, ?, ?" for n values (n > 0).
std::string placeholders(std::size_t n);

// Executes `head + "(?, ...)" + tail` for each chunk of `keys` (ids, or other keys such as
// wamids), binding `before` ahead of the keys (for "SET x = ?" values) and returns the rows
// affected in total. `head` ends with "IN " and is the caller's fixed SQL, never user input.
template <typename Key>
std::size_t executeForIds(Poco::Data::Session& s, const std::string& head, const std::vector<Key>& keys,
                          const std::vector<std::string>& before = {}, const std::string& tail = "", std::size_t chunk = 500) {
    using Poco::Data::Keywords::use;
    std::size_t affected = 0;
    std::vector<std::string> values = before; // bound by reference: must outlive execute()
    for (std::size_t i = 0; i < keys.size(); i += chunk) {
        std::vector<Key> part(keys.begin() + static_cast<std::ptrdiff_t>(i),
                              keys.begin() + static_cast<std::ptrdiff_t>(std::min(keys.size(), i + chunk)));
        Poco::Data::Statement st(s);
        st << head + "(" + placeholders(part.size()) + ")" + tail;
        for (auto& v : values) st, use(v);
        for (auto& k : part) st, use(k);
        affected += st.execute();
    }
    return affected;
}

// Runs `head + "(?, ...)" + tail` for each chunk of `keys` and returns the single column it
// selects, all chunks together. `head` ends with "IN ", `tail` may add "FOR UPDATE SKIP LOCKED".
template <typename Value, typename Key>
std::vector<Value> selectForIds(Poco::Data::Session& s, const std::string& head, const std::vector<Key>& keys,
                                const std::string& tail = "", std::size_t chunk = 500) {
    using Poco::Data::Keywords::into;
    using Poco::Data::Keywords::use;
    std::vector<Value> all;
    for (std::size_t i = 0; i < keys.size(); i += chunk) {
        std::vector<Key> part(keys.begin() + static_cast<std::ptrdiff_t>(i),
                              keys.begin() + static_cast<std::ptrdiff_t>(std::min(keys.size(), i + chunk)));
        std::vector<Value> got;
        Poco::Data::Statement st(s);
        st << head + "(" + placeholders(part.size()) + ")" + tail;
        for (auto& k : part) st, use(k);
        st, into(got);
        st.execute();
        all.insert(all.end(), got.begin(), got.end());
    }
    return all;
}

} // namespace campaigns::storage
