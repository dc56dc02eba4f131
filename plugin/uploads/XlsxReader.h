#pragma once
// Streaming reader for the first worksheet of an .xlsx file.
//
// Debian ships no complete xlsx reader library (orcus drops inline strings and needs ~450 MB for a
// million rows; Poco has no spreadsheet support), so this one is built from a zip layer over zlib
// (ZipArchiveReader) and expat. The worksheet is inflated and parsed in 64 KB pieces and rows are
// handed out as they complete, so memory holds the shared strings plus a few hundred rows, never
// the sheet.
#include "uploads/RowReader.h"

#include <cstdint>
#include <istream>
#include <memory>
#include <string>

namespace campaigns::uploads {

class XlsxReader : public RowReader {
public:
    // Opens the file, checks the zip, finds the first sheet and loads the shared strings. Throws
    // FileRejected.
    explicit XlsxReader(const std::string& path, const ReaderLimits& limits = {});
    // The same over bytes already open (the fuzz targets read from memory): `in` must be seekable,
    // hold `size` bytes and outlive the reader.
    XlsxReader(std::istream& in, std::uint64_t size, const ReaderLimits& limits = {});
    ~XlsxReader() override;

    bool next(Row& row) override;
    std::uint64_t bytesRead() const override;
    std::uint64_t bytesTotal() const override;

    const std::string& sheetName() const;

    struct State; // the parsing machinery, kept out of this header

private:
    void open(std::istream& in, std::uint64_t size);

    std::unique_ptr<State> state_;
};

} // namespace campaigns::uploads
