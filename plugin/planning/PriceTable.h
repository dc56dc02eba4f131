#pragma once
// What a delivered template message costs, per country calling code and template category, read
// from a small text file an administrator can edit (prices change a few times a year, and each
// installation pays in its own currency). The figures are estimates for the pre-send plan, never
// a bill: the file carries the date and the source of its figures, and the plan shows them.
//
// File format (UTF-8, one item per line; blank lines and lines starting with '#' are comments):
//   fecha = 2026-07-01            date of the figures (required, YYYY-MM-DD)
//   moneda = USD                  currency of every price (required)
//   fuente = Meta, tarifas ...    where the figures come from (optional)
//   56, CL, 0.0889, 0.0200, 0.0200
//       calling code, country (ISO 3166 alpha-2), MARKETING, UTILITY, AUTHENTICATION
// Parsed by hand: it is four kinds of line, and each bad one must be named by its line number in
// Spanish, which no CSV or properties reader here does.
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace campaigns::planning {

struct CountryPrices {
    std::string country; // "CL"
    double marketing = 0, utility = 0, authentication = 0;
    // The price of one message of `category` (MARKETING, UTILITY, AUTHENTICATION); nullopt for
    // another category.
    std::optional<double> of(const std::string& category) const;
};

struct PriceTable {
    std::string date;     // YYYY-MM-DD
    std::string currency; // "USD"
    std::string source;
    std::map<int, CountryPrices> byCallingCode;

    bool empty() const { return byCallingCode.empty(); }
};

struct PriceTableParse {
    std::optional<PriceTable> table; // set only when there was no error
    std::vector<std::string> errors; // Spanish, each naming its line: "Línea 7: ..."
};

// Reads a whole price file; any bad line makes the result an error list (no partial table).
PriceTableParse parsePriceTable(std::istream& in);

} // namespace campaigns::planning
