#include "FaultProxyControl.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <functional>
#include <sstream>
#include <stdexcept>

namespace testsupport {

namespace {

using Poco::Net::HTTPResponse;

void answer(Poco::Net::HTTPServerResponse& response, HTTPResponse::HTTPStatus status, const Poco::JSON::Object& body) {
    std::ostringstream os;
    body.stringify(os);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(os.str().size()));
    response.send() << os.str();
}

class Handler : public Poco::Net::HTTPRequestHandler {
public:
    explicit Handler(std::function<Poco::JSON::Object::Ptr(Poco::Net::HTTPServerRequest&)> act) : act_(std::move(act)) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        try {
            answer(response, HTTPResponse::HTTP_OK, *act_(request));
        } catch (const std::exception& e) {
            Poco::JSON::Object error;
            error.set("error", std::string(e.what()));
            answer(response, HTTPResponse::HTTP_BAD_REQUEST, error);
        }
    }

private:
    std::function<Poco::JSON::Object::Ptr(Poco::Net::HTTPServerRequest&)> act_;
};

Poco::JSON::Object::Ptr parseBody(Poco::Net::HTTPServerRequest& request) {
    Poco::JSON::Parser parser;
    const auto value = parser.parse(request.stream());
    if (value.type() != typeid(Poco::JSON::Object::Ptr)) throw std::invalid_argument("the body must be a JSON object");
    return value.extract<Poco::JSON::Object::Ptr>();
}

} // namespace

Poco::Net::HTTPRequestHandler* FaultProxyControl::createRequestHandler(const Poco::Net::HTTPServerRequest& request) {
    const std::string& method = request.getMethod();
    const std::string& uri = request.getURI();
    if (uri == "/mode" && (method == "PUT" || method == "POST")) {
        return new Handler([this](Poco::Net::HTTPServerRequest& r) {
            proxy_.setMode(FaultMode::fromJson(*parseBody(r)));
            return proxy_.mode().toJson();
        });
    }
    if (uri == "/mode") return new Handler([this](Poco::Net::HTTPServerRequest&) { return proxy_.mode().toJson(); });
    if (uri == "/stats") return new Handler([this](Poco::Net::HTTPServerRequest&) { return proxy_.stats(); });
    return new Handler([](Poco::Net::HTTPServerRequest&) -> Poco::JSON::Object::Ptr {
        throw std::invalid_argument("unknown route; PUT /mode, GET /mode, GET /stats");
    });
}

} // namespace testsupport
