// The recipients sheet of the million benchmark (million-bench.js) and its read floor:
//   bench_million_sheet write <path> <rows>   writes <rows> data rows for the simulator's template
//                                             "bienvenida": telefono, parametro_1, parametro_2, in
//                                             shared strings as Excel saves them (tests/bench/xlsx-read's writer)
//   bench_million_sheet read <path>           reads every row with the project's streaming reader
//                                             (uploads::openRowReader, as the host does) and prints
//                                             "<rows> <seconds>": the floor of upload -> Completada
#include "XlsxBenchSupport.h"
#include "uploads/RowReader.h"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

namespace {

int write(const std::string& path, int rows) {
    benchsupport::writeXlsx(path, false, rows, {"telefono", "parametro_1", "parametro_2"}, [](int i, std::size_t column) {
        return column == 1 ? "Cliente " + std::to_string(i) : "CASO-" + std::to_string(i);
    });
    return 0;
}

int read(const std::string& path) {
    const auto start = std::chrono::steady_clock::now();
    auto reader = campaigns::uploads::openRowReader(path, "contactos.xlsx");
    campaigns::uploads::Row row;
    long rows = 0;
    std::size_t bytes = 0;
    while (reader->next(row)) {
        ++rows;
        for (const auto& cell : row.cells) bytes += cell.size(); // touch the cells, as validation does
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << (bytes > 0 ? rows - 1 : -1) << ' ' << seconds << '\n'; // data rows: the header is not one
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        const std::string what = argc > 1 ? argv[1] : "";
        if (what == "write" && argc == 4) return write(argv[2], std::atoi(argv[3]));
        if (what == "read" && argc == 3) return read(argv[2]);
        std::cerr << "usage: bench_million_sheet write <path> <rows> | read <path>\n";
        return 2;
    } catch (const std::exception& error) {
        std::cerr << "bench_million_sheet: " << error.what() << "\n";
        return 1;
    }
}
