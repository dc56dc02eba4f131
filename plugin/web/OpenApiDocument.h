#pragma once
#include <string>

namespace campaigns::web {

// Each capability documents its own endpoints in templates/api/<capability>.yaml as path entries
// (indented as under `paths:`), so no two capabilities edit one file; this joins them under the
// shared head (openapi-head.yaml: info, security, shared schemas) into one OpenAPI document.
// Throws Poco::DataFormatException when two fragments define the same path.
std::string mergeOpenApi(const std::string& apiDir);

} // namespace campaigns::web
