#pragma once
// The one catalogue of upload-related error codes and Spanish texts. The validator, the metadata
// linker and the HTTP layer (e.g. "more than one file", which only the HTTP layer can see) all
// build their messages here, so the wording stays consistent and translatable in one place.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace campaigns::validation {

enum class UploadErrorCode : std::uint8_t {
    MasDeUnArchivo,           // more than one file in the request
    ArchivoVacio,             // no rows at all
    SoloEncabezado,           // header row and nothing else
    DemasiadasFilas,          // more rows than the product accepts
    EncabezadoTelefono,       // column A is not the phone column
    EncabezadoRepetido,       // two columns claim the same template parameter
    ColumnaParametroFaltante, // a template parameter has no column
    ColumnasDeMas,            // more columns than phone + parameters + allowed extras
    TelefonoFaltante,
    TelefonoInvalido,
    TelefonoNotacionCientifica, // "5.69E+10": Excel rounded the number, its digits are gone
    TelefonoDuplicado,
    ParametroFaltante,
    ParametroInvalido,
    MetadatoInvalido,    // a cell value does not fit the linked metadata's type
    MetadatoNoPermitido, // linking to a metadata the campaign may not use
    MetadatoDesconocido, // linking to a metadata id the host does not have
    MetadatoRepetido,    // one metadata linked to two columns
    ColumnaNoVinculable, // a link for a column that is not an extra column
    TelefonoSuprimido,   // notice, not an error: the number is on the suppression list, row left out
};

inline constexpr std::size_t kUploadErrorCodeCount = static_cast<std::size_t>(UploadErrorCode::TelefonoSuprimido) + 1;

// Stable identifier for the API and logs, e.g. "telefono_duplicado".
std::string_view errorCodeName(UploadErrorCode code);
// Short Spanish label for summaries ("Teléfonos repetidos: 12").
std::string_view errorCodeLabel(UploadErrorCode code);

// One problem found in an upload. row/column are 1-based as the user sees them; 0 means "not
// tied to a row" (the whole file) or "not tied to a column".
struct UploadIssue {
    std::size_t row = 0;
    std::size_t column = 0;
    std::string columnLetter; // "A", "AB"; empty when column == 0
    std::string header;       // the column's header text, when known
    UploadErrorCode code = UploadErrorCode::ArchivoVacio;
    std::string message; // complete Spanish sentence, location included
};

namespace messages {

// Whole-file messages.
std::string moreThanOneFile();
std::string emptyFile();
std::string headerOnly();
std::string tooManyRows(std::size_t maxRows);

// Header messages (they name the column themselves).
std::string phoneHeader(std::string_view letter, std::string_view found);
std::string repeatedHeader(std::string_view letter, std::string_view header, std::string_view firstLetter);
std::string missingParameterColumn(std::string_view parameter);
std::string tooManyColumns(std::string_view letter, std::string_view header, std::size_t maxColumns, std::size_t parameters,
                           std::size_t maxExtra);

// Phone texts. `reason` completes "El teléfono «…» no es válido: <reason>."
std::string invalidPhone(std::string_view cell, std::string_view reason);
std::string scientificPhone(std::string_view cell);
std::string missingPhone();
std::string duplicatePhone(std::string_view e164, std::size_t firstRow);

// Cell texts.
std::string missingParameter(std::string_view parameter);
std::string invalidParameter(std::string_view parameter, std::string_view reason);
std::string invalidMetadataValue(std::string_view metadataName, std::string_view typeLabel, std::string_view value,
                                 std::string_view reason);
std::string valueInColumnBeyondLimit(std::size_t maxColumns);

// Metadata linking.
std::string metadataNotAllowed(std::string_view letter, std::string_view header, std::string_view metadataName,
                               std::string_view reason);
std::string metadataUnknown(std::string_view letter, std::string_view header, long long metadataId);
std::string metadataLinkedTwice(std::string_view metadataName, std::string_view firstLetter, std::string_view secondLetter);
std::string columnNotLinkable(std::string_view letter);

// "Fila 12, columna A: " + text with its first letter lower-cased.
std::string atCell(std::size_t row, std::string_view letter, std::string_view text);

// A user's cell text shortened for quoting inside a message (whole UTF-8 characters only), so a
// hostile 1 MB cell cannot make a 1 MB error message.
std::string quoteCell(std::string_view cell);

} // namespace messages
} // namespace campaigns::validation
