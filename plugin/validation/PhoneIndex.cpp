#include "validation/PhoneIndex.h"

#include <stdexcept>

namespace campaigns::validation {
namespace {

constexpr std::size_t kInitialSlots = 1024;

std::size_t slotOf(std::uint64_t key, std::size_t mask) {
    // Phones share long prefixes; a multiplicative mix spreads them over the table.
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return static_cast<std::size_t>(key) & mask;
}

} // namespace

PhoneIndex::PhoneIndex() : keys_(kInitialSlots, 0), rows_(kInitialSlots, 0), mask_(kInitialSlots - 1) {}

std::uint32_t PhoneIndex::insertOrFind(std::uint64_t key, std::uint32_t row) {
    if (key == 0) throw std::invalid_argument("PhoneIndex: key 0 is reserved for empty slots");
    if (row == 0) throw std::invalid_argument("PhoneIndex: rows are 1-based");
    if ((size_ + 1) * 2 > keys_.size()) grow();
    for (std::size_t slot = slotOf(key, mask_);; slot = (slot + 1) & mask_) {
        if (keys_[slot] == key) return rows_[slot];
        if (keys_[slot] == 0) {
            keys_[slot] = key;
            rows_[slot] = row;
            ++size_;
            return 0;
        }
    }
}

void PhoneIndex::grow() {
    std::vector<std::uint64_t> oldKeys(keys_.size() * 2, 0);
    std::vector<std::uint32_t> oldRows(rows_.size() * 2, 0);
    oldKeys.swap(keys_);
    oldRows.swap(rows_);
    mask_ = keys_.size() - 1;
    for (std::size_t i = 0; i < oldKeys.size(); ++i) {
        if (oldKeys[i] == 0) continue;
        std::size_t slot = slotOf(oldKeys[i], mask_);
        while (keys_[slot] != 0) slot = (slot + 1) & mask_;
        keys_[slot] = oldKeys[i];
        rows_[slot] = oldRows[i];
    }
}

} // namespace campaigns::validation
