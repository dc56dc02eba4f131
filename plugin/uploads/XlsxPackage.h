#pragma once
// Finds, inside an xlsx, the parts the reader needs by following the package relationships
// (_rels/.rels → workbook → its rels), as Excel does, instead of assuming "xl/worksheets/sheet1.xml":
// LibreOffice, Google Sheets and reordered workbooks name and order sheets differently.
#include "uploads/ZipArchiveReader.h"

#include <string>

namespace campaigns::uploads {

struct XlsxParts {
    std::string sheetName; // as shown on the tab
    const ZipEntryInfo* sheet = nullptr;
    const ZipEntryInfo* sharedStrings = nullptr; // null when the workbook has none
};

// The first visible worksheet (the first worksheet at all when every one is hidden). Throws
// FileRejected when the zip is not a workbook.
XlsxParts locateXlsxParts(const ZipArchiveReader& archive);

} // namespace campaigns::uploads
