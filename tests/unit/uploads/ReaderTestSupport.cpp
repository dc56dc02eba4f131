#include "ReaderTestSupport.h"

#include <zlib.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace campaigns::uploads::test {
namespace {

void put16(std::string& out, std::uint32_t v) {
    out.push_back(static_cast<char>(v & 0xFF));
    out.push_back(static_cast<char>((v >> 8) & 0xFF));
}
void put32(std::string& out, std::uint32_t v) {
    put16(out, v & 0xFFFF);
    put16(out, v >> 16);
}

std::int64_t statusKb(const std::string& key) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind(key + ":", 0) == 0) return std::strtoll(line.c_str() + key.size() + 1, nullptr, 10);
    throw std::runtime_error("no " + key + " in /proc/self/status");
}

} // namespace

TempDir::TempDir() {
    char pattern[] = "/tmp/uploads-readers-XXXXXX";
    if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored; // a leftover temp folder must not turn a passing test into a crash
    std::filesystem::remove_all(path_, ignored);
}

void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path);
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::vector<Row> readAll(RowReader& reader) {
    std::vector<Row> rows;
    Row row;
    while (reader.next(row)) rows.push_back(row);
    return rows;
}

std::string deflateRaw(const std::string& data) {
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2");
    std::string out(deflateBound(&z, data.size()) + 16, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate");
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

std::string deflateBomb(const std::string& prefix, char fill, std::uint64_t fillBytes, const std::string& suffix) {
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2");
    auto compress = [&](const std::string& data, int flush) {
        std::string out(deflateBound(&z, data.size()) + 64, '\0');
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
        z.avail_in = static_cast<uInt>(data.size());
        z.next_out = reinterpret_cast<Bytef*>(out.data());
        z.avail_out = static_cast<uInt>(out.size());
        deflate(&z, flush);
        out.resize(out.size() - z.avail_out);
        return out;
    };
    // A full flush ends on a byte boundary and forgets the history, so the block for one megabyte
    // of filler decodes the same wherever it is repeated.
    constexpr std::uint64_t kBlock = 1 << 20;
    std::string stream = compress(prefix, Z_FULL_FLUSH);
    const std::string block = compress(std::string(kBlock, fill), Z_FULL_FLUSH);
    for (std::uint64_t i = 0; i < fillBytes / kBlock; ++i) stream += block;
    stream += compress(std::string(fillBytes % kBlock, fill), Z_FULL_FLUSH);
    stream += compress(suffix, Z_FINISH);
    deflateEnd(&z);
    return stream;
}

std::uint32_t crc32Of(const std::string& data) {
    return static_cast<std::uint32_t>(::crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
}

std::string buildZip(const std::vector<ZipPart>& parts) {
    std::string zip;
    std::string directory;
    for (const ZipPart& part : parts) {
        const std::string data = part.precompressed ? *part.precompressed
                                 : part.deflate     ? deflateRaw(part.content)
                                                    : part.content;
        const std::uint16_t method = (part.deflate || part.precompressed) ? 8 : 0;
        const auto crc = part.declaredCrc.value_or(crc32Of(part.content));
        // Zip64 extra fields carry the declared values whole; the 32-bit slots only their low half.
        const std::uint64_t compressed64 = part.declaredCompressed.value_or(data.size());
        const std::uint64_t uncompressed64 = part.declaredUncompressed.value_or(part.content.size());
        const std::uint64_t offset64 = part.declaredOffset.value_or(zip.size());
        const auto compressed = static_cast<std::uint32_t>(compressed64);
        const auto uncompressed = static_cast<std::uint32_t>(uncompressed64);
        const auto offset = static_cast<std::uint32_t>(offset64);

        put32(zip, 0x04034b50);
        put16(zip, 20), put16(zip, 0), put16(zip, method), put16(zip, 0), put16(zip, 0x21);
        put32(zip, crc), put32(zip, compressed), put32(zip, uncompressed);
        put16(zip, static_cast<std::uint32_t>(part.name.size())), put16(zip, 0);
        zip += part.name;
        zip += data;

        put32(directory, 0x02014b50);
        put16(directory, 20), put16(directory, 20), put16(directory, 0), put16(directory, method);
        put16(directory, 0), put16(directory, 0x21);
        std::string extra;
        if (part.zip64) {
            put16(extra, 0x0001), put16(extra, 24);
            for (std::uint64_t value : {uncompressed64, compressed64, offset64})
                put32(extra, static_cast<std::uint32_t>(value)), put32(extra, static_cast<std::uint32_t>(value >> 32));
        }
        const std::uint32_t slot = 0xFFFFFFFFu;
        put32(directory, crc);
        put32(directory, part.zip64 ? slot : compressed), put32(directory, part.zip64 ? slot : uncompressed);
        put16(directory, static_cast<std::uint32_t>(part.name.size()));
        put16(directory, static_cast<std::uint32_t>(extra.size())), put16(directory, 0), put16(directory, 0), put16(directory, 0);
        put32(directory, 0), put32(directory, part.zip64 ? slot : offset);
        directory += part.name;
        directory += extra;
    }
    const auto directoryOffset = static_cast<std::uint32_t>(zip.size());
    zip += directory;
    put32(zip, 0x06054b50);
    put16(zip, 0), put16(zip, 0);
    put16(zip, static_cast<std::uint32_t>(parts.size())), put16(zip, static_cast<std::uint32_t>(parts.size()));
    put32(zip, static_cast<std::uint32_t>(directory.size())), put32(zip, directoryOffset);
    put16(zip, 0);
    return zip;
}

std::string sheetXml(const std::string& sheetDataContent) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
           "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" +
           sheetDataContent + "</sheetData></worksheet>";
}

std::vector<ZipPart> minimalXlsx(const std::string& sheet, const std::string& sharedStringsXml) {
    const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    std::vector<ZipPart> parts{
        {"[Content_Types].xml",
         "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
        {"_rels/.rels",
         "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"" +
             rel + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
        {"xl/workbook.xml",
         "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
         "xmlns:r=\"" +
             rel + "\"><sheets><sheet name=\"Hoja1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels",
         "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" Type=\"" +
             rel + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>" +
             (sharedStringsXml.empty()
                  ? ""
                  : "<Relationship Id=\"rId2\" Type=\"" + rel + "/sharedStrings\" Target=\"sharedStrings.xml\"/>") +
             "</Relationships>"},
        {"xl/worksheets/sheet1.xml", sheet},
    };
    if (!sharedStringsXml.empty()) parts.push_back({"xl/sharedStrings.xml", sharedStringsXml});
    return parts;
}

Refusal measureRefusal(const std::function<void()>& action) {
    {
        // Resets VmHWM to the current RSS (Linux >= 4.0) so the peak belongs to this action.
        std::ofstream clear("/proc/self/clear_refs");
        clear << "5";
    }
    const std::int64_t before = statusKb("VmRSS");
    Refusal result;
    const auto start = std::chrono::steady_clock::now();
    try {
        action();
    } catch (const FileRejected& rejected) {
        result.code = rejected.code;
        result.message = rejected.what();
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.peakGrowthKb = statusKb("VmHWM") - before;
    return result;
}

void readEverything(const std::string& path, const std::string& originalName, const ReaderLimits& limits) {
    auto reader = openRowReader(path, originalName, limits);
    Row row;
    while (reader->next(row)) {}
}

} // namespace campaigns::uploads::test
