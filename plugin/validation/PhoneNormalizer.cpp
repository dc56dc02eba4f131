#include "validation/PhoneNormalizer.h"

#include "validation/UploadErrors.h"

#include <phonenumbers/phonenumberutil.h>

#include <array>
#include <set>

namespace campaigns::validation {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

constexpr std::size_t kMaxE164Digits = 15;

PhoneProblem fromPossibility(PhoneNumberUtil::ValidationResult result) {
    switch (result) {
        case PhoneNumberUtil::IS_POSSIBLE:
            return PhoneProblem::None;
        case PhoneNumberUtil::INVALID_COUNTRY_CODE:
            return PhoneProblem::InvalidCountryCode;
        case PhoneNumberUtil::TOO_SHORT:
            return PhoneProblem::TooShort;
        // Possible only without the area code: for a campaign that is too short.
        case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
            return PhoneProblem::TooShort;
        case PhoneNumberUtil::TOO_LONG:
            return PhoneProblem::TooLong;
        case PhoneNumberUtil::INVALID_LENGTH:
            return PhoneProblem::InvalidLength;
    }
    return PhoneProblem::InvalidLength;
}

// National significant numbers are at most 14 digits here (15 in E.164 minus a 1-digit code).
constexpr std::size_t kMaxNationalDigits = kMaxE164Digits - 1;

// libphonenumber's verdicts, precomputed. IsPossibleNumber depends only on the calling code and the
// national number's length, so asking it once per (code, length) at start-up gives exactly its
// answers; the per-number path is then two table look-ups. Asking per number instead cost ~10 heap
// allocations and most of the time.
struct CallingCodeTable {
    std::array<bool, 1000> known{}; // E.164 codes are prefix-free: the first known prefix is the code
    std::array<std::array<PhoneProblem, kMaxNationalDigits + 1>, 1000> possibility{};

    CallingCodeTable() {
        const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
        std::set<int> codes;
        util->GetSupportedCallingCodes(&codes);
        for (int code : codes) {
            if (code <= 0 || code >= 1000) continue;
            auto c = static_cast<std::size_t>(code);
            known[c] = true;
            std::uint64_t national = 1; // "1", "10", "100"…: only the length matters
            for (std::size_t length = 1; length <= kMaxNationalDigits; ++length, national *= 10) {
                PhoneNumber number;
                number.set_country_code(code);
                number.set_national_number(national);
                possibility[c][length] = fromPossibility(util->IsPossibleNumberWithReason(number));
            }
            possibility[c][0] = PhoneProblem::TooShort;
        }
    }
};

const CallingCodeTable& callingCodes() {
    static const CallingCodeTable table;
    return table;
}

bool isSpace(std::string_view s, std::size_t i, std::size_t& width) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t') {
        width = 1;
        return true;
    }
    // U+00A0 no-break space: Excel and web pages love it.
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
        width = 2;
        return true;
    }
    // U+202F narrow no-break space (French-style grouping).
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0xAF) {
        width = 3;
        return true;
    }
    return false;
}

std::string_view trimSpaces(std::string_view s) {
    std::size_t width = 0;
    while (!s.empty() && isSpace(s, 0, width)) s.remove_prefix(width);
    // Trailing: only single-byte spaces and the two no-break spaces are possible.
    for (;;) {
        if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
            s.remove_suffix(1);
        } else if (s.size() >= 2 && static_cast<unsigned char>(s[s.size() - 2]) == 0xC2 &&
                   static_cast<unsigned char>(s.back()) == 0xA0) {
            s.remove_suffix(2);
        } else if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE2\x80\xAF") {
            s.remove_suffix(3);
        } else {
            return s;
        }
    }
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// "5.69E+10", "5,69E+10", "5.69e10", "1E+11": what a spreadsheet shows (and exports to CSV) for a
// long number in a general-format cell.
bool looksScientific(std::string_view s) {
    std::size_t i = 0;
    auto digits = [&] {
        std::size_t start = i;
        while (i < s.size() && isDigit(s[i])) ++i;
        return i > start;
    };
    if (!digits()) return false;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        ++i;
        if (!digits()) return false;
    }
    if (i >= s.size() || (s[i] != 'E' && s[i] != 'e')) return false;
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    return digits() && i == s.size();
}

// Digits followed by ".0", ".00"…: a phone that went through a float (CSV from some exporters).
std::string_view dropFloatZeros(std::string_view s) {
    auto dot = s.find('.');
    if (dot == std::string_view::npos || dot == 0) return s;
    for (std::size_t i = 0; i < dot; ++i) {
        if (!isDigit(s[i])) return s;
    }
    if (dot + 1 == s.size()) return s;
    for (std::size_t i = dot + 1; i < s.size(); ++i) {
        if (s[i] != '0') return s;
    }
    return s.substr(0, dot);
}

bool fail(NormalizedPhone& out, PhoneProblem problem) {
    out.problem = problem;
    return false;
}

} // namespace

PhoneNormalizer::PhoneNormalizer(PhoneStrictness strictness) : strictness_(strictness) {
    callingCodes(); // build the table now, not inside the first timed row
}

// Long: the hot path of every uploaded row (no allocation); the checks run in order, each an early return.
bool PhoneNormalizer::normalize(std::string_view cell, NormalizedPhone& out) const {
    out = NormalizedPhone{};
    std::string_view s = trimSpaces(cell);
    if (s.empty()) return fail(out, PhoneProblem::Empty);

    if (s.front() == '\'') {
        s.remove_prefix(1);
    } else if (s.starts_with("\xE2\x80\x99")) { // ’ : the apostrophe after autocorrect
        s.remove_prefix(3);
    }
    s = trimSpaces(s);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (looksScientific(s)) return fail(out, PhoneProblem::ScientificNotation);
    s = dropFloatZeros(s);

    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size();) {
        char c = s[i];
        std::size_t width = 1;
        if (isDigit(c)) {
            if (n == kMaxE164Digits) return fail(out, PhoneProblem::TooLong);
            out.digits[n++] = c;
        } else if (c == '-' || c == '.' || c == '(' || c == ')' || isSpace(s, i, width)) {
            // separators people type between digit groups
        } else {
            return fail(out, PhoneProblem::InvalidCharacters);
        }
        i += width;
    }
    if (n == 0) return fail(out, PhoneProblem::InvalidCharacters);
    out.digits[n] = '\0';
    out.length = static_cast<std::uint8_t>(n);
    if (out.digits[0] == '0') return fail(out, PhoneProblem::InvalidCountryCode);

    // Find the calling code among the first three digits.
    const CallingCodeTable& table = callingCodes();
    int countryCode = 0;
    std::size_t codeLength = 0;
    for (std::size_t len = 1; len <= 3 && len < n; ++len) {
        countryCode = countryCode * 10 + (out.digits[len - 1] - '0');
        if (table.known[static_cast<std::size_t>(countryCode)]) {
            codeLength = len;
            break;
        }
    }
    if (codeLength == 0) return fail(out, n > 3 ? PhoneProblem::InvalidCountryCode : PhoneProblem::TooShort);

    std::uint64_t national = 0;
    std::size_t leadingZeros = 0;
    bool seenNonZero = false;
    for (std::size_t i = codeLength; i < n; ++i) {
        if (!seenNonZero && out.digits[i] == '0') ++leadingZeros;
        if (out.digits[i] != '0') seenNonZero = true;
        national = national * 10 + static_cast<std::uint64_t>(out.digits[i] - '0');
    }
    PhoneProblem problem = table.possibility[static_cast<std::size_t>(countryCode)][n - codeLength];
    if (problem != PhoneProblem::None) return fail(out, problem);
    if (strictness_ == PhoneStrictness::Valid) {
        PhoneNumber number;
        number.set_country_code(countryCode);
        number.set_national_number(national);
        if (leadingZeros > 0) {
            // Italy and a few others keep a leading 0 after the country code.
            number.set_italian_leading_zero(true);
            if (leadingZeros > 1) number.set_number_of_leading_zeros(static_cast<int>(leadingZeros));
        }
        if (!PhoneNumberUtil::GetInstance()->IsValidNumber(number)) return fail(out, PhoneProblem::NotAssigned);
    }

    std::uint64_t value = 0;
    for (std::size_t i = 0; i < n; ++i) value = value * 10 + static_cast<std::uint64_t>(out.digits[i] - '0');
    out.value = value;
    out.duplicateKey = value;
    // Mexico dropped the mobile "1" after 52 in 2019; both spellings still reach the same person.
    if (countryCode == 52 && n == 13 && out.digits[2] == '1') {
        out.duplicateKey = 52ULL * 10'000'000'000ULL + (national - 10'000'000'000ULL);
    }
    return true;
}

std::optional<std::string> PhoneNormalizer::toE164(std::string_view cell, std::string* error) const {
    NormalizedPhone phone;
    if (normalize(cell, phone)) return std::string(phone.e164());
    if (error) *error = describe(cell, phone.problem);
    return std::nullopt;
}

std::string PhoneNormalizer::describe(std::string_view cell, PhoneProblem problem) {
    std::string_view shown = trimSpaces(cell);
    switch (problem) {
        case PhoneProblem::None:
            return {};
        case PhoneProblem::Empty:
            return messages::missingPhone();
        case PhoneProblem::ScientificNotation:
            return messages::scientificPhone(shown);
        case PhoneProblem::InvalidCharacters:
            return messages::invalidPhone(shown,
                                          "solo puede tener dígitos (se aceptan espacios, guiones, puntos, "
                                          "paréntesis y un + inicial)");
        case PhoneProblem::InvalidCountryCode:
            return messages::invalidPhone(shown,
                                          "no empieza con un código de país existente (escribe el código "
                                          "de país sin + ni 00, por ejemplo 56 para Chile)");
        case PhoneProblem::TooShort:
            return messages::invalidPhone(shown,
                                          "tiene muy pocos dígitos para su país; escribe el número completo "
                                          "con el código de país");
        case PhoneProblem::TooLong:
            return messages::invalidPhone(shown, "tiene demasiados dígitos para su país");
        case PhoneProblem::InvalidLength:
            return messages::invalidPhone(shown, "no tiene una cantidad de dígitos que se use en su país");
        case PhoneProblem::NotAssigned:
            return messages::invalidPhone(shown, "no corresponde a un número asignado en su país");
    }
    return messages::invalidPhone(shown, "formato desconocido");
}

} // namespace campaigns::validation
