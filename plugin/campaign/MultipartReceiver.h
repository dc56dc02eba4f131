#pragma once
// Reads a multipart/form-data request, streaming every file part to disk with a size cap so an
// upload is never whole in memory. Text fields are kept (small).
#include <helpdesk/Http.h>

#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <string>
#include <vector>

namespace campaigns::campaign {

struct ReceivedFile {
    std::string field, fileName, contentType, path;
    std::uint64_t size = 0;
};

struct ReceivedForm {
    std::map<std::string, std::string> fields;
    std::vector<ReceivedFile> files; // on disk; the caller moves or deletes them
    void discardFiles();
};

// Thrown by copyToFile past its cap.
struct FileTooLarge {};

// Copies `in` to a new file at `path`, at most `maxBytes`, and returns the bytes written. Throws
// FileTooLarge past the cap and Poco::WriteFileException when the disk refuses a byte (full disk,
// I/O error): a truncated copy must never be taken for the whole upload, whose missing rows would
// be recipients silently lost.
std::uint64_t copyToFile(std::istream& in, const std::string& path, std::uint64_t maxBytes);

// `newPath` gives a fresh file path per part. Throws HttpError 400 (not multipart) or 413 (a file
// over `maxFileBytes`, Spanish message naming the limit) or 507 (the file could not be written
// whole); files written so far are deleted then.
ReceivedForm receiveMultipart(helpdesk::RequestContext& ctx, std::uint64_t maxFileBytes,
                              const std::function<std::string()>& newPath);

} // namespace campaigns::campaign
