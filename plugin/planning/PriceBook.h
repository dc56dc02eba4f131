#pragma once
// The price table in use, read from its file at start and again whenever the file changes (the
// plan checks its modification time), so an administrator edits prices without a restart. A file
// that does not parse never replaces the table already loaded: its errors are logged (with their
// line numbers) and kept for the plan to show, and the previous figures stay in use.
#include "planning/PriceTable.h"

#include <Poco/Logger.h>
#include <Poco/Timestamp.h>

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace campaigns::planning {

class PriceBook {
public:
    PriceBook(std::string path, Poco::Logger& log);

    // Re-reads the file when its modification time changed since the last read.
    void refreshIfChanged();
    // Reads the file now; returns its errors (empty when the new table is in use).
    std::vector<std::string> reload();

    // The table in use (nullopt when no file ever parsed) and the last read's errors.
    std::optional<PriceTable> table() const;
    std::vector<std::string> lastErrors() const;
    const std::string& path() const { return path_; }

private:
    std::string path_;
    Poco::Logger& log_;
    mutable std::mutex mutex_;
    std::optional<PriceTable> table_;
    std::vector<std::string> lastErrors_;
    std::optional<Poco::Timestamp> readModified_;
};

} // namespace campaigns::planning
