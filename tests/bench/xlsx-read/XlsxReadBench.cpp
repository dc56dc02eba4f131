// Benchmark of the upload readers against their floor, measured in the same run:
//   xlsx: 1,000,000 rows (phone + 3 text columns) written by libxlsxwriter in constant-memory mode;
//         floor = plain streaming unzip (zlib) + expat SAX pass over the same sheet, no cell work.
//   csv:  the same rows; floor = reading the file and counting line breaks.
// Each measurement runs in its own process (this binary re-executed with --measure) so its peak
// resident memory (VmHWM) is its own. Exits 1 when a figure is over its budget.
#include "XlsxBenchSupport.h"
#include "uploads/CsvReader.h"
#include "uploads/XlsxReader.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace campaigns::uploads;
using namespace benchsupport;

namespace {

constexpr int kRows = 1'000'000;
constexpr double kXlsxBudgetSeconds = 4.0;
constexpr double kCsvBudgetSeconds = 1.5;
constexpr double kBudgetMb = 200.0;

void writeCsv(const std::string& path) {
    std::ofstream out(path, std::ios::binary);
    out << "telefono;nombre;ciudad;codigo\n";
    for (int i = 1; i < kRows; ++i) out << phoneOf(i) << ';' << nameOf(i) << ';' << cityOf(i) << ';' << codeOf(i) << '\n';
}

long readRows(RowReader& reader) {
    Row row;
    long rows = 0;
    std::size_t bytes = 0;
    while (reader.next(row)) {
        ++rows;
        for (const auto& cell : row.cells) bytes += cell.size();
    }
    return bytes > 0 ? rows : -1;
}

long csvFloor(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::vector<char> buffer(64 * 1024);
    long lines = 0;
    while (file) {
        file.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto n = static_cast<std::size_t>(file.gcount());
        for (const char* p = buffer.data(); (p = static_cast<const char*>(std::memchr(p, '\n', buffer.data() + n - p))); ++p)
            ++lines;
    }
    return lines;
}

int measure(const std::string& what, const std::string& path) {
    const auto start = std::chrono::steady_clock::now();
    long count = 0;
    if (what == "xlsx-floor") {
        count = xlsxFloor(path);
    } else if (what == "xlsx-reader") {
        XlsxReader reader(path);
        count = readRows(reader);
    } else if (what == "csv-floor") {
        count = csvFloor(path);
    } else if (what == "csv-reader") {
        CsvReader reader(path);
        count = readRows(reader);
    } else {
        return 2;
    }
    printMeasurement(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), count);
    return 0;
}

Figure run(const std::string& self, const std::string& what, const std::string& path) {
    return runMeasurement("'" + self + "' --measure " + what + " '" + path + "'", what);
}

// Section 8 of the design states budgets as ratios to a floor measured in the same run (4 s against
// a 2 s floor): on a loaded machine both slow down together, so the ratio is what is judged; the
// absolute figures are printed beside it.
bool report(const std::string& title, const Figure& floor, const Figure& ours, double budgetSeconds, double floorSeconds) {
    char line[320];
    std::cout << title << "\n";
    std::snprintf(line, sizeof line, "  %-8s %7.2f s wall %7.2f s cpu %8.1f MB peak\n", "floor", floor.seconds, floor.cpu,
                  floor.mb);
    std::cout << line;
    // floorSeconds == 0: the budget has no reference floor and is judged in absolute terms only.
    const double ratio = ours.seconds / floor.seconds;
    const bool withinTime = ours.seconds <= budgetSeconds || (floorSeconds > 0 && ratio <= budgetSeconds / floorSeconds);
    const bool ok = withinTime && ours.mb <= kBudgetMb && ours.count == kRows;
    char budget[64];
    if (floorSeconds > 0)
        std::snprintf(budget, sizeof budget, "%.1f s = %.1fx floor", budgetSeconds, budgetSeconds / floorSeconds);
    else
        std::snprintf(budget, sizeof budget, "%.1f s", budgetSeconds);
    std::snprintf(line, sizeof line, "  %-8s %7.2f s wall %7.2f s cpu %8.1f MB peak   %.2fx floor (budget %s, %.0f MB) %s\n",
                  "reader", ours.seconds, ours.cpu, ours.mb, ratio, budget, kBudgetMb, ok ? "OK" : "OVER BUDGET");
    std::cout << line;
    if (ours.count != kRows) std::cout << "  reader returned " << ours.count << " rows, expected " << kRows << "\n";
    return ok;
}

} // namespace

int main(int argc, char** argv) {
    try {
        if (argc == 4 && std::string(argv[1]) == "--measure") return measure(argv[2], argv[3]);
        const std::string self = selfPath();
        const auto dir = std::filesystem::temp_directory_path() / ("bench-xlsx-read-" + std::to_string(getpid()));
        std::filesystem::create_directories(dir);
        const std::string inlineXlsx = (dir / "inline.xlsx").string();
        const std::string sharedXlsx = (dir / "shared.xlsx").string();
        const std::string csv = (dir / "contactos.csv").string();
        std::cout << "Writing " << kRows << " rows (phone + 3 text columns) as xlsx (inline and shared strings) and csv...\n"
                  << std::flush;
        writeXlsx(inlineXlsx, true, kRows - 1);
        writeXlsx(sharedXlsx, false, kRows - 1);
        writeCsv(csv);
        std::cout << "xlsx " << std::filesystem::file_size(inlineXlsx) / 1e6 << " MB / "
                  << std::filesystem::file_size(sharedXlsx) / 1e6 << " MB, csv " << std::filesystem::file_size(csv) / 1e6
                  << " MB\n";
        bool ok = true;
        for (const auto& [title, path] :
             {std::pair<std::string, std::string>{"xlsx, libxlsxwriter constant memory (inline strings)", inlineXlsx},
              {"xlsx, libxlsxwriter normal mode (shared strings, as Excel writes)", sharedXlsx}}) {
            const Figure floor = run(self, "xlsx-floor", path);
            const Figure ours = run(self, "xlsx-reader", path);
            ok = report(title, floor, ours, kXlsxBudgetSeconds, 2.0) && ok;
        }
        const Figure csvFloor = run(self, "csv-floor", csv);
        const Figure csvReader = run(self, "csv-reader", csv);
        // The CSV budget has no floor of its own in the design; 1.5 s is judged as is.
        ok = report("csv, same rows", csvFloor, csvReader, kCsvBudgetSeconds, 0) && ok;
        std::filesystem::remove_all(dir);
        return ok ? 0 : 1;
    } catch (const std::exception& error) {
        std::cerr << "bench_xlsx_read: " << error.what() << "\n";
        return 2;
    }
}
