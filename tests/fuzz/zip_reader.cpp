// Fuzz target: the zip layer (uploads/ZipArchiveReader.h) and, over the same bytes, the whole xlsx
// reader that stands on it (package relationships, shared strings, sheet). Any bytes starting with
// "PK\3\4" reach this code from an upload. FileRejected is the documented refusal; anything else
// escaping, a sanitizer report or a broken invariant below is a finding.
#include "FuzzCheck.h"
#include "XlsxRowChecks.h"
#include "uploads/XlsxReader.h"
#include "uploads/ZipArchiveReader.h"

#include <zlib.h>

#include <sstream>
#include <string>

using namespace campaigns::uploads;

namespace {

constexpr std::uint64_t kMaxEntryBytes = 1u << 20;

// Every entry read to its end must hold exactly what the directory declares.
void readEntries(const ZipArchiveReader& archive, const ReaderLimits& limits) {
    FUZZ_CHECK(archive.entries().size() <= limits.maxZipEntries);
    FUZZ_CHECK(archive.centralDirectoryOffset() <= archive.fileSize());
    char buffer[16 * 1024];
    for (const ZipEntryInfo& entry : archive.entries()) {
        // What the directory lists was checked to lie before it (a local header, then the data);
        // computed here without any sum that could wrap.
        const std::uint64_t directory = archive.centralDirectoryOffset();
        FUZZ_CHECK(entry.localHeaderOffset <= directory && 30 <= directory - entry.localHeaderOffset &&
                   entry.compressedSize <= directory - entry.localHeaderOffset - 30);
        try {
            ZipEntryStream stream(archive, entry, kMaxEntryBytes);
            std::uint64_t total = 0;
            auto crc = static_cast<std::uint32_t>(::crc32(0L, Z_NULL, 0));
            while (std::size_t n = stream.read(buffer, sizeof buffer)) {
                FUZZ_CHECK(n <= sizeof buffer);
                total += n;
                crc = static_cast<std::uint32_t>(::crc32(crc, reinterpret_cast<const Bytef*>(buffer), static_cast<uInt>(n)));
                FUZZ_CHECK(total <= kMaxEntryBytes);
                FUZZ_CHECK(stream.compressedConsumed() <= stream.compressedSize());
            }
            FUZZ_CHECK(total == entry.uncompressedSize);
            FUZZ_CHECK(crc == entry.crc32);
            FUZZ_CHECK(stream.inflated() == total);
        } catch (const FileRejected& rejected) {
            FUZZ_CHECK(!rejected.code.empty());
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    const ReaderLimits limits = campaigns::fuzz::xlsxFuzzLimits();
    try {
        std::istringstream in(bytes);
        ZipArchiveReader archive(in, size, limits);
        readEntries(archive, limits);
    } catch (const FileRejected& rejected) {
        FUZZ_CHECK(!rejected.code.empty());
    }
    try {
        std::istringstream in(bytes);
        XlsxReader reader(in, size, limits);
        campaigns::fuzz::drainXlsxRows(reader, limits);
    } catch (const FileRejected& rejected) {
        FUZZ_CHECK(!rejected.code.empty());
    }
    return 0;
}
