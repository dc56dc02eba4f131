#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace campaigns::validation {

// How hard libphonenumber judges a number.
//
// Possible (the default): the country code must exist and the national number must have a length
// that country uses (IsPossibleNumber). Valid: the number must also fall in a range the country
// has assigned (IsValidNumber).
//
// Why Possible by default: Debian ships libphonenumber 8.12 (2020) whose range tables lag the
// numbering plans (e.g. it rejects Chilean mobiles 5691…, which operators now hand out), and one
// rejected row makes the whole campaign file invalid. The Cloud API is the final judge anyway: a
// number that is well-formed but unassigned fails alone (error 131026) without blocking the rest.
// Possible is also far cheaper: a table look-up with no heap allocation, about 0.04 µs a number
// (Release build, this machine) against 2.4 µs for Valid, whose libphonenumber range regexes run
// per number (Valid alone costs ~2.4 s of a million-row file). Valid is there for accounts that
// prefer to catch typos before sending.
enum class PhoneStrictness { Possible, Valid };

enum class PhoneProblem : std::uint8_t {
    None,
    Empty,
    ScientificNotation, // "5.69E+10": the spreadsheet already rounded the number away
    InvalidCharacters,  // letters or symbols other than the separators we accept
    InvalidCountryCode, // starts with 0 or with a code no country has
    TooShort,
    TooLong,
    InvalidLength, // between the country's lengths but none of them
    NotAssigned,   // Valid strictness only: not in any range the country has assigned
};

// The result of normalising one cell. Fixed size, so normalising a million cells allocates nothing
// (with PhoneStrictness::Possible; measured by a unit test).
struct NormalizedPhone {
    PhoneProblem problem = PhoneProblem::None;
    std::uint8_t length = 0;
    char digits[16] = {};    // E.164 digits without '+', NUL-terminated
    std::uint64_t value = 0; // the same digits as a number
    // Equal for two spellings of one subscriber. Differs from `value` only for Mexican mobiles,
    // written with or without the old "1" after 52 (5215512345678 and 525512345678 are one phone).
    std::uint64_t duplicateKey = 0;

    bool ok() const { return problem == PhoneProblem::None; }
    std::string_view e164() const { return {digits, length}; }
};

// Turns the text of a phone cell into E.164 digits (country code first, no '+').
// Accepted decorations: surrounding spaces (also no-break spaces), inner spaces, dashes, dots and
// parentheses, one leading '+', one leading apostrophe (Excel's "this is text" marker), and a
// trailing ".0" that some tools add when a phone was stored as a number. The digits are kept as
// written (libphonenumber only judges them), because WhatsApp identifies Mexican and Argentinian
// users by the "521…"/"549…" spelling.
// Thread-safe: it holds no mutable state and libphonenumber's PhoneNumberUtil is a thread-safe
// singleton.
class PhoneNormalizer {
public:
    explicit PhoneNormalizer(PhoneStrictness strictness = PhoneStrictness::Possible);

    // Fills `out`; returns out.ok().
    bool normalize(std::string_view cell, NormalizedPhone& out) const;

    // Convenience for callers outside hot loops: the digits, or nullopt with `error` set to the
    // Spanish message "El teléfono «…» no es válido: …".
    std::optional<std::string> toE164(std::string_view cell, std::string* error = nullptr) const;

    // Spanish message for a failed normalisation of `cell` (the message for Empty is
    // "Falta el teléfono.").
    static std::string describe(std::string_view cell, PhoneProblem problem);

    PhoneStrictness strictness() const { return strictness_; }

private:
    PhoneStrictness strictness_;
};

} // namespace campaigns::validation
