#pragma once
// The common shape of an uploaded spreadsheet as the validator sees it: one row at a time, so a
// million-row file never sits in memory.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace campaigns::uploads {

struct Row {
    // 1-based row number as the user sees it in their spreadsheet program (header = row 1). For a
    // CSV it counts records, so a quoted field with line breaks still occupies one row.
    std::size_t number = 0;
    // Cell texts in column order, UTF-8. Missing cells are empty strings; trailing empty cells are
    // omitted, so `cells.size()` is the index of the last non-empty column plus one. Numbers are
    // their exact decimal text (a phone stored as a number keeps all its digits); booleans are
    // "1"/"0"; dates are Excel serial numbers (the validator has no date columns to interpret).
    std::vector<std::string> cells;
};

// Thrown when a file cannot be read at all (not a spreadsheet, truncated, hostile). The message is
// Spanish and meant for the user; `code` is stable for the API ("file_truncated", "zip_bomb", ...).
struct FileRejected : std::runtime_error {
    std::string code;
    FileRejected(std::string code_, const std::string& spanishMessage)
        : std::runtime_error(spanishMessage), code(std::move(code_)) {}
};

// Caps that keep a hostile or absurd file from costing more than bounded time and memory. The
// defaults accept anything Excel itself can save.
struct ReaderLimits {
    std::size_t maxRows = 1'048'576; // Excel's own row limit
    std::size_t maxColumns = 200;    // far above phone + parameters + metadata
    // Excel caps a cell at 32,767 UTF-16 units; in UTF-8 that is at most 3 bytes per unit.
    std::size_t maxCellBytes = 32'767 * 3;
    std::uint64_t maxSheetBytes = 512ull << 20;         // inflated worksheet XML
    std::uint64_t maxSharedStringsBytes = 256ull << 20; // inflated sharedStrings.xml
    std::uint64_t maxSmallPartBytes = 16ull << 20;      // workbook.xml, rels
    // Deflate reaches ~1000:1 only on degenerate input; real sheets stay well under 100:1. The
    // ratio is judged only after `ratioGraceBytes`, so tiny parts with high ratios pass.
    std::uint64_t maxCompressionRatio = 200;
    std::uint64_t ratioGraceBytes = 1ull << 20;
    std::size_t maxZipEntries = 10'000;
};

// "A", "B", ... "Z", "AA": how spreadsheet programs name a 0-based column, for messages.
inline std::string spreadsheetColumnName(std::size_t zeroBasedIndex) {
    std::string name;
    for (std::size_t n = zeroBasedIndex + 1; n > 0; n = (n - 1) / 26)
        name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
    return name;
}

class RowReader {
public:
    virtual ~RowReader() = default;
    // Fills `row` with the next non-empty row and returns true, or returns false at the end.
    // Blank rows in the middle are skipped (their numbers are never reported); trailing blank rows
    // are ignored. Throws FileRejected.
    virtual bool next(Row& row) = 0;
    // Bytes of the input consumed so far and the input's total size, for progress bars. For an
    // xlsx both count the worksheet's compressed bytes, which are nearly all of the file.
    virtual std::uint64_t bytesRead() const = 0;
    virtual std::uint64_t bytesTotal() const = 0;
};

// Opens an uploaded file by what its bytes are, not by its name: zip → xlsx, old .xls and images
// or PDFs → refused with a message that says what to do, anything else → CSV. The original name
// only makes the messages clearer. Throws FileRejected.
std::unique_ptr<RowReader> openRowReader(const std::string& path, const std::string& originalFileName,
                                         const ReaderLimits& limits = {});

} // namespace campaigns::uploads
