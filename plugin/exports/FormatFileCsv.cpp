#include "exports/FormatFile.h"

#include <fstream>
#include <ostream>
#include <stdexcept>

namespace campaigns::exports {
namespace {

void writeField(std::ostream& out, const std::string& field) {
    // RFC 4180: quote a field holding the delimiter, a quote or a line break; double its quotes.
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
        out << field;
        return;
    }
    out << '"';
    for (char c : field) {
        if (c == '"') out << '"';
        out << c;
    }
    out << '"';
}

void writeRecord(std::ostream& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) out << ',';
        writeField(out, fields[i]);
    }
    out << "\r\n";
}

} // namespace

void writeFormatCsv(const FormatTemplate& format, std::ostream& out) {
    out << "\xEF\xBB\xBF"; // without the BOM Excel reads UTF-8 as Windows-1252 and mangles accents
    std::vector<std::string> header{kPhoneHeader};
    std::vector<std::string> example{kExamplePhone};
    for (std::size_t i = 0; i < format.parameters.size(); ++i) {
        header.push_back(format.parameters[i].column);
        example.push_back(exampleValue(format, i));
    }
    writeRecord(out, header);
    writeRecord(out, example);
    if (!out) throw std::runtime_error("No se pudo escribir el formato CSV.");
}

void writeFormatCsv(const FormatTemplate& format, const std::string& path) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) throw std::runtime_error("No se pudo crear el archivo " + path);
    writeFormatCsv(format, file);
    file.close();
    if (!file) throw std::runtime_error("No se pudo escribir el archivo " + path);
}

} // namespace campaigns::exports
