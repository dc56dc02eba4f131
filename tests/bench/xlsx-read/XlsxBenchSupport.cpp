#include "XlsxBenchSupport.h"

#include "uploads/XlsxPackage.h"
#include "uploads/ZipArchiveReader.h"

#include <expat.h>
#include <sys/resource.h>
#include <xlsxwriter.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <vector>

using namespace campaigns::uploads;

namespace benchsupport {

std::string phoneOf(int i) { return std::to_string(56900000000LL + i); }
std::string nameOf(int i) { return "Nombre Apellido " + std::to_string(i % 9973); }
std::string cityOf(int i) { return i % 3 == 0 ? "Viña del Mar" : i % 3 == 1 ? "Santiago" : "Ñuñoa"; }
std::string codeOf(int i) { return "COD-" + std::to_string(i * 7 % 100000); }

void writeXlsx(const std::string& path, bool constantMemory, int dataRows) {
    writeXlsx(path, constantMemory, dataRows, {"telefono", "nombre", "ciudad", "codigo"}, [](int i, std::size_t column) {
        return column == 1 ? nameOf(i) : column == 2 ? cityOf(i) : codeOf(i);
    });
}

void writeXlsx(const std::string& path, bool constantMemory, int dataRows, const std::vector<std::string>& header,
               const std::function<std::string(int, std::size_t)>& text) {
    lxw_workbook_options options{};
    options.constant_memory = constantMemory ? LXW_TRUE : LXW_FALSE;
    lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
    lxw_worksheet* sheet = workbook_add_worksheet(book, "Contactos");
    for (std::size_t c = 0; c < header.size(); ++c)
        worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), header[c].c_str(), nullptr);
    for (int i = 1; i <= dataRows; ++i) {
        const auto r = static_cast<lxw_row_t>(i);
        worksheet_write_number(sheet, r, 0, 56900000000.0 + i, nullptr);
        for (std::size_t c = 1; c < header.size(); ++c)
            worksheet_write_string(sheet, r, static_cast<lxw_col_t>(c), text(i, c).c_str(), nullptr);
    }
    if (workbook_close(book) != LXW_NO_ERROR) throw std::runtime_error("libxlsxwriter failed");
}

long peakKb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

double cpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

namespace {
void XMLCALL countStart(void* count, const XML_Char*, const XML_Char**) { ++*static_cast<long*>(count); }
void XMLCALL ignoreEnd(void*, const XML_Char*) {}
} // namespace

long xlsxFloor(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    const auto size = std::filesystem::file_size(path);
    ZipArchiveReader archive(file, size, ReaderLimits{});
    const ZipEntryInfo& entry = *locateXlsxParts(archive).sheet;
    unsigned char local[30];
    file.seekg(static_cast<std::streamoff>(entry.localHeaderOffset));
    file.read(reinterpret_cast<char*>(local), 30);
    file.seekg(
        static_cast<std::streamoff>(entry.localHeaderOffset + 30 + (local[26] | local[27] << 8) + (local[28] | local[29] << 8)));

    long elements = 0;
    XML_Parser parser = XML_ParserCreate("UTF-8");
    XML_SetUserData(parser, &elements);
    XML_SetElementHandler(parser, countStart, ignoreEnd);
    z_stream z{};
    inflateInit2(&z, -MAX_WBITS);
    std::vector<char> in(64 * 1024), out(64 * 1024);
    std::uint64_t remaining = entry.compressedSize;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (z.avail_in == 0) {
            const auto n = static_cast<std::streamsize>(std::min<std::uint64_t>(remaining, in.size()));
            file.read(in.data(), n);
            remaining -= static_cast<std::uint64_t>(n);
            z.next_in = reinterpret_cast<Bytef*>(in.data());
            z.avail_in = static_cast<uInt>(n);
        }
        z.next_out = reinterpret_cast<Bytef*>(out.data());
        z.avail_out = static_cast<uInt>(out.size());
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) throw std::runtime_error("inflate failed");
        XML_Parse(parser, out.data(), static_cast<int>(out.size() - z.avail_out), rc == Z_STREAM_END);
    }
    inflateEnd(&z);
    XML_ParserFree(parser);
    return elements;
}

void printMeasurement(double seconds, long count) {
    std::cout << seconds << ' ' << cpuSeconds() << ' ' << peakKb() << ' ' << count << '\n';
}

Figure runMeasurement(const std::string& command, const std::string& what) {
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) throw std::runtime_error("popen failed");
    Figure figure;
    long kb = 0;
    const int fields = std::fscanf(pipe, "%lf %lf %ld %ld", &figure.seconds, &figure.cpu, &kb, &figure.count);
    if (pclose(pipe) != 0 || fields != 4) throw std::runtime_error(what + " failed");
    figure.mb = static_cast<double>(kb) / 1024.0;
    return figure;
}

std::string selfPath() { return std::filesystem::read_symlink("/proc/self/exe"); }

} // namespace benchsupport
