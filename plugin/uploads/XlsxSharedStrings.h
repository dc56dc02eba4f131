#pragma once
// The workbook's shared string table, held compactly: one contiguous UTF-8 buffer plus one 32-bit
// offset per string, because a large sheet can carry millions of them and a std::string each
// would cost several times the text.
#include "uploads/RowReader.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace campaigns::uploads {

class ZipArchiveReader;
struct ZipEntryInfo;

class XlsxSharedStrings {
public:
    // Streams sharedStrings.xml: rich-text runs are concatenated, phonetic guides (<rPh>) dropped.
    void load(const ZipArchiveReader& archive, const ZipEntryInfo& entry, const ReaderLimits& limits);

    std::size_t size() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
    // Throws std::out_of_range for an index the table does not have.
    std::string_view at(std::size_t index) const;

    // Used by the loader.
    void append(std::string_view text);

private:
    std::string text_;
    std::vector<std::uint32_t> offsets_{0};
};

} // namespace campaigns::uploads
