#include "exports/ResultsExport.h"

#include <ostream>
#include <stdexcept>

namespace campaigns::exports {
namespace {

void appendField(std::string& out, const std::string& field) {
    // RFC 4180: quote a field holding the delimiter, a quote or a line break; double its quotes.
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
        out += field;
        return;
    }
    out += '"';
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void appendRecord(std::string& out, const std::vector<ResultCell>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) out += ',';
        // Numbers are our own ids and codes (a negative error code is still a number); text comes
        // from files and webhooks and may be hostile.
        appendField(out, cells[i].number ? cells[i].text : neutralised(cells[i].text));
    }
    out += "\r\n";
}

void flush(std::ostream& out, std::string& buffer) {
    out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    out.flush();
    if (!out) throw std::runtime_error("No se pudo escribir el archivo de resultados (conexión cerrada)");
    buffer.clear();
}

} // namespace

std::size_t writeResultsCsv(ResultsPager& pager, const std::vector<std::string>& parameterColumns, std::ostream& out) {
    std::string buffer = "\xEF\xBB\xBF"; // without the BOM Excel reads UTF-8 as Windows-1252
    std::vector<ResultCell> cells;
    for (const auto& h : resultsHeader(parameterColumns)) cells.push_back({h, false});
    appendRecord(buffer, cells);
    std::size_t written = 0;
    std::vector<ResultEntry> page;
    while (pager.next(page)) {
        for (const auto& entry : page) {
            resultCells(pager.campaignId(), entry, parameterColumns.size(), cells);
            appendRecord(buffer, cells);
        }
        written += page.size();
        flush(out, buffer);
    }
    flush(out, buffer);
    return written;
}

} // namespace campaigns::exports
