#include "HttpUtil.h"

#include <Poco/String.h>

#include <cctype>

namespace cloudsim {

std::optional<std::string> readBody(Poco::Net::HTTPServerRequest& request, std::size_t maxBytes) {
    std::string body;
    if (request.hasContentLength() && request.getContentLength64() > 0) {
        if (static_cast<std::uint64_t>(request.getContentLength64()) > maxBytes) return std::nullopt;
        body.reserve(static_cast<std::size_t>(request.getContentLength64()));
    }
    std::istream& in = request.stream();
    char buffer[8192];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (body.size() > maxBytes) return std::nullopt;
    }
    return body;
}

void sendJson(Poco::Net::HTTPServerResponse& response, int status, const std::string& body) {
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send().write(body.data(), static_cast<std::streamsize>(body.size()));
}

void sendError(Poco::Net::HTTPServerResponse& response, const GraphError& error) {
    if (error.code == 190)
        response.set("WWW-Authenticate", "OAuth \"Facebook Platform\" \"invalid_token\" \"" + error.title + "\"");
    sendJson(response, error.httpStatus, error.toJson());
}

std::string bearerToken(const Poco::Net::HTTPServerRequest& request) {
    const std::string& header = request.get("Authorization", "");
    const std::string prefix = "Bearer ";
    if (header.size() <= prefix.size() || Poco::icompare(header.substr(0, prefix.size()), prefix) != 0) return {};
    return Poco::trim(header.substr(prefix.size()));
}

std::optional<GraphError> checkAuth(const Poco::Net::HTTPServerRequest& request, const SimConfig& config) {
    if (config.tokenAccepted(bearerToken(request))) return std::nullopt;
    return graphError(190);
}

GraphError unknownObject(const std::string& id) {
    GraphError e = graphError(100, "");
    e.type = "GraphMethodException";
    e.subcode = 33;
    e.title = "Unsupported request - method type: post";
    e.details = "Object with ID '" + id +
                "' does not exist, cannot be loaded due to missing permissions, or does not support this operation";
    return e;
}

std::string digitsOf(const std::string& phone) {
    std::string out;
    out.reserve(phone.size());
    for (char c : phone) {
        if (std::isdigit(static_cast<unsigned char>(c)))
            out += c;
        else if (c != '+' && c != '-' && c != '(' && c != ')' && c != ' ')
            return {};
    }
    return out;
}

} // namespace cloudsim
