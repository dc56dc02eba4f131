#pragma once
#include "uploads/RowReader.h"
#include "validation/MetadataLinker.h"
#include "validation/ParameterRules.h"
#include "validation/PhoneNormalizer.h"
#include "validation/UploadErrors.h"

#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace campaigns::validation {

struct ValidationOptions {
    // The template's parameter column names, in template order.
    std::vector<std::string> parameterColumns;
    // One rule per parameter column, or empty for WhatsApp's body-parameter rule on every column.
    std::vector<ParameterRule> parameterRules;
    // "Permitir números de teléfono duplicados".
    bool allowDuplicatePhones = false;
    PhoneStrictness phoneStrictness = PhoneStrictness::Possible;
    // Columns after the phone and the parameters the file may have, linked or not (the article:
    // "el archivo puede tener columnas extras y no ser usadas").
    std::size_t maxExtraColumns = 20;
    // Rows including the header: Excel's sheet limit.
    std::size_t maxRows = 1'048'576;
    // Issues kept with their full message; every issue is still counted by code.
    std::size_t maxIssues = 1000;
    std::size_t maxTextLength = 255;       // metadata Texto
    std::size_t maxParagraphLength = 4000; // metadata Párrafo
    // Null: extra columns are never loaded. Must outlive the validator.
    const MetadataLinker* linker = nullptr;
    std::vector<LinkOverride> linkOverrides;
    // The progress callback fires every this many data rows, and once at the end.
    std::size_t progressEvery = 10'000;
};

struct MetadataValue {
    long long metadataId = 0;
    std::string value;
};

// One valid row, ready to become a campaign entry.
struct ValidRow {
    std::size_t rowNumber = 0;
    std::string phoneE164;               // digits, no '+'
    std::vector<std::string> parameters; // trimmed, in template order
    std::vector<MetadataValue> metadata; // linked columns with a non-empty value, in column order
};

struct ValidationSummary {
    std::size_t dataRows = 0;  // rows after the header
    std::size_t validRows = 0; // rows handed to the sink
    std::size_t invalidRows = 0;
    std::size_t uniquePhones = 0; // distinct valid phones (Mexican 521/52 spellings count once)
    std::size_t totalIssues = 0;
    std::array<std::size_t, kUploadErrorCodeCount> issuesByCode{};
    std::vector<UploadIssue> issues; // the first ValidationOptions::maxIssues, in file order
    bool issuesTruncated = false;
    // False when the header itself was wrong; rows are then not read, as each would repeat it.
    bool headerValid = false;
    std::vector<ColumnLink> links; // the extra columns and what each is linked to

    bool ok() const { return totalIssues == 0; }
    std::size_t count(UploadErrorCode code) const { return issuesByCode[static_cast<std::size_t>(code)]; }
};

// Validates an uploaded file row by row. Row 1 is the header: column A the phone ("telefono",
// "teléfono" or "phone"), then the template parameters by name in any order, then extra columns
// for ticket metadata. Every data row is checked completely and every problem is reported (up to
// the cap) with row, column letter, header and a Spanish message.
//
// Memory is bounded by the widest row plus the duplicate index (~25 MB at a million phones); rows
// are never kept. Valid rows go to `sink` as they are found: if the summary is not ok() the caller
// discards what it stored (the campaign is "Inválida"). FileRejected from the reader propagates.
class UploadValidator {
public:
    using RowSink = std::function<void(const ValidRow&)>;
    using Progress = std::function<void(std::size_t rowsProcessed, std::uint64_t bytesRead, std::uint64_t bytesTotal)>;

    explicit UploadValidator(ValidationOptions options);

    ValidationSummary run(uploads::RowReader& reader, const RowSink& sink, const Progress& progress = {}) const;

private:
    ValidationOptions options_;
    PhoneNormalizer phones_;
};

} // namespace campaigns::validation
