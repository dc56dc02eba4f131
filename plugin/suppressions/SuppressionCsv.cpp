#include "suppressions/SuppressionCsv.h"

#include "validation/PhoneNormalizer.h"

#include <sstream>

namespace campaigns::suppressions {

namespace {

std::string cell(std::string text) {
    // A cell a spreadsheet would run as a formula is kept as text.
    if (!text.empty() &&
        (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r'))
        text = "'" + text;
    bool quote = text.find_first_of(",\"\n\r") != std::string::npos;
    if (!quote) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// Splits one CSV line (commas or semicolons, double quotes) into cells.
std::vector<std::string> cells(const std::string& line) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                out.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                out.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',' || c == ';') {
            out.emplace_back();
        } else {
            out.back() += c;
        }
    }
    return out;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

bool isHeader(const std::string& first) {
    const std::string t = trim(first);
    return t == "telefono" || t == "teléfono" || t == "Telefono" || t == "Teléfono" || t == "TELEFONO" || t == "phone" ||
           t == "Phone" || t == "PHONE";
}

} // namespace

std::string exportCsv(const std::vector<Suppression>& rows) {
    std::ostringstream out;
    out << "waba_id,telefono,motivo,origen,campana_id,entrada_id,fecha_utc,por\r\n";
    for (const auto& r : rows) {
        out << cell(r.wabaId) << ',' << cell(r.phone) << ',' << cell(r.reason) << ',' << cell(r.source) << ','
            << (r.campaignId.isNull() ? std::string() : std::to_string(r.campaignId.value())) << ','
            << (r.entryId.isNull() ? std::string() : std::to_string(r.entryId.value())) << ',' << cell(r.createdAt.substr(0, 19))
            << ',' << cell(r.createdBy) << "\r\n";
    }
    return out.str();
}

std::vector<ImportRow> parseImportCsv(const std::string& text, const std::string& defaultReason) {
    std::vector<ImportRow> rows;
    const validation::PhoneNormalizer phones;
    std::string body = text;
    if (body.rfind("\xEF\xBB\xBF", 0) == 0) body.erase(0, 3); // Excel's UTF-8 mark
    std::istringstream in(body);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (trim(line).empty()) continue;
        auto parts = cells(line);
        if (number == 1 && isHeader(parts[0])) continue;
        ImportRow row;
        row.line = number;
        row.reason = parts.size() > 1 ? trim(parts[1]) : std::string();
        if (row.reason.empty()) row.reason = defaultReason;
        std::string error;
        auto phone = phones.toE164(trim(parts[0]), &error);
        if (phone)
            row.phone = *phone;
        else
            row.error = "Línea " + std::to_string(number) + ": " + error;
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace campaigns::suppressions
