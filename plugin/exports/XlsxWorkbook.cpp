#include "exports/XlsxWorkbook.h"

#include <cstdio>
#include <stdexcept>
#include <utility>

namespace campaigns::exports {

XlsxWorkbook::XlsxWorkbook(std::string path, std::string document)
    : XlsxWorkbook(std::move(path), std::move(document), Options{}) {}

XlsxWorkbook::XlsxWorkbook(std::string path, std::string document, Options options)
    : path_(std::move(path)), document_(std::move(document)), tempDir_(std::move(options.tempDir)) {
    lxw_workbook_options lxw{};
    lxw.constant_memory = options.constantMemory ? LXW_TRUE : LXW_FALSE;
    lxw.tmpdir = tempDir_.empty() ? nullptr : tempDir_.data();
    wb_ = workbook_new_opt(path_.c_str(), &lxw);
    if (!wb_) throw std::runtime_error("No se pudo crear " + document_ + " en " + path_);
}

XlsxWorkbook::~XlsxWorkbook() {
    if (!wb_) return;
    workbook_close(wb_);
    std::remove(path_.c_str());
}

void XlsxWorkbook::check(lxw_error error, const char* what) const {
    if (error != LXW_NO_ERROR)
        throw std::runtime_error("No se pudo generar " + document_ + " (" + what + "): " + lxw_strerror(error));
}

lxw_worksheet* XlsxWorkbook::addSheet(const char* name) {
    lxw_worksheet* sheet = workbook_add_worksheet(wb_, name);
    if (!sheet) throw std::runtime_error(std::string("No se pudo agregar la hoja ") + name + " en " + document_);
    return sheet;
}

void XlsxWorkbook::close() {
    lxw_workbook* wb = wb_;
    wb_ = nullptr;
    const lxw_error error = workbook_close(wb);
    if (error != LXW_NO_ERROR) std::remove(path_.c_str());
    check(error, "cerrar el archivo");
}

} // namespace campaigns::exports
