#pragma once
// The common shape of an uploaded spreadsheet as the validator sees it: one row at a time, so a
// million-row file never sits in memory.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace campaigns::uploads {

struct Row {
    // 1-based row number as the user sees it in their spreadsheet program (header = row 1).
    std::size_t number = 0;
    // Cell texts in column order, UTF-8. Missing cells are empty strings; trailing empty cells may
    // be omitted. Numbers are their exact decimal text (a phone stored as a number keeps all digits).
    std::vector<std::string> cells;
};

// Thrown when a file cannot be read at all (not a spreadsheet, truncated, hostile). The message is
// Spanish and meant for the user; `code` is stable for the API ("file_truncated", "zip_bomb", ...).
struct FileRejected : std::runtime_error {
    std::string code;
    FileRejected(std::string code_, const std::string& spanishMessage)
        : std::runtime_error(spanishMessage), code(std::move(code_)) {}
};

class RowReader {
public:
    virtual ~RowReader() = default;
    // Fills `row` with the next non-empty row and returns true, or returns false at the end.
    // Blank rows in the middle are skipped (their numbers are never reported); trailing blank rows
    // are ignored. Throws FileRejected.
    virtual bool next(Row& row) = 0;
    // Bytes of the input consumed so far and the input's total size, for progress bars.
    virtual std::size_t bytesRead() const = 0;
    virtual std::size_t bytesTotal() const = 0;
};

} // namespace campaigns::uploads
