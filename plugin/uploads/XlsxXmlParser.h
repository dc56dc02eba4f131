#pragma once
// A thin push parser over expat for the xlsx parts. Expat is used directly rather than through
// Poco::XML::SAXParser because the Poco layer builds an Attributes object and XMLString copies
// per element, which on a million-row sheet costs more than the parsing itself; expat is the same
// library underneath (Poco links Debian's system expat).
//
// Any DOCTYPE is refused at its first byte: OOXML never has one, and refusing it outright is what
// keeps entity expansion (billion laughs) and external entities from ever starting.
#include "uploads/RowReader.h"

#include <expat.h>

#include <cstdint>
#include <exception>
#include <string_view>

namespace campaigns::uploads {

// Element names arrive as written ("x:row" in some writers); handlers get the part after ':'.
class XlsxXmlHandler {
public:
    virtual ~XlsxXmlHandler() = default;
    // `attributes` is expat's null-terminated name/value array.
    virtual void startElement(std::string_view localName, const XML_Char** attributes) = 0;
    virtual void endElement(std::string_view localName) = 0;
    virtual void characters(const char* data, std::size_t length) = 0;
};

// The value of an attribute by its local name, or an empty view.
std::string_view xmlAttribute(const XML_Char** attributes, std::string_view localName);

class XlsxXmlParser {
public:
    // `maxPendingBytes` bounds how much input may pass without any event: a single enormous tag,
    // attribute or comment would otherwise be buffered (and re-scanned) whole by expat.
    XlsxXmlParser(XlsxXmlHandler& handler, std::uint64_t maxPendingBytes);
    ~XlsxXmlParser();
    XlsxXmlParser(const XlsxXmlParser&) = delete;
    XlsxXmlParser& operator=(const XlsxXmlParser&) = delete;

    // Parses the next piece; `last` on the final one. Rethrows what a handler threw, or
    // FileRejected for malformed or DTD-bearing XML.
    void feed(const char* data, std::size_t length, bool last);

    // Stops delivering events (e.g. after </sheetData>); later feeds are ignored.
    void stop();
    bool stopped() const { return stopped_; }

private:
    static void XMLCALL onStart(void* self, const XML_Char* name, const XML_Char** attributes);
    static void XMLCALL onEnd(void* self, const XML_Char* name);
    static void XMLCALL onCharacters(void* self, const XML_Char* data, int length);
    static void XMLCALL onDoctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int);
    static void XMLCALL onEntityDecl(void* self, const XML_Char*, int, const XML_Char*, int, const XML_Char*, const XML_Char*,
                                     const XML_Char*, const XML_Char*);
    void fail(std::exception_ptr error);
    void noteEvent();

    XML_Parser parser_;
    XlsxXmlHandler& handler_;
    std::uint64_t maxPendingBytes_;
    std::uint64_t fed_ = 0;
    std::uint64_t lastEventAt_ = 0;
    std::exception_ptr error_;
    bool stopped_ = false;
};

} // namespace campaigns::uploads
