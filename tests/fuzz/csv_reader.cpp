// Fuzz target: the CSV reader with its encoding detection (uploads/CsvReader.h, TextDecoding.h),
// on any bytes a user can upload. FileRejected is the reader's documented refusal; anything else
// escaping, a sanitizer report or a broken invariant below is a finding.
#include "FuzzCheck.h"
#include "uploads/CsvReader.h"

#include <sstream>
#include <string>

using namespace campaigns::uploads;

namespace {

// Small caps so the limit paths are reached by small inputs.
ReaderLimits fuzzLimits() {
    ReaderLimits limits;
    limits.maxRows = 5'000;
    limits.maxColumns = 40;
    limits.maxCellBytes = 2'000;
    return limits;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    // A record ends at a line break, whatever the encoding spells it with: every row number needs
    // one more CR or LF byte in the input than the previous one.
    std::size_t breaks = 0;
    for (char c : bytes)
        if (c == '\n' || c == '\r') ++breaks;
    const ReaderLimits limits = fuzzLimits();
    std::istringstream in(bytes);
    try {
        CsvReader reader(in, limits);
        FUZZ_CHECK(reader.delimiter() == ',' || reader.delimiter() == ';' || reader.delimiter() == '\t');
        Row row;
        std::size_t previous = 0;
        std::size_t rows = 0;
        while (reader.next(row)) {
            ++rows;
            FUZZ_CHECK(row.number > previous);
            FUZZ_CHECK(row.number <= breaks + 1);
            FUZZ_CHECK(row.number <= limits.maxRows);
            FUZZ_CHECK(!row.cells.empty() && !row.cells.back().empty());
            FUZZ_CHECK(row.cells.size() <= limits.maxColumns);
            for (const std::string& cell : row.cells) {
                FUZZ_CHECK(cell.size() <= limits.maxCellBytes);
                FUZZ_CHECK(campaigns::fuzz::isUtf8(cell)); // whatever the file's encoding was
            }
            previous = row.number;
            FUZZ_CHECK(reader.bytesRead() <= reader.bytesTotal());
        }
        FUZZ_CHECK(rows <= breaks + 1);
        FUZZ_CHECK(reader.bytesTotal() == size);
    } catch (const FileRejected& rejected) {
        FUZZ_CHECK(!rejected.code.empty());
        FUZZ_CHECK(rejected.what()[0] != '\0');
    }
    return 0;
}
