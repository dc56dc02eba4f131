#include "planning/CallingCodes.h"

#include <phonenumbers/phonenumberutil.h>

namespace campaigns::planning {

CallingCode callingCodeOf(const std::string& digits) {
    const auto* util = i18n::phonenumbers::PhoneNumberUtil::GetInstance();
    for (std::size_t len = 1; len <= 3 && len <= digits.size(); ++len) {
        const std::string prefix = digits.substr(0, len);
        if (prefix.find_first_not_of("0123456789") != std::string::npos || prefix[0] == '0') return {};
        const int code = std::stoi(prefix);
        std::string region;
        util->GetRegionCodeForCountryCode(code, &region);
        if (region != "ZZ") return {code, region}; // "001" for a non-geographic code (satellite, ...)
    }
    return {};
}

} // namespace campaigns::planning
