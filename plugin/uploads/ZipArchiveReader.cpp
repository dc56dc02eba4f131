#include "uploads/ZipArchiveReader.h"

#include "uploads/ZipRejections.h"

#include <algorithm>
#include <cstring>

namespace campaigns::uploads {
namespace {

constexpr std::uint32_t kLocalHeaderSig = 0x04034b50;
constexpr std::uint32_t kCentralHeaderSig = 0x02014b50;
constexpr std::uint32_t kEndOfCentralDirSig = 0x06054b50;
constexpr std::size_t kEndOfCentralDirSize = 22;
constexpr std::size_t kCentralHeaderSize = 46;
constexpr std::size_t kLocalHeaderSize = 30;
constexpr std::size_t kMaxCommentSize = 0xFFFF;
constexpr std::size_t kInputChunk = 64 * 1024;

std::uint16_t le16(const unsigned char* p) { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }
std::uint32_t le32(const unsigned char* p) {
    return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) | (static_cast<std::uint32_t>(p[2]) << 16) |
           (static_cast<std::uint32_t>(p[3]) << 24);
}
std::uint64_t le64(const unsigned char* p) {
    return static_cast<std::uint64_t>(le32(p)) | (static_cast<std::uint64_t>(le32(p + 4)) << 32);
}

// Reads exactly `n` bytes at `offset`; a short read means the file ends before its own structures.
void readAt(std::istream& in, std::uint64_t offset, unsigned char* out, std::size_t n) {
    in.clear();
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(n));
    if (static_cast<std::size_t>(in.gcount()) != n) throw zipRejections::truncated();
}

std::string foldName(std::string_view name) {
    if (!name.empty() && name.front() == '/') name.remove_prefix(1);
    std::string folded(name);
    for (char& c : folded)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return folded;
}

// True when `length` bytes from `offset` end at or before `limit`. Zip64 offsets and sizes are
// 64-bit, so "offset + length" is never formed: it could wrap around and pass (found by fuzzing).
bool endsBy(std::uint64_t offset, std::uint64_t length, std::uint64_t limit) {
    return offset <= limit && length <= limit - offset;
}

// Zip64 keeps the real values in extra field 0x0001, in this order, only for the fields whose
// 32-bit slot holds 0xFFFFFFFF.
void applyZip64Extra(const unsigned char* extra, std::size_t length, ZipEntryInfo& entry, bool needUncompressed,
                     bool needCompressed, bool needOffset) {
    std::size_t pos = 0;
    while (pos + 4 <= length) {
        const std::uint16_t id = le16(extra + pos);
        const std::uint16_t size = le16(extra + pos + 2);
        if (pos + 4 + size > length) break;
        if (id == 0x0001) {
            const unsigned char* field = extra + pos + 4;
            std::size_t used = 0;
            auto take = [&](std::uint64_t& target) {
                if (used + 8 > size) throw zipRejections::corrupt("índice zip64 incompleto");
                target = le64(field + used);
                used += 8;
            };
            if (needUncompressed) take(entry.uncompressedSize);
            if (needCompressed) take(entry.compressedSize);
            if (needOffset) take(entry.localHeaderOffset);
            return;
        }
        pos += 4 + size;
    }
    throw zipRejections::corrupt("falta el tamaño zip64 de una parte");
}

} // namespace

ZipArchiveReader::ZipArchiveReader(std::istream& in, std::uint64_t fileSize, const ReaderLimits& limits)
    : in_(in), fileSize_(fileSize), limits_(limits) {
    unsigned char magic[4] = {};
    if (fileSize < 4) throw zipRejections::notXlsx();
    readAt(in_, 0, magic, 4);
    if (le32(magic) != kLocalHeaderSig) throw zipRejections::notXlsx();
    if (fileSize < kEndOfCentralDirSize) throw zipRejections::truncated();

    // The end record sits in the last 22 bytes plus an optional comment of up to 64 KB.
    const std::size_t tailSize =
        static_cast<std::size_t>(std::min<std::uint64_t>(fileSize, kEndOfCentralDirSize + kMaxCommentSize));
    std::vector<unsigned char> tail(tailSize);
    readAt(in_, fileSize - tailSize, tail.data(), tailSize);
    std::size_t eocd = std::string::npos;
    for (std::size_t i = tailSize - kEndOfCentralDirSize + 1; i-- > 0;) {
        if (le32(&tail[i]) == kEndOfCentralDirSig && i + kEndOfCentralDirSize + le16(&tail[i + 20]) <= tailSize) {
            eocd = i;
            break;
        }
    }
    // The file starts like a zip but its end record is gone: it was cut.
    if (eocd == std::string::npos) throw zipRejections::truncated();

    const unsigned char* end = &tail[eocd];
    const std::uint16_t diskNumber = le16(end + 4);
    const std::uint16_t centralDirDisk = le16(end + 6);
    const std::uint16_t entryCount = le16(end + 10);
    const std::uint32_t centralDirSize = le32(end + 12);
    const std::uint32_t centralDirOffset = le32(end + 16);
    if (diskNumber != 0 || centralDirDisk != 0) throw zipRejections::unsupported("zip en varias partes");
    if (entryCount == 0xFFFF || centralDirSize == 0xFFFFFFFFu || centralDirOffset == 0xFFFFFFFFu)
        throw zipRejections::unsupported("zip64 de más de 4 GB");
    if (entryCount > limits_.maxZipEntries) throw zipRejections::corrupt("demasiadas partes internas");
    const std::uint64_t eocdOffset = fileSize - tailSize + eocd;
    if (static_cast<std::uint64_t>(centralDirOffset) + centralDirSize > eocdOffset)
        throw zipRejections::corrupt("el índice interno apunta fuera del archivo");
    if (centralDirSize > limits_.maxSmallPartBytes) throw zipRejections::corrupt("índice interno desmesurado");
    centralDirOffset_ = centralDirOffset;

    std::vector<unsigned char> dir(centralDirSize);
    if (centralDirSize > 0) readAt(in_, centralDirOffset, dir.data(), centralDirSize);
    entries_.reserve(entryCount);
    std::size_t pos = 0;
    for (std::size_t i = 0; i < entryCount; ++i) {
        if (pos + kCentralHeaderSize > dir.size() || le32(&dir[pos]) != kCentralHeaderSig)
            throw zipRejections::corrupt("índice interno ilegible");
        const unsigned char* h = &dir[pos];
        const std::uint16_t nameLength = le16(h + 28);
        const std::uint16_t extraLength = le16(h + 30);
        const std::uint16_t commentLength = le16(h + 32);
        if (pos + kCentralHeaderSize + nameLength + extraLength + commentLength > dir.size())
            throw zipRejections::corrupt("índice interno ilegible");
        ZipEntryInfo entry;
        entry.flags = le16(h + 8);
        entry.method = le16(h + 10);
        entry.crc32 = le32(h + 16);
        entry.compressedSize = le32(h + 20);
        entry.uncompressedSize = le32(h + 24);
        entry.localHeaderOffset = le32(h + 42);
        entry.name.assign(reinterpret_cast<const char*>(h + kCentralHeaderSize), nameLength);
        const bool needU = entry.uncompressedSize == 0xFFFFFFFFu;
        const bool needC = entry.compressedSize == 0xFFFFFFFFu;
        const bool needO = entry.localHeaderOffset == 0xFFFFFFFFu;
        if (needU || needC || needO)
            applyZip64Extra(h + kCentralHeaderSize + nameLength, extraLength, entry, needU, needC, needO);
        // Every entry's data lies before the central directory; anything else is a lie.
        if (!endsBy(entry.localHeaderOffset, kLocalHeaderSize, centralDirOffset_) ||
            !endsBy(entry.localHeaderOffset + kLocalHeaderSize, entry.compressedSize, centralDirOffset_))
            throw zipRejections::corrupt("una parte declara un tamaño o una posición imposibles");
        entries_.push_back(std::move(entry));
        pos += kCentralHeaderSize + nameLength + extraLength + commentLength;
    }
}

const ZipEntryInfo* ZipArchiveReader::find(std::string_view name) const {
    const std::string wanted = foldName(name);
    for (const auto& entry : entries_)
        if (foldName(entry.name) == wanted) return &entry;
    return nullptr;
}

std::string ZipArchiveReader::readWhole(const ZipEntryInfo& entry, std::uint64_t maxBytes) const {
    ZipEntryStream stream(*this, entry, maxBytes);
    std::string out;
    char buffer[16 * 1024];
    while (std::size_t n = stream.read(buffer, sizeof buffer)) out.append(buffer, n);
    return out;
}

ZipEntryStream::ZipEntryStream(const ZipArchiveReader& archive, const ZipEntryInfo& entry, std::uint64_t maxBytes)
    : archive_(archive), entry_(entry), maxBytes_(maxBytes) {
    if (entry_.flags & 0x0001) throw zipRejections::unsupported("partes cifradas con contraseña");
    if (entry_.method != 0 && entry_.method != Z_DEFLATED)
        throw zipRejections::unsupported("método de compresión " + std::to_string(entry_.method));
    // What the directory declares is judged before inflating a byte; what the data really holds
    // is judged again while inflating, in account().
    const bool declaresBomb =
        entry_.uncompressedSize > archive_.limits().ratioGraceBytes &&
        entry_.uncompressedSize > archive_.limits().maxCompressionRatio * std::max<std::uint64_t>(entry_.compressedSize, 1);
    if (declaresBomb) throw zipRejections::zipBomb();
    if (entry_.uncompressedSize > maxBytes_) throw zipRejections::tooLarge(maxBytes_);
    unsigned char local[kLocalHeaderSize];
    readAt(archive_.stream(), entry_.localHeaderOffset, local, kLocalHeaderSize);
    if (le32(local) != kLocalHeaderSig) throw zipRejections::corrupt("una parte no está donde dice el índice");
    dataOffset_ = entry_.localHeaderOffset + kLocalHeaderSize + le16(local + 26) + le16(local + 28);
    if (!endsBy(dataOffset_, entry_.compressedSize, archive_.centralDirectoryOffset()))
        throw zipRejections::corrupt("una parte declara un tamaño imposible");
    if (entry_.method == Z_DEFLATED) {
        // Negative window bits: zip holds raw deflate data, without zlib's header.
        if (inflateInit2(&z_, -MAX_WBITS) != Z_OK) throw std::runtime_error("zlib: inflateInit2 failed");
        zlibReady_ = true;
    }
    crc_ = static_cast<std::uint32_t>(::crc32(0L, Z_NULL, 0));
}

ZipEntryStream::~ZipEntryStream() {
    if (zlibReady_) inflateEnd(&z_);
}

void ZipEntryStream::refill() {
    const std::uint64_t remaining = entry_.compressedSize - compressedConsumed_;
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, kInputChunk));
    input_.resize(n);
    if (n > 0) readAt(archive_.stream(), dataOffset_ + compressedConsumed_, input_.data(), n);
    compressedConsumed_ += n;
    z_.next_in = input_.data();
    z_.avail_in = static_cast<uInt>(n);
}

void ZipEntryStream::account(const char* out, std::size_t produced) {
    inflated_ += produced;
    if (inflated_ > entry_.uncompressedSize) {
        // The directory promised less than the data holds: the classic way to slip a bomb past a
        // size check. Past our own cap it is a bomb whatever the reason.
        if (inflated_ > maxBytes_ ||
            inflated_ > archive_.limits().maxCompressionRatio * std::max<std::uint64_t>(compressedConsumed_, 1))
            throw zipRejections::zipBomb();
        throw zipRejections::corrupt("una parte es más grande de lo que declara el índice");
    }
    if (inflated_ > archive_.limits().ratioGraceBytes &&
        inflated_ > archive_.limits().maxCompressionRatio * std::max<std::uint64_t>(compressedConsumed_, 1))
        throw zipRejections::zipBomb();
    crc_ = static_cast<std::uint32_t>(::crc32(crc_, reinterpret_cast<const Bytef*>(out), static_cast<uInt>(produced)));
}

void ZipEntryStream::finish() {
    done_ = true;
    if (inflated_ != entry_.uncompressedSize)
        throw zipRejections::corrupt("una parte es más pequeña de lo que declara el índice");
    if (crc_ != entry_.crc32) throw zipRejections::corrupt("el contenido no coincide con su suma de control");
}

std::size_t ZipEntryStream::read(char* out, std::size_t capacity) {
    if (done_ || capacity == 0) return 0;
    if (entry_.method == 0) {
        const std::uint64_t remaining = entry_.compressedSize - compressedConsumed_;
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining, capacity));
        if (n == 0) {
            finish();
            return 0;
        }
        readAt(archive_.stream(), dataOffset_ + compressedConsumed_, reinterpret_cast<unsigned char*>(out), n);
        compressedConsumed_ += n;
        account(out, n);
        return n;
    }
    z_.next_out = reinterpret_cast<Bytef*>(out);
    z_.avail_out = static_cast<uInt>(std::min<std::size_t>(capacity, 1u << 30));
    const uInt offered = z_.avail_out;
    bool ended = false;
    while (z_.avail_out == offered) {
        if (z_.avail_in == 0) {
            if (compressedConsumed_ == entry_.compressedSize) {
                throw zipRejections::truncated();
            }
            refill();
        }
        const int rc = inflate(&z_, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            ended = true;
            break;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) throw zipRejections::corrupt("datos comprimidos inválidos");
    }
    const std::size_t produced = offered - z_.avail_out;
    account(out, produced);
    // Sizes and CRC are verified before the last bytes are handed out.
    if (ended) finish();
    return produced;
}

} // namespace campaigns::uploads
