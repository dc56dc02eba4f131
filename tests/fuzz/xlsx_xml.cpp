// Fuzz target: the xlsx XML layer, the worksheet (<sheetData>, cells, types, references) and the
// shared string table, without the zip in the way. The input is the worksheet XML, optionally
// followed by a NUL byte and sharedStrings.xml (XML holds no NUL, so the split is unambiguous);
// both are stored in a valid minimal workbook and read by the production XlsxReader.
// FileRejected is the documented refusal; anything else escaping, a sanitizer report or a broken
// invariant below is a finding.
#include "FuzzCheck.h"
#include "ReaderTestSupport.h"
#include "XlsxRowChecks.h"
#include "uploads/XlsxReader.h"
#include "web/ErrorCodes.h"

#include <cstring>
#include <sstream>
#include <string>
#include <string_view>

using namespace campaigns::uploads;

namespace {

std::size_t occurrences(std::string_view text, std::string_view word) {
    std::size_t count = 0;
    for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) ++count;
    return count;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t nul = input.find('\0');
    const std::string sheet(input.substr(0, nul));
    const std::string sharedStrings(nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1));

    auto parts = test::minimalXlsx(sheet, sharedStrings);
    for (auto& part : parts) part.deflate = false; // stored: the fuzzer's bytes are the part's bytes
    const std::string zip = test::buildZip(parts);

    const ReaderLimits limits = campaigns::fuzz::xlsxFuzzLimits();
    try {
        std::istringstream in(zip);
        XlsxReader reader(in, zip.size(), limits);
        FUZZ_CHECK(reader.sheetName() == "Hoja1");
        const std::size_t rows = campaigns::fuzz::drainXlsxRows(reader, limits);
        // Every row handed out was a <row> element of the sheet.
        FUZZ_CHECK(rows <= occurrences(sheet, "row"));
    } catch (const FileRejected& rejected) {
        namespace codes = campaigns::web::codes;
        // The container is sound, so only the XML may be refused, never the zip.
        for (const char* zipCode : {codes::kZipBomb, codes::kFileTruncated, codes::kNotXlsx, codes::kXlsxUnsupported})
            FUZZ_CHECK(rejected.code != zipCode);
        FUZZ_CHECK(rejected.what()[0] != '\0');
    }
    return 0;
}
