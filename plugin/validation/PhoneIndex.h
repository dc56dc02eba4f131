#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace campaigns::validation {

// Remembers the first row of every phone seen, for duplicate detection over up to a million rows.
// Open addressing over two flat arrays (8-byte key + 4-byte row = 12 bytes a slot, at most half
// full): about 25 MB for 1,048,576 distinct phones, against ~70 MB for an
// unordered_map<std::string, size_t>, and no allocation per row.
class PhoneIndex {
public:
    PhoneIndex();

    // Records `key` (never 0: E.164 numbers do not start with 0) first seen at `row`, and returns 0;
    // or, if it was seen before, returns the row where it was first seen.
    std::uint32_t insertOrFind(std::uint64_t key, std::uint32_t row);

    std::size_t size() const { return size_; }

private:
    void grow();

    std::vector<std::uint64_t> keys_;
    std::vector<std::uint32_t> rows_;
    std::size_t size_ = 0;
    std::size_t mask_ = 0;
};

} // namespace campaigns::validation
