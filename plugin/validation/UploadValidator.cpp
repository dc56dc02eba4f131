#include "validation/UploadValidator.h"

#include "validation/MatchKey.h"
#include "validation/PhoneIndex.h"
#include "validation/SpreadsheetColumns.h"

#include <limits>
#include <stdexcept>

namespace campaigns::validation {
namespace {

bool isPhoneHeader(std::string_view header) {
    std::string key = matchKey(header);
    return key == "telefono" || key == "phone";
}

std::string_view cellAt(const uploads::Row& row, std::size_t column) {
    return column <= row.cells.size() ? std::string_view(row.cells[column - 1]) : std::string_view();
}

// Everything one run needs; UploadValidator itself stays const and reusable across files.
class Run {
public:
    Run(const ValidationOptions& options, const PhoneNormalizer& phones, uploads::RowReader& reader,
        const UploadValidator::RowSink& sink, const UploadValidator::Progress& progress)
        : options_(options),
          phones_(phones),
          reader_(reader),
          sink_(sink),
          progress_(progress),
          maxColumns_(1 + options.parameterColumns.size() + options.maxExtraColumns) {}

    ValidationSummary execute() {
        uploads::Row row;
        if (!reader_.next(row)) {
            add(0, 0, UploadErrorCode::ArchivoVacio, [] { return messages::emptyFile(); });
            return std::move(summary_);
        }
        summary_.headerValid = readHeader(row);
        if (!summary_.headerValid) return std::move(summary_);

        while (reader_.next(row)) {
            if (row.number > options_.maxRows) {
                add(0, 0, UploadErrorCode::DemasiadasFilas, [&] { return messages::tooManyRows(options_.maxRows); });
                break;
            }
            ++summary_.dataRows;
            validateRow(row);
            if (progress_ && options_.progressEvery && summary_.dataRows % options_.progressEvery == 0) {
                progress_(summary_.dataRows, reader_.bytesRead(), reader_.bytesTotal());
            }
        }
        if (summary_.dataRows == 0) {
            add(0, 0, UploadErrorCode::SoloEncabezado, [] { return messages::headerOnly(); });
        }
        summary_.uniquePhones = index_.size();
        if (progress_) progress_(summary_.dataRows, reader_.bytesRead(), reader_.bytesTotal());
        return std::move(summary_);
    }

private:
    // Counts every issue; builds its message only while under the cap, so a file with a million
    // bad rows costs a million counter increments, not a million strings.
    template <typename MessageFn>
    void add(std::size_t row, std::size_t column, UploadErrorCode code, MessageFn&& message) {
        ++summary_.totalIssues;
        ++summary_.issuesByCode[static_cast<std::size_t>(code)];
        if (summary_.issues.size() >= options_.maxIssues) {
            summary_.issuesTruncated = true;
            return;
        }
        UploadIssue issue;
        issue.row = row;
        issue.column = column;
        if (column != 0) {
            issue.columnLetter = column <= letters_.size() ? letters_[column - 1] : columnLetter(column);
            if (column <= headers_.size()) issue.header = headers_[column - 1];
        }
        issue.code = code;
        std::string text = message();
        issue.message = (row > 1 && column != 0) ? messages::atCell(row, issue.columnLetter, text) : std::move(text);
        summary_.issues.push_back(std::move(issue));
    }

    void addIssue(UploadIssue issue) {
        ++summary_.totalIssues;
        ++summary_.issuesByCode[static_cast<std::size_t>(issue.code)];
        if (summary_.issues.size() >= options_.maxIssues) {
            summary_.issuesTruncated = true;
            return;
        }
        summary_.issues.push_back(std::move(issue));
    }

    bool readHeader(const uploads::Row& header) {
        std::size_t width = 0;
        for (std::size_t i = 0; i < header.cells.size(); ++i) {
            if (!trimCell(header.cells[i]).empty()) width = i + 1;
        }
        std::size_t known = std::min(width, maxColumns_);
        for (std::size_t column = 1; column <= std::max<std::size_t>(known, 1); ++column) {
            letters_.push_back(columnLetter(column));
            headers_.emplace_back(trimCell(cellAt(header, column)));
        }
        std::size_t before = summary_.totalIssues;

        if (!isPhoneHeader(headers_[0])) {
            add(1, 1, UploadErrorCode::EncabezadoTelefono, [&] { return messages::phoneHeader("A", headers_[0]); });
        }

        const auto& parameters = options_.parameterColumns;
        std::vector<std::string> parameterKeys;
        for (const auto& p : parameters) parameterKeys.push_back(matchKey(p));
        parameterColumn_.assign(parameters.size(), 0);
        std::vector<ExtraColumn> extras;
        for (std::size_t column = 2; column <= known; ++column) {
            const std::string& text = headers_[column - 1];
            if (text.empty()) continue; // an unnamed column is an unused extra
            std::string key = matchKey(text);
            std::size_t p = 0;
            while (p < parameterKeys.size() && parameterKeys[p] != key) ++p;
            if (p == parameterKeys.size()) {
                extras.push_back({column, text});
            } else if (parameterColumn_[p] != 0) {
                add(1, column, UploadErrorCode::EncabezadoRepetido,
                    [&] { return messages::repeatedHeader(letters_[column - 1], text, letters_[parameterColumn_[p] - 1]); });
            } else {
                parameterColumn_[p] = column;
            }
        }
        for (std::size_t p = 0; p < parameters.size(); ++p) {
            if (parameterColumn_[p] == 0) {
                add(1, 0, UploadErrorCode::ColumnaParametroFaltante,
                    [&] { return messages::missingParameterColumn(parameters[p]); });
            }
        }
        if (width > maxColumns_) {
            std::size_t column = maxColumns_ + 1;
            while (trimCell(cellAt(header, column)).empty()) ++column;
            std::string text(trimCell(cellAt(header, column)));
            add(1, column, UploadErrorCode::ColumnasDeMas, [&] {
                return messages::tooManyColumns(columnLetter(column), text, maxColumns_, parameters.size(),
                                                options_.maxExtraColumns);
            });
        }
        if (summary_.totalIssues != before) return false;

        if (options_.linker) {
            std::vector<UploadIssue> problems;
            summary_.links = options_.linker->link(extras, options_.linkOverrides, problems);
            for (auto& problem : problems) {
                problem.row = 1;
                addIssue(std::move(problem));
            }
        } else {
            if (!options_.linkOverrides.empty()) {
                throw std::invalid_argument("UploadValidator: link overrides given without a MetadataLinker");
            }
            for (const auto& e : extras) {
                ColumnLink link;
                link.column = e.column;
                link.header = e.header;
                summary_.links.push_back(std::move(link));
            }
        }
        for (const auto& link : summary_.links) {
            if (link.metadataId) linked_.push_back(&link);
        }
        rules_ = options_.parameterRules;
        if (rules_.empty()) {
            rules_.assign(parameters.size(), bodyParameterRule());
        } else if (rules_.size() != parameters.size()) {
            throw std::invalid_argument("UploadValidator: parameterRules must be empty or one per parameter column");
        }
        out_.parameters.resize(parameters.size());
        return true;
    }

    void validateRow(const uploads::Row& row) {
        const std::size_t r = row.number;
        const std::size_t issuesBefore = summary_.totalIssues;

        std::string_view phoneCell = cellAt(row, 1);
        if (!phones_.normalize(phoneCell, phone_)) {
            UploadErrorCode code = phone_.problem == PhoneProblem::Empty ? UploadErrorCode::TelefonoFaltante
                                   : phone_.problem == PhoneProblem::ScientificNotation
                                       ? UploadErrorCode::TelefonoNotacionCientifica
                                       : UploadErrorCode::TelefonoInvalido;
            add(r, 1, code, [&] { return PhoneNormalizer::describe(phoneCell, phone_.problem); });
        } else {
            if (r > std::numeric_limits<std::uint32_t>::max()) throw std::length_error("UploadValidator: row number too large");
            std::uint32_t first = index_.insertOrFind(phone_.duplicateKey, static_cast<std::uint32_t>(r));
            if (first != 0 && !options_.allowDuplicatePhones) {
                add(r, 1, UploadErrorCode::TelefonoDuplicado, [&] { return messages::duplicatePhone(phone_.e164(), first); });
            }
        }

        const auto& parameters = options_.parameterColumns;
        for (std::size_t p = 0; p < parameters.size(); ++p) {
            std::size_t column = parameterColumn_[p];
            std::string_view value = trimCell(cellAt(row, column));
            if (value.empty()) {
                add(r, column, UploadErrorCode::ParametroFaltante, [&] { return messages::missingParameter(parameters[p]); });
            } else if (auto reason = rules_[p](value)) {
                add(r, column, UploadErrorCode::ParametroInvalido,
                    [&] { return messages::invalidParameter(parameters[p], *reason); });
            }
        }

        for (const ColumnLink* link : linked_) {
            std::string_view value = trimCell(cellAt(row, link->column));
            if (auto reason = checkMetadata(*link, value)) {
                add(r, link->column, UploadErrorCode::MetadatoInvalido, [&] {
                    return messages::invalidMetadataValue(link->metadataName, metadataTypeLabel(link->type), value, *reason);
                });
            }
        }

        for (std::size_t column = maxColumns_ + 1; column <= row.cells.size(); ++column) {
            if (!trimCell(row.cells[column - 1]).empty()) {
                add(r, column, UploadErrorCode::ColumnasDeMas, [&] { return messages::valueInColumnBeyondLimit(maxColumns_); });
                break;
            }
        }

        if (summary_.totalIssues != issuesBefore) {
            ++summary_.invalidRows;
            return;
        }
        ++summary_.validRows;
        if (!sink_) return;
        out_.rowNumber = r;
        out_.phoneE164.assign(phone_.e164());
        for (std::size_t p = 0; p < parameters.size(); ++p) out_.parameters[p].assign(trimCell(cellAt(row, parameterColumn_[p])));
        out_.metadata.clear();
        for (const ColumnLink* link : linked_) {
            std::string_view value = trimCell(cellAt(row, link->column));
            if (!value.empty()) out_.metadata.push_back({*link->metadataId, std::string(value)});
        }
        sink_(out_);
    }

    std::optional<std::string> checkMetadata(const ColumnLink& link, std::string_view value) const {
        switch (link.type) {
            case helpdesk::MetadataType::YesNo:
                if (value == "1" || value == "0") return std::nullopt;
                return std::string(value.empty() ? "un metadato Sí/No no puede quedar vacío; usa 1 para sí o 0 para no"
                                                 : "usa 1 para sí o 0 para no");
            case helpdesk::MetadataType::Text:
                if (value.find('\n') != std::string_view::npos || value.find('\r') != std::string_view::npos) {
                    return std::string("un metadato Texto es de una sola línea; para varias líneas usa un metadato Párrafo");
                }
                return checkLength(value, options_.maxTextLength);
            case helpdesk::MetadataType::Paragraph:
                return checkLength(value, options_.maxParagraphLength);
        }
        return std::string("tipo de metadato no soportado");
    }

    static std::optional<std::string> checkLength(std::string_view value, std::size_t max) {
        std::size_t length = utf8Length(value);
        if (length <= max) return std::nullopt;
        return "tiene " + std::to_string(length) + " caracteres y el máximo es " + std::to_string(max);
    }

    const ValidationOptions& options_;
    const PhoneNormalizer& phones_;
    uploads::RowReader& reader_;
    const UploadValidator::RowSink& sink_;
    const UploadValidator::Progress& progress_;
    const std::size_t maxColumns_;

    ValidationSummary summary_;
    std::vector<std::string> letters_;
    std::vector<std::string> headers_;
    std::vector<std::size_t> parameterColumn_; // 1-based column of each parameter
    std::vector<ParameterRule> rules_;
    std::vector<const ColumnLink*> linked_; // points into summary_.links, fixed after the header
    PhoneIndex index_;
    NormalizedPhone phone_;
    ValidRow out_;
};

} // namespace

UploadValidator::UploadValidator(ValidationOptions options) : options_(std::move(options)), phones_(options_.phoneStrictness) {}

ValidationSummary UploadValidator::run(uploads::RowReader& reader, const RowSink& sink, const Progress& progress) const {
    return Run(options_, phones_, reader, sink, progress).execute();
}

} // namespace campaigns::validation
