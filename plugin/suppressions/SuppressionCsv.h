#pragma once
// The suppression list as CSV, both ways. Export: one line per number with who and when, cells
// that start like a formula neutralised. Import: "telefono[,motivo]" per line (an optional header
// line), every phone checked and every bad one reported by line, so the caller can store all or
// nothing.
#include "suppressions/Suppression.h"
#include "suppressions/SuppressionStore.h"

#include <string>
#include <vector>

namespace campaigns::suppressions {

std::string exportCsv(const std::vector<Suppression>& rows);

// Rows in file order; a row with `error` set is bad. Lines that are empty are skipped; a first
// line whose first cell names the column ("telefono", "teléfono", "phone") is a header.
// `defaultReason` fills rows without one.
std::vector<ImportRow> parseImportCsv(const std::string& text, const std::string& defaultReason);

} // namespace campaigns::suppressions
