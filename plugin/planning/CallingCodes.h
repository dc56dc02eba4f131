#pragma once
// The country calling code a stored phone (E.164 digits, no '+') starts with, from
// libphonenumber's list of codes. Codes are prefix-free and at most three digits, so the first
// three digits decide: the plan groups a campaign's phones by them in SQL and asks here once per
// group, instead of parsing every phone.
#include <string>

namespace campaigns::planning {

struct CallingCode {
    int code = 0;       // 0 when the digits start with no known code
    std::string region; // libphonenumber's main region of the code ("CL"; "US" for 1)
};

CallingCode callingCodeOf(const std::string& digits);

} // namespace campaigns::planning
