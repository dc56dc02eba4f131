#pragma once
// Reads entries of a zip (an xlsx) through its central directory, inflating with zlib and counting
// every byte. Poco 1.11's ZipArchive is not used: it walks the local headers from the start of the
// file trusting the sizes they state (and scans for data descriptors), so a hostile file decides
// how much it reads; here the central directory is the only index, every offset and size is
// checked against the file, and inflation stops at the caps whatever the headers claim.
#include "uploads/RowReader.h"

#include <zlib.h>

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace campaigns::uploads {

struct ZipEntryInfo {
    std::string name;
    std::uint16_t flags = 0;
    std::uint16_t method = 0;
    std::uint32_t crc32 = 0;
    std::uint64_t compressedSize = 0;
    std::uint64_t uncompressedSize = 0;
    std::uint64_t localHeaderOffset = 0;
};

class ZipArchiveReader {
public:
    // Reads the central directory. `in` must be seekable and stay alive as long as this object.
    ZipArchiveReader(std::istream& in, std::uint64_t fileSize, const ReaderLimits& limits);

    // OPC part names are case-insensitive; a leading '/' is ignored. Null when absent.
    const ZipEntryInfo* find(std::string_view name) const;
    const std::vector<ZipEntryInfo>& entries() const { return entries_; }

    // The whole inflated entry, for small parts (workbook, rels); refused past `maxBytes`.
    std::string readWhole(const ZipEntryInfo& entry, std::uint64_t maxBytes) const;

    std::istream& stream() const { return in_; }
    std::uint64_t fileSize() const { return fileSize_; }
    std::uint64_t centralDirectoryOffset() const { return centralDirOffset_; }
    const ReaderLimits& limits() const { return limits_; }

private:
    std::istream& in_;
    std::uint64_t fileSize_;
    std::uint64_t centralDirOffset_ = 0;
    ReaderLimits limits_;
    std::vector<ZipEntryInfo> entries_;
};

// Streams one entry's inflated bytes. Refuses, as soon as it is seen: more bytes than the entry
// declares or than `maxBytes`, a compression ratio beyond the limit, data running past the file,
// a deflate stream cut short, a CRC mismatch.
class ZipEntryStream {
public:
    ZipEntryStream(const ZipArchiveReader& archive, const ZipEntryInfo& entry, std::uint64_t maxBytes);
    ~ZipEntryStream();
    ZipEntryStream(const ZipEntryStream&) = delete;
    ZipEntryStream& operator=(const ZipEntryStream&) = delete;

    // Fills up to `capacity` bytes; returns 0 only at the verified end of the entry.
    std::size_t read(char* out, std::size_t capacity);

    std::uint64_t compressedConsumed() const { return compressedConsumed_; }
    std::uint64_t compressedSize() const { return entry_.compressedSize; }
    std::uint64_t inflated() const { return inflated_; }

private:
    void refill();
    void account(const char* out, std::size_t produced);
    void finish();

    const ZipArchiveReader& archive_;
    ZipEntryInfo entry_;
    std::uint64_t maxBytes_;
    std::uint64_t dataOffset_ = 0;
    std::uint64_t compressedConsumed_ = 0; // bytes taken from the file so far
    std::uint64_t inflated_ = 0;
    std::uint32_t crc_ = 0;
    bool zlibReady_ = false;
    bool done_ = false;
    z_stream z_{};
    std::vector<unsigned char> input_;
};

} // namespace campaigns::uploads
