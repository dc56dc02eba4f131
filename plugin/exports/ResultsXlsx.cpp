#include "exports/ResultsExport.h"

#include <xlsxwriter.h>

#include <cstdio>
#include <stdexcept>

namespace campaigns::exports {
namespace {

constexpr uint8_t kTextFormat = 49;  // Excel's built-in "@" (Text)
constexpr std::size_t kPhoneColumn = 3;

void check(lxw_error error, const char* what) {
    if (error != LXW_NO_ERROR)
        throw std::runtime_error(std::string("No se pudo generar el archivo de resultados xlsx (") + what +
                                 "): " + lxw_strerror(error));
}

// Owns the workbook until close(); on failure removes the half-written file so it is never served.
class Workbook {
public:
    Workbook(std::string path, const std::string& tempDir) : path_(std::move(path)), tempDir_(tempDir) {
        lxw_workbook_options options{};
        // Rows go to a temp file as they are written instead of staying in memory until close.
        options.constant_memory = LXW_TRUE;
        options.tmpdir = tempDir_.empty() ? nullptr : tempDir_.data();
        wb_ = workbook_new_opt(path_.c_str(), &options);
        if (!wb_) throw std::runtime_error("No se pudo crear el archivo de resultados xlsx en " + path_);
    }
    ~Workbook() {
        if (!wb_) return;
        workbook_close(wb_);
        std::remove(path_.c_str());
    }
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;
    lxw_workbook* get() const { return wb_; }
    void close() {
        lxw_workbook* wb = wb_;
        wb_ = nullptr;
        if (workbook_close(wb) != LXW_NO_ERROR) {
            std::remove(path_.c_str());
            throw std::runtime_error("No se pudo cerrar el archivo de resultados xlsx");
        }
    }

private:
    std::string path_;
    std::string tempDir_;
    lxw_workbook* wb_ = nullptr;
};

} // namespace

std::size_t writeResultsXlsx(ResultsPager& pager, const std::vector<std::string>& parameterColumns,
                             const std::string& path, const std::string& tempDir) {
    Workbook workbook(path, tempDir);
    lxw_worksheet* sheet = workbook_add_worksheet(workbook.get(), "Resultados");
    if (!sheet) throw std::runtime_error("No se pudo agregar la hoja Resultados");
    lxw_format* bold = workbook_add_format(workbook.get());
    format_set_bold(bold);
    // Text format on the phone: Excel keeps every digit instead of showing 5,69E+10.
    lxw_format* text = workbook_add_format(workbook.get());
    format_set_num_format_index(text, kTextFormat);
    check(worksheet_set_column(sheet, kPhoneColumn, kPhoneColumn, 16, text), "columna recipient");
    worksheet_freeze_panes(sheet, 1, 0);

    const auto header = resultsHeader(parameterColumns);
    for (std::size_t c = 0; c < header.size(); ++c)
        check(worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), header[c].c_str(), bold), "encabezado");

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
                    check(worksheet_write_number(sheet, row, col, std::stod(cell.text), nullptr), "número");
                else
                    check(worksheet_write_string(sheet, row, col, cell.text.c_str(), c == kPhoneColumn ? text : nullptr),
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
