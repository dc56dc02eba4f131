#pragma once
// Streaming CSV reader: RFC 4180 quoting (doubled quotes, line breaks inside quotes), the
// delimiter (, ; or TAB) detected from the header line, and the text encoding detected up front
// (see TextDecoding.h). Only a 64 KB window of the file is held at a time.
#include "uploads/RowReader.h"
#include "uploads/TextDecoding.h"

#include <istream>
#include <memory>
#include <string>
#include <vector>

namespace campaigns::uploads {

class CsvReader : public RowReader {
public:
    // Throws FileRejected (binary content, invalid encoding) or std::runtime_error (cannot open).
    explicit CsvReader(const std::string& path, const ReaderLimits& limits = {});
    // `in` must be seekable (the encoding scan reads it once before parsing) and outlive the reader.
    CsvReader(std::istream& in, const ReaderLimits& limits = {});

    bool next(Row& row) override;
    std::uint64_t bytesRead() const override { return rawConsumed_; }
    std::uint64_t bytesTotal() const override { return rawTotal_; }

    char delimiter() const { return delimiter_; }
    TextEncoding encoding() const { return encoding_; }

private:
    void start();
    bool refill();
    void detectDelimiter();
    bool parseRecord(std::vector<std::string>& cells);
    void endField(std::vector<std::string>& cells);
    void appendToField(const char* data, std::size_t length);

    ReaderLimits limits_;
    std::unique_ptr<std::istream> owned_;
    std::istream* in_ = nullptr;
    TextEncoding encoding_ = TextEncoding::Utf8;
    std::unique_ptr<TextDecoder> decoder_;
    char delimiter_ = ',';
    std::uint64_t rawTotal_ = 0;
    std::uint64_t rawConsumed_ = 0;
    bool rawDone_ = false;
    std::vector<char> raw_;
    std::string text_;    // decoded UTF-8 window
    std::size_t pos_ = 0; // next unread byte of text_
    std::string field_;
    std::size_t fieldIndex_ = 0; // 0-based column of the field being read
    std::size_t recordNumber_ = 0;
    bool skipLineFeed_ = false; // the previous record ended with '\r'
};

} // namespace campaigns::uploads
