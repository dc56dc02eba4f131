#include "uploads/XlsxReader.h"

#include "uploads/XlsxNumber.h"
#include "uploads/XlsxPackage.h"
#include "uploads/XlsxSharedStrings.h"
#include "uploads/XlsxXmlParser.h"
#include "uploads/ZipArchiveReader.h"
#include "uploads/ZipRejections.h"
#include "web/ErrorCodes.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace campaigns::uploads {
namespace {

constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kExcelMaxColumns = 16'384;

enum class CellType { Number, Shared, Boolean, Text };

CellType cellTypeOf(std::string_view t) {
    if (t.empty() || t == "n") return CellType::Number;
    if (t == "s") return CellType::Shared;
    if (t == "b") return CellType::Boolean;
    // "inlineStr", "str" (a formula's cached text), "e" (error such as #N/A), "d" (ISO date text).
    return CellType::Text;
}

bool parseDigits(std::string_view text, std::size_t& value) {
    if (text.empty() || text.size() > 18) return false;
    std::size_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<std::size_t>(c - '0');
    }
    value = v;
    return true;
}

// "C7" → column 2. Only the letters matter: the row comes from the enclosing <row>.
bool parseColumn(std::string_view ref, std::size_t& column) {
    std::size_t value = 0;
    std::size_t letters = 0;
    for (char c : ref) {
        if (c >= 'A' && c <= 'Z') {
            value = value * 26 + static_cast<std::size_t>(c - 'A' + 1);
        } else if (c >= 'a' && c <= 'z') {
            value = value * 26 + static_cast<std::size_t>(c - 'a' + 1);
        } else {
            break;
        }
        if (++letters > 3) return false;
    }
    if (letters == 0 || value > kExcelMaxColumns) return false;
    column = value - 1;
    return true;
}

std::string cellName(std::size_t column, std::size_t row) { return spreadsheetColumnName(column) + std::to_string(row); }

std::uint64_t fileSizeOf(const std::string& path) {
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error) throw std::runtime_error("No se puede leer el archivo subido: " + error.message());
    return size;
}

} // namespace

struct XlsxReader::State : XlsxXmlHandler {
    ReaderLimits limits;
    std::ifstream file;
    std::unique_ptr<ZipArchiveReader> archive;
    XlsxParts parts;
    XlsxSharedStrings shared;
    std::unique_ptr<ZipEntryStream> sheet;
    std::unique_ptr<XlsxXmlParser> parser;
    std::vector<char> buffer = std::vector<char>(kChunk);
    bool inputDone = false;

    // Rows completed by the parser and not yet handed out.
    std::vector<Row> ready;
    std::size_t readyHead = 0;

    // Parsing position.
    bool inSheetData = false;
    bool inRow = false;
    bool inCell = false;
    bool collecting = false;
    int phoneticDepth = 0;
    std::size_t lastRowNumber = 0;
    std::size_t nextColumn = 0;
    std::size_t column = 0;
    CellType cellType = CellType::Number;
    std::string text;
    Row building;

    void startElement(std::string_view name, const XML_Char** attributes) override {
        if (!inSheetData) {
            if (name == "sheetData") inSheetData = true;
            return;
        }
        if (name == "c") {
            if (!inRow) return;
            const std::string_view ref = xmlAttribute(attributes, "r");
            if (ref.empty()) {
                column = nextColumn;
            } else if (!parseColumn(ref, column)) {
                throw zipRejections::corrupt("referencia de celda inválida «" + std::string(ref.substr(0, 16)) + "»");
            }
            cellType = cellTypeOf(xmlAttribute(attributes, "t"));
            inCell = true;
            text.clear();
        } else if (name == "v" || name == "t") {
            collecting = inCell && phoneticDepth == 0;
        } else if (name == "rPh") {
            ++phoneticDepth;
        } else if (name == "row") {
            std::size_t number = lastRowNumber + 1;
            const std::string_view ref = xmlAttribute(attributes, "r");
            if (!ref.empty() && (!parseDigits(ref, number) || number == 0))
                throw zipRejections::corrupt("número de fila inválido «" + std::string(ref.substr(0, 16)) + "»");
            inRow = true;
            lastRowNumber = number;
            nextColumn = 0;
            building.number = number;
            building.cells.clear();
        }
    }

    void endElement(std::string_view name) override {
        if (!inSheetData) return;
        if (name == "v" || name == "t") {
            collecting = false;
        } else if (name == "rPh") {
            if (phoneticDepth > 0) --phoneticDepth;
        } else if (name == "c") {
            if (inCell) finishCell();
        } else if (name == "row") {
            inRow = false;
            if (!building.cells.empty()) {
                if (building.number > limits.maxRows) {
                    throw FileRejected(web::codes::kTooManyRows, "El archivo tiene datos en la fila " +
                                                                     std::to_string(building.number) + "; el máximo es " +
                                                                     std::to_string(limits.maxRows) + " filas.");
                }
                ready.push_back(std::move(building));
                building = Row{};
            }
        } else if (name == "sheetData") {
            // Nothing after the cells matters (merges, filters, drawings): stop inflating here.
            inSheetData = false;
            parser->stop();
        }
    }

    void characters(const char* data, std::size_t length) override {
        if (!collecting) return;
        if (text.size() + length > limits.maxCellBytes) {
            throw FileRejected(web::codes::kCellTooLarge, "La celda " + cellName(column, lastRowNumber) + " tiene más de " +
                                                              std::to_string(limits.maxCellBytes) +
                                                              " bytes de texto, más de lo que Excel admite en una celda.");
        }
        text.append(data, length);
    }

    void finishCell() {
        inCell = false;
        collecting = false;
        nextColumn = column + 1;
        if (text.empty()) return;
        if (column >= limits.maxColumns) {
            throw FileRejected(web::codes::kTooManyColumns,
                               "La fila " + std::to_string(lastRowNumber) + " tiene datos en la columna " +
                                   spreadsheetColumnName(column) + " (n.º " + std::to_string(column + 1) +
                                   "); el máximo admitido es " + std::to_string(limits.maxColumns) +
                                   " columnas. Borre las columnas sobrantes y vuelva a subir el archivo.");
        }
        if (building.cells.size() <= column) building.cells.resize(column + 1);
        std::string& cell = building.cells[column];
        switch (cellType) {
            case CellType::Number:
                normalizeXlsxNumber(text, cell);
                break;
            case CellType::Shared: {
                std::size_t index = 0;
                if (!parseDigits(text, index) || index >= shared.size())
                    throw zipRejections::corrupt("la celda " + cellName(column, lastRowNumber) +
                                                 " apunta a un texto compartido que no existe");
                cell.assign(shared.at(index));
                break;
            }
            case CellType::Boolean:
                cell.assign(1, (text == "1" || text == "true") ? '1' : '0');
                break;
            case CellType::Text:
                cell.swap(text);
                break;
        }
        // A shared string can be empty: the cell is then as blank as a missing one.
        if (cell.empty()) {
            std::size_t last = building.cells.size();
            while (last > 0 && building.cells[last - 1].empty()) --last;
            building.cells.resize(last);
        }
    }

    // Feeds the parser until at least one row is ready or the sheet is over.
    bool fill() {
        while (readyHead == ready.size()) {
            ready.clear();
            readyHead = 0;
            if (inputDone || parser->stopped()) return false;
            const std::size_t n = sheet->read(buffer.data(), buffer.size());
            if (n == 0) {
                inputDone = true;
                parser->feed(nullptr, 0, true);
            } else {
                parser->feed(buffer.data(), n, false);
            }
        }
        return true;
    }
};

XlsxReader::XlsxReader(const std::string& path, const ReaderLimits& limits) : state_(std::make_unique<State>()) {
    State& s = *state_;
    s.limits = limits;
    const std::uint64_t size = fileSizeOf(path);
    s.file.open(path, std::ios::binary);
    if (!s.file) throw std::runtime_error("No se puede abrir el archivo subido.");
    open(s.file, size);
}

XlsxReader::XlsxReader(std::istream& in, std::uint64_t size, const ReaderLimits& limits) : state_(std::make_unique<State>()) {
    state_->limits = limits;
    open(in, size);
}

void XlsxReader::open(std::istream& in, std::uint64_t size) {
    State& s = *state_;
    const ReaderLimits& limits = s.limits;
    s.archive = std::make_unique<ZipArchiveReader>(in, size, limits);
    s.parts = locateXlsxParts(*s.archive);
    if (s.parts.sharedStrings) s.shared.load(*s.archive, *s.parts.sharedStrings, limits);
    s.sheet = std::make_unique<ZipEntryStream>(*s.archive, *s.parts.sheet, limits.maxSheetBytes);
    // Any single tag may be as long as a cell plus its markup; more without an event is hostile.
    s.parser = std::make_unique<XlsxXmlParser>(s, limits.maxCellBytes + (1u << 20));
}

XlsxReader::~XlsxReader() = default;

bool XlsxReader::next(Row& row) {
    State& s = *state_;
    if (!s.fill()) return false;
    row = std::move(s.ready[s.readyHead++]);
    return true;
}

std::uint64_t XlsxReader::bytesRead() const { return state_->sheet->compressedConsumed(); }
std::uint64_t XlsxReader::bytesTotal() const { return state_->sheet->compressedSize(); }
const std::string& XlsxReader::sheetName() const { return state_->parts.sheetName; }

} // namespace campaigns::uploads
