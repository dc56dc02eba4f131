#include "uploads/XlsxSharedStrings.h"

#include "uploads/XlsxXmlParser.h"
#include "uploads/ZipArchiveReader.h"
#include "web/ErrorCodes.h"

#include <limits>
#include <stdexcept>

namespace campaigns::uploads {
namespace {

class SharedStringsHandler : public XlsxXmlHandler {
public:
    SharedStringsHandler(XlsxSharedStrings& table, const ReaderLimits& limits) : table_(table), limits_(limits) {}

    void startElement(std::string_view name, const XML_Char**) override {
        if (name == "si") {
            inItem_ = true;
            current_.clear();
        } else if (name == "rPh") {
            ++phoneticDepth_;
        } else if (name == "t" && inItem_ && phoneticDepth_ == 0) {
            inText_ = true;
        }
    }

    void endElement(std::string_view name) override {
        if (name == "t") {
            inText_ = false;
        } else if (name == "rPh") {
            if (phoneticDepth_ > 0) --phoneticDepth_;
        } else if (name == "si" && inItem_) {
            inItem_ = false;
            table_.append(current_);
        }
    }

    void characters(const char* data, std::size_t length) override {
        if (!inText_) return;
        if (current_.size() + length > limits_.maxCellBytes) {
            throw FileRejected(web::codes::kCellTooLarge, "El texto compartido número " + std::to_string(table_.size() + 1) +
                                                              " supera el máximo de " + std::to_string(limits_.maxCellBytes) +
                                                              " bytes por celda.");
        }
        current_.append(data, length);
    }

private:
    XlsxSharedStrings& table_;
    const ReaderLimits& limits_;
    std::string current_;
    bool inItem_ = false;
    bool inText_ = false;
    int phoneticDepth_ = 0;
};

} // namespace

void XlsxSharedStrings::append(std::string_view text) {
    // The inflated-size cap on the part already bounds the text; this guards the 32-bit offsets.
    if (text_.size() + text.size() > std::numeric_limits<std::uint32_t>::max())
        throw FileRejected(web::codes::kFileTooLarge, "La tabla de textos del Excel es demasiado grande.");
    text_.append(text);
    offsets_.push_back(static_cast<std::uint32_t>(text_.size()));
}

std::string_view XlsxSharedStrings::at(std::size_t index) const {
    if (index + 1 >= offsets_.size()) throw std::out_of_range("shared string index");
    return std::string_view(text_).substr(offsets_[index], offsets_[index + 1] - offsets_[index]);
}

void XlsxSharedStrings::load(const ZipArchiveReader& archive, const ZipEntryInfo& entry, const ReaderLimits& limits) {
    SharedStringsHandler handler(*this, limits);
    XlsxXmlParser parser(handler, limits.maxCellBytes + (1u << 20));
    ZipEntryStream stream(archive, entry, limits.maxSharedStringsBytes);
    char buffer[64 * 1024];
    while (std::size_t n = stream.read(buffer, sizeof buffer)) parser.feed(buffer, n, false);
    parser.feed(nullptr, 0, true);
}

} // namespace campaigns::uploads
