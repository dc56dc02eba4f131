#pragma once
// The invariants every row an xlsx reader hands out must keep, shared by the two xlsx fuzz targets.
#include "FuzzCheck.h"
#include "uploads/XlsxReader.h"

#include <string>

namespace campaigns::fuzz {

// Small caps so the limit paths are reached by small inputs.
inline uploads::ReaderLimits xlsxFuzzLimits() {
    uploads::ReaderLimits limits;
    limits.maxRows = 5'000;
    limits.maxColumns = 40;
    limits.maxCellBytes = 2'000;
    limits.maxSheetBytes = 4u << 20;
    limits.maxSharedStringsBytes = 4u << 20;
    limits.maxSmallPartBytes = 1u << 20;
    limits.ratioGraceBytes = 64u << 10;
    limits.maxZipEntries = 100;
    return limits;
}

// Reads every row; returns how many there were.
inline std::size_t drainXlsxRows(uploads::XlsxReader& reader, const uploads::ReaderLimits& limits) {
    uploads::Row row;
    std::size_t rows = 0;
    while (reader.next(row)) {
        ++rows;
        FUZZ_CHECK(row.number >= 1 && row.number <= limits.maxRows);
        FUZZ_CHECK(!row.cells.empty() && !row.cells.back().empty());
        FUZZ_CHECK(row.cells.size() <= limits.maxColumns);
        for (const std::string& cell : row.cells) {
            // A number's text may grow a little ("1E+15" → 16 digits); a cell never grows past the cap.
            FUZZ_CHECK(cell.size() <= limits.maxCellBytes + 32);
            FUZZ_CHECK(isUtf8(cell));
        }
        FUZZ_CHECK(reader.bytesRead() <= reader.bytesTotal());
    }
    return rows;
}

} // namespace campaigns::fuzz
