#include "uploads/CsvReader.h"

#include "web/ErrorCodes.h"

#include <cstring>
#include <fstream>

namespace campaigns::uploads {
namespace {

constexpr std::size_t kRawChunk = 64 * 1024;
constexpr std::size_t kMaxHeaderScan = 1 << 20;

// True when `text` holds a complete first record (a line break outside quotes).
bool hasCompleteFirstRecord(const std::string& text) {
    bool quoted = false;
    for (char c : text) {
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            return true;
    }
    return false;
}

} // namespace

CsvReader::CsvReader(const std::string& path, const ReaderLimits& limits) : limits_(limits) {
    auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*file) throw std::runtime_error("No se puede abrir el archivo subido.");
    owned_ = std::move(file);
    in_ = owned_.get();
    start();
}

CsvReader::CsvReader(std::istream& in, const ReaderLimits& limits) : limits_(limits), in_(&in) { start(); }

void CsvReader::start() {
    in_->clear();
    in_->seekg(0, std::ios::end);
    rawTotal_ = static_cast<std::uint64_t>(in_->tellg());
    const DetectedEncoding detected = detectTextEncoding(*in_);
    encoding_ = detected.encoding;
    rawConsumed_ = detected.bomLength;
    decoder_ = std::make_unique<TextDecoder>(encoding_);
    raw_.resize(kRawChunk);
    detectDelimiter();
}

bool CsvReader::refill() {
    if (rawDone_) return false;
    text_.erase(0, pos_);
    pos_ = 0;
    in_->read(raw_.data(), static_cast<std::streamsize>(raw_.size()));
    const std::size_t n = static_cast<std::size_t>(in_->gcount());
    rawConsumed_ += n;
    if (n == 0) {
        rawDone_ = true;
        decoder_->finish();
        return false;
    }
    decoder_->decode(raw_.data(), n, text_);
    return true;
}

void CsvReader::detectDelimiter() {
    while (!hasCompleteFirstRecord(text_) && text_.size() < kMaxHeaderScan && refill()) {}
    // Count candidates outside quotes in the first record only: data rows may hold commas in
    // names or amounts, the header of a template's format does not.
    std::size_t commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    for (char c : text_) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n' || c == '\r') break;
        if (c == ',')
            ++commas;
        else if (c == ';')
            ++semicolons;
        else if (c == '\t')
            ++tabs;
    }
    // Ties go to TAB, then ';' (Excel's choice in Spanish locales), then ','.
    delimiter_ = ',';
    std::size_t best = commas;
    if (semicolons > 0 && semicolons >= best) delimiter_ = ';', best = semicolons;
    if (tabs > 0 && tabs >= best) delimiter_ = '\t';
}

void CsvReader::appendToField(const char* data, std::size_t length) {
    if (field_.size() + length > limits_.maxCellBytes) {
        throw FileRejected(web::codes::kCellTooLarge,
                           "La celda " + spreadsheetColumnName(fieldIndex_) + std::to_string(recordNumber_) + " tiene más de " +
                               std::to_string(limits_.maxCellBytes) + " bytes de texto (¿faltan unas comillas de cierre?).");
    }
    field_.append(data, length);
}

void CsvReader::endField(std::vector<std::string>& cells) {
    if (fieldIndex_ < limits_.maxColumns) {
        cells.emplace_back(std::move(field_));
    } else if (!field_.empty()) {
        throw FileRejected(web::codes::kTooManyColumns,
                           "La fila " + std::to_string(recordNumber_) + " tiene datos en la columna " +
                               spreadsheetColumnName(fieldIndex_) + " (n.º " + std::to_string(fieldIndex_ + 1) +
                               "); el máximo admitido es " + std::to_string(limits_.maxColumns) +
                               " columnas. Borre las columnas sobrantes y vuelva a subir el archivo.");
    }
    field_.clear();
    ++fieldIndex_;
}

// Long: one state machine over the characters of a record (RFC 4180), clearer whole than split.
bool CsvReader::parseRecord(std::vector<std::string>& cells) {
    enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted };
    cells.clear();
    field_.clear();
    fieldIndex_ = 0;
    State state = State::FieldStart;
    bool sawAnything = false;
    const std::size_t startRecord = recordNumber_ + 1;
    recordNumber_ = startRecord;
    const char delimiter = delimiter_;
    for (;;) {
        if (pos_ == text_.size() && !refill()) {
            if (state == State::Quoted) {
                throw FileRejected(web::codes::kCsvUnterminatedQuote,
                                   "Las comillas abiertas en la fila " + std::to_string(startRecord) + " (columna " +
                                       spreadsheetColumnName(fieldIndex_) +
                                       ") no se cierran nunca. Revise esa celda y vuelva a subir el archivo.");
            }
            if (!sawAnything) {
                --recordNumber_;
                return false;
            }
            endField(cells);
            return true;
        }
        if (skipLineFeed_) {
            skipLineFeed_ = false;
            if (text_[pos_] == '\n') {
                ++pos_;
                continue;
            }
        }
        sawAnything = true;
        if (state == State::Unquoted || state == State::Quoted) {
            // Copy the run of ordinary bytes in one go: this loop is the CSV reader's hot path.
            const std::size_t begin = pos_;
            const char* p = text_.data();
            const std::size_t end = text_.size();
            std::size_t i = begin;
            if (state == State::Unquoted) {
                while (i < end && p[i] != delimiter && p[i] != '\n' && p[i] != '\r') ++i;
            } else {
                while (i < end && p[i] != '"') ++i;
            }
            if (i > begin) appendToField(p + begin, i - begin);
            pos_ = i;
            if (pos_ == end) continue;
        }
        const char c = text_[pos_++];
        switch (state) {
            case State::FieldStart:
                if (c == '"') {
                    state = State::Quoted;
                    break;
                }
                state = State::Unquoted;
                [[fallthrough]];
            case State::Unquoted:
            case State::QuoteInQuoted:
                if (c == delimiter) {
                    endField(cells);
                    state = State::FieldStart;
                } else if (c == '\n' || c == '\r') {
                    skipLineFeed_ = c == '\r';
                    endField(cells);
                    return true;
                } else if (c == '"' && state == State::QuoteInQuoted) {
                    appendToField("\"", 1); // "" inside quotes is one quote
                    state = State::Quoted;
                } else {
                    // Text after a closing quote, or a quote inside an unquoted field: kept as
                    // written, as Excel does, rather than refusing the file.
                    appendToField(&c, 1);
                    state = State::Unquoted;
                }
                break;
            case State::Quoted:
                state = State::QuoteInQuoted; // c is the quote the run stopped at
                break;
        }
    }
}

bool CsvReader::next(Row& row) {
    while (parseRecord(row.cells)) {
        std::size_t last = row.cells.size();
        while (last > 0 && row.cells[last - 1].empty()) --last;
        if (last == 0) continue; // blank line, or only delimiters
        row.cells.resize(last);
        row.number = recordNumber_;
        if (row.number > limits_.maxRows) {
            throw FileRejected(web::codes::kTooManyRows, "El archivo tiene datos en la fila " + std::to_string(row.number) +
                                                             "; el máximo es " + std::to_string(limits_.maxRows) + " filas.");
        }
        return true;
    }
    return false;
}

} // namespace campaigns::uploads
