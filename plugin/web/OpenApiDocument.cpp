#include "web/OpenApiDocument.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Exception.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <vector>

namespace campaigns::web {

namespace {
std::string read(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}
} // namespace

std::string mergeOpenApi(const std::string& apiDir) {
    std::vector<std::string> fragments;
    for (Poco::DirectoryIterator it(apiDir), end; it != end; ++it)
        if (it.name() != "openapi-head.yaml" && Poco::Path(it.name()).getExtension() == "yaml")
            fragments.push_back(it.path().toString());
    std::sort(fragments.begin(), fragments.end());
    std::string doc = read(Poco::Path(apiDir).append("openapi-head.yaml").toString());
    if (!doc.empty() && doc.back() != '\n') doc += '\n';
    doc += "paths:\n";
    std::set<std::string> paths;
    for (const auto& f : fragments) {
        std::string text = read(f);
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);) {
            if (line.rfind("  /", 0) == 0 && !paths.insert(line).second)
                throw Poco::DataFormatException("OpenAPI path defined twice: " + line + " (in " + f + ")");
        }
        doc += text;
        if (!text.empty() && text.back() != '\n') doc += '\n';
    }
    return doc;
}

} // namespace campaigns::web
