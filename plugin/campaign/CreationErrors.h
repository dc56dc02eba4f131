#pragma once
// Why a campaign (or an upload report) was refused, as values the HTTP layer turns into
// `{"error", "message", "details"}`: field problems for the form, issues for the file.
#include "validation/UploadErrors.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace campaigns::campaign {

struct FieldProblem {
    std::string field;   // request field, e.g. "consent", "template_id"
    std::string message; // Spanish, shown next to the field
};

class CreationRefused : public std::runtime_error {
public:
    CreationRefused(int status_, std::string code_, const std::string& message, std::vector<FieldProblem> fields_ = {})
        : std::runtime_error(message), status(status_), code(std::move(code_)), fields(std::move(fields_)) {}

    int status;
    std::string code;
    std::vector<FieldProblem> fields;
    std::vector<validation::UploadIssue> issues; // row/column problems of the file
    std::size_t issueTotal = 0;
};

} // namespace campaigns::campaign
