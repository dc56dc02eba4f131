#pragma once
#include <helpdesk/Http.h>

#include <string>

namespace refhost {

// Serves files below one folder; refuses paths that would leave it.
class StaticFiles {
public:
    explicit StaticFiles(std::string directory);
    // `relative` is the part of the URL below the prefix. Answers 404 for missing or unsafe paths.
    void serve(helpdesk::RequestContext& ctx, const std::string& relative) const;
    static std::string contentTypeFor(const std::string& fileName);
    // False for empty paths, "..", backslashes and NULs: anything that could escape the folder.
    static bool safeRelativePath(const std::string& relative);

private:
    std::string directory_;
};

} // namespace refhost
