#pragma once
// What the spreadsheet benchmarks share (xlsx-read, store-entries): the 1,000,000-row sheet
// (phone + 3 text columns) written by libxlsxwriter, the unzip + SAX floor over it, and running one
// measurement in a child process so that its peak resident memory is its own.
#include <functional>
#include <string>
#include <vector>

namespace benchsupport {

// The cells of data row i (1-based). Phones are Chilean mobiles 569…, all distinct.
std::string phoneOf(int i);
std::string nameOf(int i);
std::string cityOf(int i);
std::string codeOf(int i);

// Writes a sheet "Contactos" with the header telefono, nombre, ciudad, codigo and `dataRows` rows
// below it; phones are numeric cells. constantMemory: libxlsxwriter's streaming mode (inline
// strings); otherwise shared strings, as Excel writes.
void writeXlsx(const std::string& path, bool constantMemory, int dataRows);

// The same with other text columns (tests/bench/million: a template's parameter columns): column A
// is `header[0]` with the numeric phone phoneOf(i), column c > 0 is `header[c]` with text(i, c).
void writeXlsx(const std::string& path, bool constantMemory, int dataRows, const std::vector<std::string>& header,
               const std::function<std::string(int, std::size_t)>& text);

// The floor: inflate the first worksheet with zlib and run expat over it, no cell work. Returns the
// number of elements seen.
long xlsxFloor(const std::string& path);

// This process's peak resident set (VmHWM) in kB, and its user + system CPU seconds.
long peakKb();
double cpuSeconds();

// A child's measurement. A child prints it with printMeasurement() as its only standard output;
// the parent runs the command with runMeasurement().
struct Figure {
    double seconds = 0;
    double cpu = 0;
    double mb = 0;
    long count = 0;
};
void printMeasurement(double seconds, long count);
// Runs `command` (a shell command line) and parses its measurement; throws if it fails.
Figure runMeasurement(const std::string& command, const std::string& what);

// The path of the running executable, to re-execute it as a child.
std::string selfPath();

} // namespace benchsupport
