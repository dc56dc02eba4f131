#pragma once
#include "HostServices.h"

#include <ostream>

namespace refhost {

// Demo users, departments and ticket metadata for the quick start. Running it again adds only
// what is missing and changes nothing else (existing passwords stay as they are).
void seedDemo(HostServices& host, std::ostream& out);

} // namespace refhost
