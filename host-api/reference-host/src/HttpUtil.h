#pragma once
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <string>

namespace refhost {

std::string htmlEscape(const std::string& text);

// API callers get JSON answers: a path under /api/ or an Accept header naming JSON.
bool isApiRequest(const std::string& path, const std::string& accept);
// Browser navigations announce HTML; fetch() and curl default to "*/*".
bool prefersHtml(const std::string& accept);
bool isStateChanging(const std::string& method);

void sendJson(Poco::Net::HTTPServerResponse& response, int status, const std::string& jsonText);
void sendJson(Poco::Net::HTTPServerResponse& response, int status, const Poco::JSON::Object& object);
void sendHtml(Poco::Net::HTTPServerResponse& response, int status, const std::string& html);
void sendText(Poco::Net::HTTPServerResponse& response, int status, const std::string& contentType, const std::string& body);
// The Content-Security-Policy of every host answer: scripts and styles from the host only (the
// plugin's pages carry data in <script type="application/json">, which CSP does not run or
// block), inline style attributes allowed (the campaigns page builds some), no framing.
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
// X-Frame-Options DENY, X-Content-Type-Options nosniff, Referrer-Policy same-origin and the CSP
// above, on every answer (the dispatcher sets them before any handler runs).
void setSecurityHeaders(Poco::Net::HTTPServerResponse& response);

// 303 after a POST, so reloading does not resend the form.
void redirect(Poco::Net::HTTPServerResponse& response, const std::string& location);

// `{"error": code, "message": message, "details": details}`; `detailsJson` must be a JSON array.
std::string errorJson(const std::string& code, const std::string& message, const std::string& detailsJson = "[]");
// A standalone error page in `lang` (used when there is no shell to render into); `backLabel` is the
// link to the start page.
std::string errorPage(int status, const std::string& message, const std::string& lang, const std::string& backLabel);

// Reads at most `limit` bytes of the request body; throws HttpError 413 `payload_too_large`
// beyond it, before reading when Content-Length says so (helpdesk::readRequestBody, the one
// bounded reader the host and the plugin share).
std::string readBody(Poco::Net::HTTPServerRequest& request, std::size_t limit);
// Parses a JSON object body; throws HttpError 400 when it is not one.
Poco::JSON::Object::Ptr parseJsonObject(const std::string& body);

} // namespace refhost
