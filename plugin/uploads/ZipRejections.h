#pragma once
// The Spanish messages for a zip container that cannot be read, shared by the zip layer and the
// xlsx reader so the user reads the same words for the same problem.
#include "uploads/RowReader.h"
#include "web/ErrorCodes.h"

#include <cstdint>
#include <string>

namespace campaigns::uploads::zipRejections {

inline FileRejected notXlsx() {
    return {web::codes::kNotXlsx,
            "El archivo no es un Excel (.xlsx) válido. Guárdelo como .xlsx o .csv y "
            "vuelva a subirlo."};
}

inline FileRejected truncated() {
    return {web::codes::kFileTruncated,
            "El archivo está incompleto: parece cortado (¿se interrumpió la "
            "descarga o la subida?). Vuelva a guardarlo y súbalo de nuevo."};
}

inline FileRejected corrupt(const std::string& detail) {
    return {web::codes::kFileCorrupt,
            "El archivo Excel está dañado (" + detail + "). Ábralo, vuelva a guardarlo como .xlsx y súbalo de nuevo."};
}

inline FileRejected unsupported(const std::string& detail) {
    return {web::codes::kXlsxUnsupported, "El archivo Excel usa una característica no soportada (" + detail +
                                              "). Guárdelo de nuevo como .xlsx normal o como .csv."};
}

inline FileRejected zipBomb() {
    return {web::codes::kZipBomb,
            "El archivo se expande de forma desproporcionada al descomprimirlo y se "
            "rechazó por seguridad. Si es una planilla legítima, guárdela como .csv."};
}

inline FileRejected tooLarge(std::uint64_t limitBytes) {
    return {web::codes::kFileTooLarge, "El contenido descomprimido del archivo supera el máximo permitido de " +
                                           std::to_string(limitBytes >> 20) + " MB. Divida la planilla en varios archivos."};
}

} // namespace campaigns::uploads::zipRejections
