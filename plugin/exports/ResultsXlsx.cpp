#include "exports/ResultsExport.h"
#include "exports/XlsxWorkbook.h"

#include <stdexcept>

namespace campaigns::exports {
namespace {

constexpr std::size_t kPhoneColumn = 3;

} // namespace

std::size_t writeResultsXlsx(ResultsPager& pager, const std::vector<std::string>& parameterColumns, const std::string& path,
                             const std::string& tempDir) {
    XlsxWorkbook workbook(path, "el archivo de resultados xlsx", {true, tempDir});
    lxw_worksheet* sheet = workbook.addSheet("Resultados");
    lxw_format* bold = workbook_add_format(workbook.get());
    format_set_bold(bold);
    // Text format on the phone: Excel keeps every digit instead of showing 5,69E+10.
    lxw_format* text = workbook_add_format(workbook.get());
    format_set_num_format_index(text, kXlsxTextFormat);
    workbook.check(worksheet_set_column(sheet, kPhoneColumn, kPhoneColumn, 16, text), "columna recipient");
    worksheet_freeze_panes(sheet, 1, 0);

    const auto header = resultsHeader(parameterColumns);
    for (std::size_t c = 0; c < header.size(); ++c)
        workbook.check(worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), header[c].c_str(), bold), "encabezado");

    std::size_t written = 0;
    std::vector<ResultEntry> page;
    std::vector<ResultCell> cells;
    lxw_row_t row = 1;
    while (pager.next(page)) {
        for (const auto& entry : page) {
            if (row >= LXW_ROW_MAX)
                throw std::runtime_error("La campaña tiene más filas de las que caben en una hoja xlsx; descárguela en CSV.");
            resultCells(pager.campaignId(), entry, parameterColumns.size(), cells);
            for (std::size_t c = 0; c < cells.size(); ++c) {
                const auto col = static_cast<lxw_col_t>(c);
                const auto& cell = cells[c];
                if (cell.text.empty()) continue;
                // Text cells are written as strings, never as formulas, so "=HYPERLINK(..)" from a
                // hostile row stays inert text.
                if (cell.number)
                    workbook.check(worksheet_write_number(sheet, row, col, std::stod(cell.text), nullptr), "número");
                else
                    workbook.check(worksheet_write_string(sheet, row, col, cell.text.c_str(), c == kPhoneColumn ? text : nullptr),
                                   "texto");
            }
            ++row;
        }
        written += page.size();
    }
    workbook.close();
    return written;
}

} // namespace campaigns::exports
