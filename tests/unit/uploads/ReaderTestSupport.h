#pragma once
// Helpers shared by the reader tests: temporary files, a zip writer whose headers can be made to
// lie, and a probe that measures how long and how much memory a refusal took.
#include "uploads/RowReader.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace campaigns::uploads::test {

// A folder under /tmp removed with everything in it when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

void writeFile(const std::string& path, const std::string& bytes);
std::string readFile(const std::string& path);

std::vector<Row> readAll(RowReader& reader);

// Raw deflate (as stored in zip entries).
std::string deflateRaw(const std::string& data);
// A raw deflate stream of `prefix`, then `fillBytes` copies of `fill`, then `suffix`, built from
// one compressed block repeated, so a gigabyte costs a few milliseconds and about 1 MB.
std::string deflateBomb(const std::string& prefix, char fill, std::uint64_t fillBytes, const std::string& suffix);
std::uint32_t crc32Of(const std::string& data);

struct ZipPart {
    ZipPart(std::string name_, std::string content_) : name(std::move(name_)), content(std::move(content_)) {}
    std::string name;
    std::string content; // uncompressed, unless `precompressed` is set
    bool deflate = true;
    std::optional<std::string> precompressed; // raw deflate data to store as is
    // Values written into the headers in place of the true ones, to make the zip lie.
    std::optional<std::uint64_t> declaredUncompressed;
    std::optional<std::uint64_t> declaredCompressed;
    std::optional<std::uint32_t> declaredCrc;
    std::optional<std::uint64_t> declaredOffset; // zip64 keeps all 64 bits, the 32-bit slot the low half
    // Central directory keeps sizes and offset in a zip64 extra field (0xFFFFFFFF in the slots).
    bool zip64 = false;
};

std::string buildZip(const std::vector<ZipPart>& parts);

// The parts of a minimal one-sheet workbook around the given worksheet XML.
std::vector<ZipPart> minimalXlsx(const std::string& sheetXml, const std::string& sharedStringsXml = "");
std::string sheetXml(const std::string& sheetDataContent);

struct Refusal {
    std::string code; // empty when nothing was thrown
    std::string message;
    double seconds = 0;
    std::int64_t peakGrowthKb = 0; // VmHWM reached minus VmRSS before
};

// Runs `action` expecting a FileRejected, measuring time and peak resident memory.
Refusal measureRefusal(const std::function<void()>& action);

// Reads every row of the file through the factory.
void readEverything(const std::string& path, const std::string& originalName, const ReaderLimits& limits = {});

} // namespace campaigns::uploads::test
