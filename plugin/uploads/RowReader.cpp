#include "uploads/RowReader.h"

#include "uploads/CsvReader.h"
#include "uploads/XlsxReader.h"
#include "web/ErrorCodes.h"

#include <cstring>
#include <fstream>

namespace campaigns::uploads {
namespace {

bool startsWith(const unsigned char* head, std::size_t length, const char* magic, std::size_t magicLength) {
    return length >= magicLength && std::memcmp(head, magic, magicLength) == 0;
}

std::string quoted(const std::string& name) { return name.empty() ? "El archivo" : "El archivo «" + name + "»"; }

} // namespace

std::unique_ptr<RowReader> openRowReader(const std::string& path, const std::string& originalFileName,
                                         const ReaderLimits& limits) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw std::runtime_error("No se puede abrir el archivo subido.");
    unsigned char head[8] = {};
    file.read(reinterpret_cast<char*>(head), sizeof head);
    const auto length = static_cast<std::size_t>(file.gcount());
    file.close();

    if (length == 0) throw FileRejected(web::codes::kEmptyFile, quoted(originalFileName) + " está vacío.");
    if (startsWith(head, length, "PK\x03\x04", 4)) return std::make_unique<XlsxReader>(path, limits);
    if (startsWith(head, length, "PK\x05\x06", 4))
        throw FileRejected(web::codes::kNotXlsx, quoted(originalFileName) + " es un zip vacío, no un Excel (.xlsx).");
    // OLE2 compound file: Excel 97-2003 (.xls), or an .xlsx protected with a password.
    if (startsWith(head, length, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
        throw FileRejected(web::codes::kXlsNotSupported, quoted(originalFileName) +
                                                             " es un Excel antiguo (.xls) o un Excel protegido con "
                                                             "contraseña. Ábralo en Excel y use «Guardar como» .xlsx (sin "
                                                             "contraseña) o .csv, y vuelva a subirlo.");
    }
    const char* kind = nullptr;
    if (startsWith(head, length, "\x89PNG", 4))
        kind = "una imagen PNG";
    else if (startsWith(head, length, "\xFF\xD8\xFF", 3))
        kind = "una imagen JPEG";
    else if (startsWith(head, length, "GIF8", 4))
        kind = "una imagen GIF";
    else if (startsWith(head, length, "%PDF", 4))
        kind = "un PDF";
    else if (startsWith(head, length, "\x1F\x8B", 2))
        kind = "un archivo comprimido (gzip)";
    else if (startsWith(head, length, "Rar!", 4) || startsWith(head, length, "7z\xBC\xAF", 4))
        kind = "un archivo comprimido";
    if (kind) {
        throw FileRejected(web::codes::kNotSpreadsheet,
                           quoted(originalFileName) + " es " + kind + ", no una planilla. Suba un archivo .xlsx o .csv.");
    }
    return std::make_unique<CsvReader>(path, limits);
}

} // namespace campaigns::uploads
