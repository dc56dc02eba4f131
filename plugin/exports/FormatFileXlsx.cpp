#include "exports/FormatFile.h"

#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>

#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <ostream>
#include <stdexcept>

namespace campaigns::exports {
namespace {

// Excel's built-in number format 49 is "@" (Text). Using the index, rather than the format string
// "@" which libxlsxwriter would store as a custom format, is what Excel itself writes.
constexpr uint8_t kTextFormat = 49;

void check(lxw_error error, const char* what) {
    if (error != LXW_NO_ERROR) {
        throw std::runtime_error(std::string("No se pudo generar el formato xlsx (") + what + "): " + lxw_strerror(error));
    }
}

double widthFor(const std::string& text, double minimum, double maximum) {
    std::size_t chars = 0;
    for (char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++chars;
    }
    return std::clamp(static_cast<double>(chars) + 2.0, minimum, maximum);
}

// Owns the workbook until close(). If writing fails half-way, the destructor still has to call
// workbook_close() (the only way to free it), which writes an incomplete file: remove it so no
// half-written format is ever served.
class Workbook {
public:
    explicit Workbook(std::string path) : path_(std::move(path)), wb_(workbook_new(path_.c_str())) {
        if (!wb_) throw std::runtime_error("No se pudo crear el formato xlsx en " + path_);
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
        check(workbook_close(wb), "cerrar el archivo");
    }

private:
    std::string path_;
    lxw_workbook* wb_;
};

lxw_worksheet* addSheet(lxw_workbook* wb, const char* name) {
    lxw_worksheet* sheet = workbook_add_worksheet(wb, name);
    if (!sheet) throw std::runtime_error(std::string("No se pudo agregar la hoja ") + name + " al formato xlsx");
    return sheet;
}

void writeContacts(lxw_workbook* wb, const FormatTemplate& format) {
    lxw_worksheet* sheet = addSheet(wb, "Contactos");

    lxw_format* headerText = workbook_add_format(wb);
    format_set_bold(headerText);
    format_set_num_format_index(headerText, kTextFormat);
    // Text format on every column: digits typed into the phone column stay a string, so a 13-digit
    // phone never turns into 5,69E+12, and a parameter such as "00123" keeps its zeros.
    lxw_format* text = workbook_add_format(wb);
    format_set_num_format_index(text, kTextFormat);

    check(worksheet_set_column(sheet, 0, 0, 18, text), "columna telefono");
    check(worksheet_write_string(sheet, 0, 0, kPhoneHeader, headerText), "encabezado telefono");
    check(worksheet_write_string(sheet, 1, 0, kExamplePhone, text), "teléfono de ejemplo");

    for (std::size_t i = 0; i < format.parameters.size(); ++i) {
        auto column = static_cast<lxw_col_t>(i + 1);
        const auto& p = format.parameters[i];
        std::string example = exampleValue(format, i);
        double width = std::max(widthFor(p.column, 14, 60), widthFor(example, 14, 60));
        check(worksheet_set_column(sheet, column, column, width, text), "ancho de columna");
        check(worksheet_write_string(sheet, 0, column, p.column.c_str(), headerText), "encabezado de parámetro");
        check(worksheet_write_string(sheet, 1, column, example.c_str(), text), "valor de ejemplo");
    }
    worksheet_freeze_panes(sheet, 1, 0);
}

void writeInstructions(lxw_workbook* wb, const FormatTemplate& format) {
    lxw_worksheet* sheet = addSheet(wb, "Instrucciones");
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format* wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    lxw_format* boldTop = workbook_add_format(wb);
    format_set_bold(boldTop);
    format_set_align(boldTop, LXW_ALIGN_VERTICAL_TOP);

    check(worksheet_set_column(sheet, 0, 0, 26, nullptr), "ancho de instrucciones");
    check(worksheet_set_column(sheet, 1, 1, 100, wrap), "ancho de instrucciones");
    check(worksheet_write_string(sheet, 0, 0, "Columna", bold), "encabezado de instrucciones");
    check(worksheet_write_string(sheet, 0, 1, "Qué escribir", bold), "encabezado de instrucciones");
    lxw_row_t row = 1;
    for (const auto& [topic, explanation] : formatInstructions(format)) {
        check(worksheet_write_string(sheet, row, 0, topic.c_str(), boldTop), "instrucción");
        check(worksheet_write_string(sheet, row, 1, explanation.c_str(), wrap), "instrucción");
        ++row;
    }
    worksheet_freeze_panes(sheet, 1, 0);
}

} // namespace

void writeFormatXlsx(const FormatTemplate& format, const std::string& path) {
    Workbook workbook(path);
    writeContacts(workbook.get(), format);
    writeInstructions(workbook.get(), format);
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
