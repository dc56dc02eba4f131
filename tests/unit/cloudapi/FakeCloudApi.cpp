#include "FakeCloudApi.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <thread>

namespace campaigns::cloudapi::test {

class FakeCloudApi::Handler : public Poco::Net::HTTPRequestHandler {
public:
    explicit Handler(FakeCloudApi& api) : api_(api) {}

    void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
        RecordedRequest r;
        r.method = req.getMethod();
        r.uri = req.getURI();
        r.authorization = req.get("Authorization", "");
        r.contentType = req.getContentType();
        Poco::StreamCopier::copyToString(req.stream(), r.body);
        Behaviour behaviour;
        {
            std::lock_guard lock(api_.mutex_);
            api_.requests_.push_back(r);
            behaviour = api_.behaviour_;
        }
        ++api_.count_;
        if (behaviour)
            behaviour(r, req, resp);
        else
            replyJson(resp, 500, R"({"error":{"code":1,"message":"no behaviour scripted"}})");
        ++api_.finished_;
    }

private:
    FakeCloudApi& api_;
};

class FakeCloudApi::Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(FakeCloudApi& api) : api_(api) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new Handler(api_);
    }

private:
    FakeCloudApi& api_;
};

FakeCloudApi::FakeCloudApi(Poco::Timespan idleClose) {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    port_ = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(idleClose);
    params->setMaxKeepAliveRequests(0);
    params->setMaxThreads(16);
    params->setMaxQueued(64);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket, params);
    server_->start();
}

FakeCloudApi::~FakeCloudApi() { server_->stopAll(true); }

void FakeCloudApi::onRequest(Behaviour behaviour) {
    std::lock_guard lock(mutex_);
    behaviour_ = std::move(behaviour);
}

std::string FakeCloudApi::baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_) + "/graph"; }

std::vector<RecordedRequest> FakeCloudApi::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

void FakeCloudApi::waitFinished(int n) const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (finished_.load() < n && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

void FakeCloudApi::replyJson(Poco::Net::HTTPServerResponse& r, int status, const std::string& body) {
    r.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    r.setContentType("application/json");
    r.setContentLength(static_cast<std::streamsize>(body.size()));
    r.send() << body;
}

void FakeCloudApi::replyAccepted(Poco::Net::HTTPServerResponse& r, const std::string& wamid) {
    replyJson(r, 200,
              R"({"messaging_product":"whatsapp","contacts":[{"input":"+1","wa_id":"1"}],"messages":[{"id":")" + wamid +
                  R"(","message_status":"accepted"}]})");
}

void FakeCloudApi::closeWithoutAnswer(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& r) {
    r.setKeepAlive(false); // stops the server's keep-alive loop on this connection
    dynamic_cast<Poco::Net::HTTPServerRequestImpl&>(req).socket().shutdown();
}

std::uint16_t closedPort() {
    Poco::Net::ServerSocket s(Poco::Net::SocketAddress("127.0.0.1", 0));
    const std::uint16_t port = s.address().port();
    s.close();
    return port;
}

} // namespace campaigns::cloudapi::test
