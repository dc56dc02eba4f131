#include "HttpUtil.h"

#include <helpdesk/Http.h>
#include <helpdesk/RequestBody.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include <sstream>

namespace refhost {

std::string htmlEscape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

bool isApiRequest(const std::string& path, const std::string& accept) {
    return path.find("/api/") != std::string::npos || Poco::toLower(accept).find("application/json") != std::string::npos;
}

bool prefersHtml(const std::string& accept) { return Poco::toLower(accept).find("text/html") != std::string::npos; }

bool isStateChanging(const std::string& method) {
    const std::string m = Poco::toUpper(method);
    return m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE";
}

void sendText(Poco::Net::HTTPServerResponse& response, int status, const std::string& contentType, const std::string& body) {
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType(contentType);
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send() << body;
}

void sendJson(Poco::Net::HTTPServerResponse& response, int status, const std::string& jsonText) {
    sendText(response, status, "application/json; charset=utf-8", jsonText);
}

void sendJson(Poco::Net::HTTPServerResponse& response, int status, const Poco::JSON::Object& object) {
    std::ostringstream out;
    object.stringify(out);
    sendJson(response, status, out.str());
}

void sendHtml(Poco::Net::HTTPServerResponse& response, int status, const std::string& html) {
    sendText(response, status, "text/html; charset=utf-8", html);
}

void setSecurityHeaders(Poco::Net::HTTPServerResponse& response) {
    response.set("X-Frame-Options", "DENY");
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Referrer-Policy", "same-origin");
    response.set("Content-Security-Policy", kContentSecurityPolicy);
}

void redirect(Poco::Net::HTTPServerResponse& response, const std::string& location) {
    response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_SEE_OTHER);
    response.set("Location", location);
    response.setContentLength(0);
    response.send();
}

std::string errorJson(const std::string& code, const std::string& message, const std::string& detailsJson) {
    Poco::JSON::Object obj;
    obj.set("error", code);
    obj.set("message", message);
    std::ostringstream out;
    obj.stringify(out);
    std::string text = out.str();
    // details is already JSON text; splice it in rather than re-parsing it.
    text.pop_back();
    text += ",\"details\":" + (detailsJson.empty() ? std::string("[]") : detailsJson) + "}";
    return text;
}

std::string errorPage(int status, const std::string& message, const std::string& lang, const std::string& backLabel) {
    return "<!DOCTYPE html><html lang=\"" + htmlEscape(lang) + "\"><head><meta charset=\"utf-8\"><title>Error " +
           std::to_string(status) +
           "</title><link rel=\"stylesheet\" href=\"/static/host.css\"></head><body><main class=\"narrow\"><h1>Error " +
           std::to_string(status) + "</h1><p>" + htmlEscape(message) + "</p><p><a href=\"/\">" + htmlEscape(backLabel) +
           "</a></p></main></body></html>";
}

std::string readBody(Poco::Net::HTTPServerRequest& request, std::size_t limit) {
    return helpdesk::readRequestBody(request, limit);
}

Poco::JSON::Object::Ptr parseJsonObject(const std::string& body) {
    try {
        Poco::JSON::Parser parser;
        auto result = parser.parse(body);
        auto obj = result.extract<Poco::JSON::Object::Ptr>();
        if (obj) return obj;
    } catch (const Poco::Exception& e) {
        Poco::JSON::Array details;
        details.add(e.displayText());
        std::ostringstream out;
        details.stringify(out);
        throw helpdesk::HttpError(400, "invalid_json", "El cuerpo debe ser un objeto JSON válido.", out.str());
    }
    throw helpdesk::HttpError(400, "invalid_json", "El cuerpo debe ser un objeto JSON válido.");
}

} // namespace refhost
