#pragma once
// The one owner of a libxlsxwriter workbook for every xlsx this module writes (the upload format,
// campaign results): creates it, checks each call, and never leaves a half-written file behind.
#include <xlsxwriter.h>

#include <string>

namespace campaigns::exports {

// Excel's built-in number format 49 is "@" (Text). Using the index, rather than the format string
// "@" which libxlsxwriter would store as a custom format, is what Excel itself writes.
constexpr uint8_t kXlsxTextFormat = 49;

class XlsxWorkbook {
public:
    struct Options {
        // Rows go to a temporary file as they are written instead of staying in memory until close.
        bool constantMemory = false;
        std::string tempDir; // for constantMemory; empty: the system's
    };

    // `document` names the file in error messages ("el formato xlsx", "el archivo de resultados xlsx").
    XlsxWorkbook(std::string path, std::string document);
    XlsxWorkbook(std::string path, std::string document, Options options);
    // If writing failed half-way, workbook_close() (the only way to free it) writes an incomplete
    // file: it is removed so it is never served.
    ~XlsxWorkbook();
    XlsxWorkbook(const XlsxWorkbook&) = delete;
    XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;

    lxw_workbook* get() const { return wb_; }
    // Throws "No se pudo generar <document> (<what>): <libxlsxwriter's reason>" on an error.
    void check(lxw_error error, const char* what) const;
    // A new sheet, or throws.
    lxw_worksheet* addSheet(const char* name);
    // Writes the file; throws (and removes it) if that fails.
    void close();

private:
    std::string path_;
    std::string document_;
    std::string tempDir_;
    lxw_workbook* wb_ = nullptr;
};

} // namespace campaigns::exports
