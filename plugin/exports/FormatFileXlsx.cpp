#include "exports/FormatFile.h"
#include "exports/XlsxWorkbook.h"

#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>

#include <algorithm>
#include <fstream>
#include <ostream>
#include <stdexcept>

namespace campaigns::exports {
namespace {

double widthFor(const std::string& text, double minimum, double maximum) {
    std::size_t chars = 0;
    for (char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++chars;
    }
    return std::clamp(static_cast<double>(chars) + 2.0, minimum, maximum);
}

void writeContacts(XlsxWorkbook& workbook, const FormatTemplate& format) {
    lxw_workbook* wb = workbook.get();
    lxw_worksheet* sheet = workbook.addSheet("Contactos");

    lxw_format* headerText = workbook_add_format(wb);
    format_set_bold(headerText);
    format_set_num_format_index(headerText, kXlsxTextFormat);
    // Text format on every column: digits typed into the phone column stay a string, so a 13-digit
    // phone never turns into 5,69E+12, and a parameter such as "00123" keeps its zeros.
    lxw_format* text = workbook_add_format(wb);
    format_set_num_format_index(text, kXlsxTextFormat);

    workbook.check(worksheet_set_column(sheet, 0, 0, 18, text), "columna telefono");
    workbook.check(worksheet_write_string(sheet, 0, 0, kPhoneHeader, headerText), "encabezado telefono");
    workbook.check(worksheet_write_string(sheet, 1, 0, kExamplePhone, text), "teléfono de ejemplo");

    for (std::size_t i = 0; i < format.parameters.size(); ++i) {
        auto column = static_cast<lxw_col_t>(i + 1);
        const auto& p = format.parameters[i];
        std::string example = exampleValue(format, i);
        double width = std::max(widthFor(p.column, 14, 60), widthFor(example, 14, 60));
        workbook.check(worksheet_set_column(sheet, column, column, width, text), "ancho de columna");
        workbook.check(worksheet_write_string(sheet, 0, column, p.column.c_str(), headerText), "encabezado de parámetro");
        workbook.check(worksheet_write_string(sheet, 1, column, example.c_str(), text), "valor de ejemplo");
    }
    worksheet_freeze_panes(sheet, 1, 0);
}

void writeInstructions(XlsxWorkbook& workbook, const FormatTemplate& format) {
    lxw_workbook* wb = workbook.get();
    lxw_worksheet* sheet = workbook.addSheet("Instrucciones");
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format* wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    lxw_format* boldTop = workbook_add_format(wb);
    format_set_bold(boldTop);
    format_set_align(boldTop, LXW_ALIGN_VERTICAL_TOP);

    workbook.check(worksheet_set_column(sheet, 0, 0, 26, nullptr), "ancho de instrucciones");
    workbook.check(worksheet_set_column(sheet, 1, 1, 100, wrap), "ancho de instrucciones");
    workbook.check(worksheet_write_string(sheet, 0, 0, "Columna", bold), "encabezado de instrucciones");
    workbook.check(worksheet_write_string(sheet, 0, 1, "Qué escribir", bold), "encabezado de instrucciones");
    lxw_row_t row = 1;
    for (const auto& [topic, explanation] : formatInstructions(format)) {
        workbook.check(worksheet_write_string(sheet, row, 0, topic.c_str(), boldTop), "instrucción");
        workbook.check(worksheet_write_string(sheet, row, 1, explanation.c_str(), wrap), "instrucción");
        ++row;
    }
    worksheet_freeze_panes(sheet, 1, 0);
}

} // namespace

void writeFormatXlsx(const FormatTemplate& format, const std::string& path) {
    XlsxWorkbook workbook(path, "el formato xlsx");
    writeContacts(workbook, format);
    writeInstructions(workbook, format);
    workbook.close();
}

void writeFormatXlsx(const FormatTemplate& format, std::ostream& out) {
    // libxlsxwriter 1.1 writes only to files; go through a temporary one, removed when it goes
    // out of scope.
    Poco::TemporaryFile temporary;
    writeFormatXlsx(format, temporary.path());
    std::ifstream in(temporary.path(), std::ios::binary);
    if (!in) throw std::runtime_error("No se pudo leer el formato xlsx generado");
    Poco::StreamCopier::copyStream(in, out);
    if (!out) throw std::runtime_error("No se pudo enviar el formato xlsx");
}

} // namespace campaigns::exports
