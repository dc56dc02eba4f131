#pragma once
// The words a customer writes to stop receiving campaigns ("STOP", "BAJA", ...): an answer that is
// exactly one of them, once normalised, puts the number on the suppression list. Normalising makes
// the comparison case-, accent- and decoration-insensitive: "  baja 🙏", "Baja." and "BAJA" match,
// "no más" matches "NO MAS", but "quiero la baja" does not (only the whole answer counts).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace campaigns::suppressions {

class OptOutKeywords {
public:
    // The defaults: STOP, BAJA, DETENER, NO MAS.
    static std::vector<std::string> defaults();
    // Parses the plugin setting `optout.keywords` ("STOP, BAJA, NO MAS"): comma-separated, empty
    // items dropped. An empty or blank setting gives the defaults.
    static std::vector<std::string> parseSetting(const std::string& setting);
    // Upper case ASCII letters and digits, accents removed (á -> A, ñ -> N), every run of other
    // characters (spaces, punctuation, emoji) turned into one space, none at either end.
    static std::string normalize(std::string_view utf8);

    explicit OptOutKeywords(const std::vector<std::string>& keywords = defaults());

    // The configured keyword (as normalised) `text` is, or nothing.
    std::optional<std::string> match(std::string_view text) const;
    const std::vector<std::string>& keywords() const { return normalized_; }

private:
    std::vector<std::string> normalized_;
};

} // namespace campaigns::suppressions
