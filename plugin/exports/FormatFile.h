#pragma once
// "Descargar formato": the file a user fills in with recipients before uploading it. Its header
// is exactly what the upload validator expects: `telefono`, then one column per template
// parameter; an example row shows what goes where.
#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace campaigns::exports {

struct FormatParameter {
    std::string column;      // header the validator matches, e.g. "nombre_cliente"
    std::string description; // where it appears in the template, e.g. "Cuerpo, variable {{1}}: nombre del cliente"
    std::string example;     // the template's example value; empty = "Ejemplo 1", "Ejemplo 2"…
};

struct FormatTemplate {
    std::string name;     // template name, e.g. "aviso_caso"
    std::string language; // e.g. "es"
    std::vector<FormatParameter> parameters;
    bool hasImageHeader = false;
    std::size_t maxExtraColumns = 20; // what the validator accepts after the parameters
};

// The phone header and the example phone (a Chilean mobile, the product's home market).
inline constexpr const char* kPhoneHeader = "telefono";
inline constexpr const char* kExamplePhone = "56912345678";

// Value written in the example row for parameter `index` (0-based).
std::string exampleValue(const FormatTemplate& format, std::size_t index);

// A safe download name: "formato_<template>.<extension>", keeping only [A-Za-z0-9_-].
std::string formatFileName(const FormatTemplate& format, const std::string& extension);

// xlsx: sheet "Contactos" (header, example row, phone column formatted as text so Excel keeps
// every digit, header frozen) and sheet "Instrucciones" (one line per column, in Spanish).
// Throws std::runtime_error when the file cannot be written.
void writeFormatXlsx(const FormatTemplate& format, const std::string& path);
void writeFormatXlsx(const FormatTemplate& format, std::ostream& out);

// CSV: UTF-8 with a BOM (so Excel shows accents), ',' delimiter, CRLF, RFC 4180 quoting; header
// and example row only (a CSV has no second sheet for instructions).
void writeFormatCsv(const FormatTemplate& format, std::ostream& out);
void writeFormatCsv(const FormatTemplate& format, const std::string& path);

// The Spanish instruction lines of the "Instrucciones" sheet: {column or topic, explanation}.
std::vector<std::pair<std::string, std::string>> formatInstructions(const FormatTemplate& format);

} // namespace campaigns::exports
