// Hot paths build JSON by concatenation; this is the one place strings get quoted, with
// non-ASCII escaped as \uXXXX the way Meta's webhook bodies are.
#pragma once

#include <Poco/JSONString.h>

#include <string>

namespace cloudsim {

inline std::string jsonString(const std::string& value) {
    return Poco::toJSON(value, Poco::JSON_WRAP_STRINGS | Poco::JSON_ESCAPE_UNICODE);
}

} // namespace cloudsim
