#include "uploads/XlsxXmlParser.h"

#include "web/ErrorCodes.h"

#include <cstring>
#include <new>
#include <string>

namespace campaigns::uploads {
namespace {

std::string_view localPart(const XML_Char* name) {
    std::string_view full(name);
    const auto colon = full.rfind(':');
    return colon == std::string_view::npos ? full : full.substr(colon + 1);
}

FileRejected doctypeRejected() {
    return {web::codes::kXmlDoctype,
            "El archivo contiene declaraciones XML (DOCTYPE/ENTITY) que un Excel nunca "
            "incluye; se rechazó por seguridad."};
}

} // namespace

std::string_view xmlAttribute(const XML_Char** attributes, std::string_view localName) {
    for (std::size_t i = 0; attributes[i]; i += 2)
        if (localPart(attributes[i]) == localName) return attributes[i + 1];
    return {};
}

XlsxXmlParser::XlsxXmlParser(XlsxXmlHandler& handler, std::uint64_t maxPendingBytes)
    : parser_(XML_ParserCreate("UTF-8")), handler_(handler), maxPendingBytes_(maxPendingBytes) {
    if (!parser_) throw std::bad_alloc();
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &XlsxXmlParser::onStart, &XlsxXmlParser::onEnd);
    XML_SetCharacterDataHandler(parser_, &XlsxXmlParser::onCharacters);
    XML_SetStartDoctypeDeclHandler(parser_, &XlsxXmlParser::onDoctype);
    XML_SetEntityDeclHandler(parser_, &XlsxXmlParser::onEntityDecl);
    // Never fetch or expand anything outside the document, even if a DTD slipped through.
    XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
}

XlsxXmlParser::~XlsxXmlParser() { XML_ParserFree(parser_); }

void XlsxXmlParser::stop() {
    if (!stopped_) {
        stopped_ = true;
        XML_StopParser(parser_, XML_FALSE);
    }
}

void XlsxXmlParser::fail(std::exception_ptr error) {
    // Exceptions must not unwind through expat's C frames: keep it and stop the parser.
    if (!error_) error_ = error;
    stopped_ = true;
    XML_StopParser(parser_, XML_FALSE);
}

void XlsxXmlParser::noteEvent() { lastEventAt_ = static_cast<std::uint64_t>(XML_GetCurrentByteIndex(parser_)); }

void XlsxXmlParser::feed(const char* data, std::size_t length, bool last) {
    if (stopped_) return;
    fed_ += length;
    const XML_Status status = XML_Parse(parser_, data, static_cast<int>(length), last ? XML_TRUE : XML_FALSE);
    if (error_) std::rethrow_exception(error_);
    if (stopped_) return;
    if (status != XML_STATUS_OK) {
        throw FileRejected(web::codes::kInvalidXml, std::string("El archivo Excel tiene un XML inválido (línea ") +
                                                        std::to_string(XML_GetCurrentLineNumber(parser_)) + ": " +
                                                        XML_ErrorString(XML_GetErrorCode(parser_)) +
                                                        "). Vuelva a guardarlo desde Excel.");
    }
    if (fed_ - lastEventAt_ > maxPendingBytes_) {
        throw FileRejected(web::codes::kXmlTokenTooLarge, "El archivo contiene una etiqueta o un atributo XML de más de " +
                                                              std::to_string(maxPendingBytes_ >> 10) +
                                                              " KB, algo que un Excel nunca escribe; se rechazó.");
    }
}

void XMLCALL XlsxXmlParser::onStart(void* self, const XML_Char* name, const XML_Char** attributes) {
    auto* p = static_cast<XlsxXmlParser*>(self);
    if (p->stopped_) return;
    try {
        p->noteEvent();
        p->handler_.startElement(localPart(name), attributes);
    } catch (...) {
        p->fail(std::current_exception());
    }
}

void XMLCALL XlsxXmlParser::onEnd(void* self, const XML_Char* name) {
    auto* p = static_cast<XlsxXmlParser*>(self);
    if (p->stopped_) return;
    try {
        p->noteEvent();
        p->handler_.endElement(localPart(name));
    } catch (...) {
        p->fail(std::current_exception());
    }
}

void XMLCALL XlsxXmlParser::onCharacters(void* self, const XML_Char* data, int length) {
    auto* p = static_cast<XlsxXmlParser*>(self);
    if (p->stopped_) return;
    try {
        p->noteEvent();
        p->handler_.characters(data, static_cast<std::size_t>(length));
    } catch (...) {
        p->fail(std::current_exception());
    }
}

void XMLCALL XlsxXmlParser::onDoctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    static_cast<XlsxXmlParser*>(self)->fail(std::make_exception_ptr(doctypeRejected()));
}

void XMLCALL XlsxXmlParser::onEntityDecl(void* self, const XML_Char*, int, const XML_Char*, int, const XML_Char*, const XML_Char*,
                                         const XML_Char*, const XML_Char*) {
    static_cast<XlsxXmlParser*>(self)->fail(std::make_exception_ptr(doctypeRejected()));
}

} // namespace campaigns::uploads
