#pragma once
// A RowReader over rows held in memory, numbering them 1, 2, 3… like a spreadsheet without
// blank rows, so validator tests need no file format.
#include "uploads/RowReader.h"

#include <cstdint>
#include <string>
#include <vector>

namespace campaigns::validation::test {

class InMemoryRowReader : public uploads::RowReader {
public:
    explicit InMemoryRowReader(std::vector<std::vector<std::string>> rows) : rows_(std::move(rows)) {}

    bool next(uploads::Row& row) override {
        if (position_ == rows_.size()) return false;
        row.number = position_ + 1;
        row.cells = rows_[position_++];
        return true;
    }
    std::uint64_t bytesRead() const override { return position_; }
    std::uint64_t bytesTotal() const override { return rows_.size(); }

private:
    std::vector<std::vector<std::string>> rows_;
    std::size_t position_ = 0;
};

// Generates `count` data rows on the fly (phone + one parameter) for volume tests.
class GeneratedRowReader : public uploads::RowReader {
public:
    GeneratedRowReader(std::size_t count, std::uint64_t firstPhone) : count_(count), firstPhone_(firstPhone) {}

    bool next(uploads::Row& row) override {
        if (produced_ > count_) return false;
        row.number = produced_ + 1;
        if (produced_ == 0) {
            row.cells = {"telefono", "nombre"};
        } else {
            row.cells.resize(2);
            row.cells[0] = std::to_string(firstPhone_ + produced_);
            row.cells[1] = "Ana";
        }
        ++produced_;
        return true;
    }
    std::uint64_t bytesRead() const override { return produced_; }
    std::uint64_t bytesTotal() const override { return count_ + 1; }

private:
    std::size_t count_;
    std::uint64_t firstPhone_;
    std::size_t produced_ = 0;
};

} // namespace campaigns::validation::test
