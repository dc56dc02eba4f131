#include "planning/PriceTable.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <cmath>
#include <regex>

namespace campaigns::planning {

namespace {

const char* const kCategories[] = {"MARKETING", "UTILITY", "AUTHENTICATION"};
constexpr std::size_t kPriceFields = 5; // code, country, three prices

std::string at(int line) { return "Línea " + std::to_string(line) + ": "; }

std::vector<std::string> splitFields(const std::string& text) {
    std::vector<std::string> fields;
    std::string::size_type start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        fields.push_back(Poco::trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
        if (comma == std::string::npos) return fields;
        start = comma + 1;
    }
}

// Builds the table line by line, collecting every problem.
class Reader {
public:
    void line(int no, std::string text) {
        if (!text.empty() && text.back() == '\r') text.pop_back();
        if (no == 1 && text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3); // a BOM some editors add
        const std::string trimmed = Poco::trim(text);
        if (trimmed.empty() || trimmed[0] == '#') return;
        const auto eq = trimmed.find('=');
        if (eq != std::string::npos && trimmed.find(',') > eq)
            setting(no, Poco::toLower(Poco::trim(trimmed.substr(0, eq))), Poco::trim(trimmed.substr(eq + 1)));
        else
            prices(no, trimmed);
    }

    PriceTableParse finish() {
        if (table_.date.empty()) errors_.push_back("Falta la línea «fecha = AAAA-MM-DD» con la fecha de los precios.");
        if (table_.currency.empty()) errors_.push_back("Falta la línea «moneda = USD» (o la moneda de los precios).");
        if (errors_.empty() && table_.empty()) errors_.push_back("El archivo no tiene ninguna línea de precios.");
        PriceTableParse out;
        out.errors = std::move(errors_);
        if (out.errors.empty()) out.table = std::move(table_);
        return out;
    }

private:
    void setting(int no, const std::string& key, const std::string& value) {
        if (key == "fecha") {
            static const std::regex date("^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$");
            if (!std::regex_match(value, date))
                errors_.push_back(at(no) + "la fecha «" + value + "» no tiene la forma AAAA-MM-DD.");
            else
                table_.date = value;
        } else if (key == "moneda") {
            static const std::regex currency("^[A-Z]{3}$");
            if (!std::regex_match(value, currency))
                errors_.push_back(at(no) + "la moneda «" + value +
                                  "» debe ser un código de tres letras mayúsculas (USD, CLP, EUR).");
            else
                table_.currency = value;
        } else if (key == "fuente") {
            table_.source = value;
        } else {
            errors_.push_back(at(no) + "clave desconocida «" + key + "»; se esperan fecha, moneda o fuente.");
        }
    }

    void prices(int no, const std::string& text) {
        const auto f = splitFields(text);
        if (f.size() != kPriceFields) {
            errors_.push_back(at(no) +
                              "se esperan 5 campos separados por comas (código de país, país, MARKETING, UTILITY, "
                              "AUTHENTICATION) y hay " +
                              std::to_string(f.size()) + ".");
            return;
        }
        int code = 0;
        if (!Poco::NumberParser::tryParse(f[0], code) || code < 1 || code > 999 ||
            f[0].find_first_not_of("0123456789") != std::string::npos) {
            errors_.push_back(at(no) + "el código de país «" + f[0] + "» debe ser un número de 1 a 3 cifras, sin «+».");
            return;
        }
        static const std::regex iso("^[A-Z]{2}$");
        if (!std::regex_match(f[1], iso)) {
            errors_.push_back(at(no) + "el país «" + f[1] + "» debe ser un código de dos letras mayúsculas (CL, AR, MX).");
            return;
        }
        CountryPrices p;
        p.country = f[1];
        double* slots[] = {&p.marketing, &p.utility, &p.authentication};
        for (std::size_t i = 0; i < 3; ++i) {
            double v = 0;
            if (!Poco::NumberParser::tryParseFloat(f[2 + i], v) || !std::isfinite(v) || v < 0) {
                errors_.push_back(at(no) + "el precio " + kCategories[i] + " «" + f[2 + i] +
                                  "» debe ser un número mayor o igual a 0, con punto decimal.");
                return;
            }
            *slots[i] = v;
        }
        const auto [it, added] = table_.byCallingCode.emplace(code, p);
        if (!added) {
            errors_.push_back(at(no) + "el código de país " + std::to_string(code) + " ya tiene precios en la línea " +
                              std::to_string(lines_[code]) + ".");
            return;
        }
        lines_[code] = no;
    }

    PriceTable table_;
    std::map<int, int> lines_; // calling code -> line it was defined on
    std::vector<std::string> errors_;
};

} // namespace

std::optional<double> CountryPrices::of(const std::string& category) const {
    if (category == "MARKETING") return marketing;
    if (category == "UTILITY") return utility;
    if (category == "AUTHENTICATION") return authentication;
    return std::nullopt;
}

PriceTableParse parsePriceTable(std::istream& in) {
    Reader reader;
    std::string text;
    int no = 0;
    while (std::getline(in, text)) reader.line(++no, text);
    return reader.finish();
}

} // namespace campaigns::planning
