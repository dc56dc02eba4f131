// Fuzz target: the phone normaliser (validation::PhoneNormalizer over libphonenumber), on any text
// a phone cell of an upload can hold. It throws nothing by contract, so any exception, a sanitizer
// report or a broken invariant below is a finding.
#include "FuzzCheck.h"
#include "validation/PhoneNormalizer.h"

#include <string>
#include <string_view>

using namespace campaigns::validation;

namespace {

const PhoneNormalizer& possible() {
    static const PhoneNormalizer normalizer(PhoneStrictness::Possible);
    return normalizer;
}

const PhoneNormalizer& valid() {
    static const PhoneNormalizer normalizer(PhoneStrictness::Valid);
    return normalizer;
}

// An accepted phone is 1..15 E.164 digits, no leading 0, and its numbers say the same.
void checkAccepted(const NormalizedPhone& phone) {
    FUZZ_CHECK(phone.length >= 1 && phone.length <= 15);
    FUZZ_CHECK(phone.digits[phone.length] == '\0');
    FUZZ_CHECK(phone.digits[0] != '0');
    std::uint64_t value = 0;
    for (char c : phone.e164()) {
        FUZZ_CHECK(c >= '0' && c <= '9');
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    FUZZ_CHECK(value == phone.value);
    FUZZ_CHECK(phone.duplicateKey != 0);
    if (phone.duplicateKey != phone.value) FUZZ_CHECK(phone.e164().substr(0, 3) == "521" && phone.length == 13);
}

void check(std::string_view cell) {
    NormalizedPhone phone;
    const bool ok = possible().normalize(cell, phone);
    FUZZ_CHECK(ok == phone.ok());
    std::string error;
    const auto e164 = possible().toE164(cell, &error);
    FUZZ_CHECK(e164.has_value() == ok);
    if (!ok) {
        FUZZ_CHECK(phone.problem != PhoneProblem::NotAssigned); // only Valid strictness says that
        FUZZ_CHECK(!error.empty());
        FUZZ_CHECK(!PhoneNormalizer::describe(cell, phone.problem).empty());
        NormalizedPhone strict;
        FUZZ_CHECK(!valid().normalize(cell, strict)); // Valid never accepts what Possible refuses
        return;
    }
    checkAccepted(phone);
    FUZZ_CHECK(*e164 == std::string(phone.e164()));
    // Normalising is idempotent: the digits, with or without '+', come back unchanged.
    NormalizedPhone again;
    FUZZ_CHECK(possible().normalize(phone.e164(), again) && again.e164() == phone.e164());
    FUZZ_CHECK(possible().normalize("+" + std::string(phone.e164()), again) && again.e164() == phone.e164());
    NormalizedPhone strict;
    if (valid().normalize(cell, strict)) FUZZ_CHECK(strict.e164() == phone.e164() && strict.value == phone.value);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    check(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
