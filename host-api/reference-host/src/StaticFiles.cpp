#include "StaticFiles.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace refhost {

StaticFiles::StaticFiles(std::string directory) : directory_(std::move(directory)) {}

bool StaticFiles::safeRelativePath(const std::string& relative) {
    if (relative.empty() || relative.front() == '/') return false;
    if (relative.find('\0') != std::string::npos || relative.find('\\') != std::string::npos) return false;
    std::size_t start = 0;
    while (start <= relative.size()) {
        auto end = relative.find('/', start);
        if (end == std::string::npos) end = relative.size();
        auto seg = relative.substr(start, end - start);
        if (seg.empty() || seg == "." || seg == "..") return false;
        start = end + 1;
    }
    return true;
}

std::string StaticFiles::contentTypeFor(const std::string& fileName) {
    const std::string ext = Poco::toLower(Poco::Path(fileName).getExtension());
    if (ext == "css") return "text/css; charset=utf-8";
    if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
    if (ext == "html" || ext == "htm") return "text/html; charset=utf-8";
    if (ext == "json") return "application/json";
    if (ext == "yaml" || ext == "yml") return "application/yaml";
    if (ext == "svg") return "image/svg+xml";
    if (ext == "png") return "image/png";
    if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
    if (ext == "ico") return "image/x-icon";
    if (ext == "woff2") return "font/woff2";
    if (ext == "txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

void StaticFiles::serve(helpdesk::RequestContext& ctx, const std::string& relative) const {
    std::string decoded;
    Poco::URI::decode(relative, decoded);
    if (!safeRelativePath(decoded)) throw helpdesk::HttpError(404, "not_found", "Archivo no encontrado.");
    Poco::Path path(directory_);
    path.makeDirectory();
    path.append(Poco::Path(decoded, Poco::Path::PATH_UNIX));
    Poco::File file(path);
    if (!file.exists() || !file.isFile()) throw helpdesk::HttpError(404, "not_found", "Archivo no encontrado.");
    ctx.response.set("Cache-Control", "no-cache");
    ctx.response.sendFile(path.toString(), contentTypeFor(decoded));
}

} // namespace refhost
