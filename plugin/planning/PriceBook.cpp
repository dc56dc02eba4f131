#include "planning/PriceBook.h"

#include <Poco/File.h>

#include <fstream>

namespace campaigns::planning {

PriceBook::PriceBook(std::string path, Poco::Logger& log) : path_(std::move(path)), log_(log) { reload(); }

void PriceBook::refreshIfChanged() {
    Poco::Timestamp modified;
    try {
        modified = Poco::File(path_).getLastModified();
    } catch (const Poco::Exception& e) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (readModified_ || lastErrors_.empty())
            log_.error("campaigns: price table %s cannot be read: %s", path_, e.displayText());
        lastErrors_ = {"No se puede leer el archivo de precios " + path_ + "."};
        readModified_.reset();
        return;
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (readModified_ && *readModified_ == modified) return;
    }
    reload();
}

std::vector<std::string> PriceBook::reload() {
    std::optional<Poco::Timestamp> modified;
    try {
        modified = Poco::File(path_).getLastModified();
    } catch (const Poco::Exception&) {
        // Reported below as a file that cannot be opened.
    }
    std::ifstream in(path_);
    PriceTableParse parsed;
    if (!in)
        parsed.errors = {"No se puede leer el archivo de precios " + path_ + "."};
    else
        parsed = parsePriceTable(in);
    std::lock_guard<std::mutex> lock(mutex_);
    readModified_ = modified;
    lastErrors_ = parsed.errors;
    if (parsed.table) {
        table_ = std::move(parsed.table);
        log_.information("campaigns: price table %s loaded (%z countries, %s)", path_, table_->byCallingCode.size(),
                         table_->date);
    } else {
        for (const auto& e : parsed.errors) log_.error("campaigns: price table %s not loaded: %s", path_, e);
    }
    return lastErrors_;
}

std::optional<PriceTable> PriceBook::table() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return table_;
}

std::vector<std::string> PriceBook::lastErrors() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return lastErrors_;
}

} // namespace campaigns::planning
