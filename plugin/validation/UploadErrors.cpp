#include "validation/UploadErrors.h"

#include <stdexcept>

namespace campaigns::validation {
namespace {

struct CodeText {
    std::string_view name;
    std::string_view label;
};

constexpr std::array<CodeText, kUploadErrorCodeCount> kCodes{{
    {"mas_de_un_archivo", "Más de un archivo"},
    {"archivo_vacio", "Archivo vacío"},
    {"solo_encabezado", "Archivo sin contactos"},
    {"demasiadas_filas", "Demasiadas filas"},
    {"encabezado_telefono", "Columna de teléfono"},
    {"encabezado_repetido", "Encabezados repetidos"},
    {"columna_parametro_faltante", "Columnas de parámetros faltantes"},
    {"columnas_de_mas", "Columnas de más"},
    {"telefono_faltante", "Teléfonos faltantes"},
    {"telefono_invalido", "Teléfonos no válidos"},
    {"telefono_notacion_cientifica", "Teléfonos en notación científica"},
    {"telefono_duplicado", "Teléfonos repetidos"},
    {"parametro_faltante", "Parámetros faltantes"},
    {"parametro_invalido", "Parámetros no válidos"},
    {"metadato_invalido", "Valores de metadatos no válidos"},
    {"metadato_no_permitido", "Metadatos no permitidos"},
    {"metadato_desconocido", "Metadatos inexistentes"},
    {"metadato_repetido", "Metadatos vinculados dos veces"},
    {"columna_no_vinculable", "Columnas no vinculables"},
    {"telefono_suprimido", "Números en la lista de exclusión"},
}};

const CodeText& textOf(UploadErrorCode code) {
    auto index = static_cast<std::size_t>(code);
    if (index >= kCodes.size()) throw std::out_of_range("unknown UploadErrorCode");
    return kCodes[index];
}

std::string join(std::initializer_list<std::string_view> parts) {
    std::size_t size = 0;
    for (auto p : parts) size += p.size();
    std::string out;
    out.reserve(size);
    for (auto p : parts) out.append(p);
    return out;
}

} // namespace

std::string_view errorCodeName(UploadErrorCode code) { return textOf(code).name; }
std::string_view errorCodeLabel(UploadErrorCode code) { return textOf(code).label; }

namespace messages {

std::string moreThanOneFile() { return "Selecciona un solo archivo."; }

std::string emptyFile() { return "El archivo está vacío: no tiene encabezado ni contactos."; }

std::string headerOnly() { return "El archivo solo tiene el encabezado: agrega al menos un contacto desde la fila 2."; }

std::string tooManyRows(std::size_t maxRows) {
    return join({"El archivo tiene más de ", std::to_string(maxRows), " filas, el máximo que admite una campaña."});
}

std::string phoneHeader(std::string_view letter, std::string_view found) {
    return join({"La columna ", letter,
                 " debe ser la del teléfono, con el encabezado «telefono», "
                 "pero su encabezado es «",
                 quoteCell(found), "»."});
}

std::string repeatedHeader(std::string_view letter, std::string_view header, std::string_view firstLetter) {
    return join({"La columna ", letter, " repite el encabezado «", quoteCell(header), "» de la columna ", firstLetter, "."});
}

std::string missingParameterColumn(std::string_view parameter) {
    return join({"Falta la columna del parámetro «", parameter, "» de la plantilla: agrégala con ese encabezado."});
}

std::string tooManyColumns(std::string_view letter, std::string_view header, std::size_t maxColumns, std::size_t parameters,
                           std::size_t maxExtra) {
    return join({"La columna ", letter, " («", quoteCell(header), "») está de más: el archivo admite hasta ",
                 std::to_string(maxColumns), " columnas (telefono, ", std::to_string(parameters),
                 parameters == 1 ? " parámetro" : " parámetros", " y hasta ", std::to_string(maxExtra),
                 " columnas extra para metadatos)."});
}

std::string invalidPhone(std::string_view cell, std::string_view reason) {
    return join({"El teléfono «", quoteCell(cell), "» no es válido: ", reason, "."});
}

std::string scientificPhone(std::string_view cell) {
    return invalidPhone(cell,
                        "está en notación científica y sus dígitos se perdieron; da formato de "
                        "texto a la columna y escribe el número completo");
}

std::string missingPhone() { return "Falta el teléfono."; }

std::string duplicatePhone(std::string_view e164, std::size_t firstRow) {
    return join({"El teléfono ", e164, " está repetido (ya aparece en la fila ", std::to_string(firstRow), ")."});
}

std::string missingParameter(std::string_view parameter) { return join({"Falta el valor del parámetro «", parameter, "»."}); }

std::string invalidParameter(std::string_view parameter, std::string_view reason) {
    return join({"El parámetro «", parameter, "» no es válido: ", reason, "."});
}

std::string invalidMetadataValue(std::string_view metadataName, std::string_view typeLabel, std::string_view value,
                                 std::string_view reason) {
    return join({"El valor «", quoteCell(value), "» no es válido para el metadato «", metadataName, "» (", typeLabel,
                 "): ", reason, "."});
}

std::string valueInColumnBeyondLimit(std::size_t maxColumns) {
    return join({"Hay un valor en una columna de más: el archivo admite hasta ", std::to_string(maxColumns), " columnas."});
}

std::string metadataNotAllowed(std::string_view letter, std::string_view header, std::string_view metadataName,
                               std::string_view reason) {
    return join({"La columna ", letter, " («", quoteCell(header), "») no se puede vincular al metadato «", metadataName,
                 "»: ", reason, "."});
}

std::string metadataUnknown(std::string_view letter, std::string_view header, long long metadataId) {
    return join({"La columna ", letter, " («", quoteCell(header), "») apunta al metadato ", std::to_string(metadataId),
                 ", que no existe."});
}

std::string metadataLinkedTwice(std::string_view metadataName, std::string_view firstLetter, std::string_view secondLetter) {
    return join({"El metadato «", metadataName, "» está vinculado a dos columnas (", firstLetter, " y ", secondLetter,
                 "); vincúlalo a una sola."});
}

std::string columnNotLinkable(std::string_view letter) {
    return join({"La columna ", letter, " no es una columna extra del archivo, no se puede vincular a un metadato."});
}

std::string atCell(std::size_t row, std::string_view letter, std::string_view text) {
    std::string out = join({"Fila ", std::to_string(row), ", columna ", letter, ": "});
    std::size_t start = out.size();
    out.append(text);
    // Every catalogue sentence starts with an ASCII capital, so lower-casing one byte is safe.
    if (start < out.size() && out[start] >= 'A' && out[start] <= 'Z') out[start] = static_cast<char>(out[start] - 'A' + 'a');
    return out;
}

std::string quoteCell(std::string_view cell) {
    constexpr std::size_t kMaxChars = 40;
    std::size_t chars = 0;
    std::size_t i = 0;
    for (; i < cell.size(); ++i) {
        if ((static_cast<unsigned char>(cell[i]) & 0xC0) != 0x80) {
            if (chars == kMaxChars) break;
            ++chars;
        }
    }
    if (i == cell.size()) return std::string(cell);
    return std::string(cell.substr(0, i)) + "…";
}

} // namespace messages
} // namespace campaigns::validation
