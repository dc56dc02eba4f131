#include "WebhookReceiver.h"

#include "Signature.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

namespace simtest {
namespace {

class Handler : public Poco::Net::HTTPRequestHandler {
public:
    explicit Handler(WebhookReceiver& receiver) : receiver_(receiver) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        std::string body;
        Poco::StreamCopier::copyToString(request.stream(), body);
        int status = receiver_.accept(body, request.get("X-Hub-Signature-256", ""));
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
        response.setContentLength(2);
        response.send() << "ok";
    }

private:
    WebhookReceiver& receiver_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(WebhookReceiver& receiver) : receiver_(receiver) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new Handler(receiver_);
    }

private:
    WebhookReceiver& receiver_;
};

} // namespace

WebhookReceiver::WebhookReceiver(std::string appSecret) : secret_(std::move(appSecret)) {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket, new Poco::Net::HTTPServerParams);
    server_->start();
}

WebhookReceiver::~WebhookReceiver() { server_->stopAll(true); }

std::string WebhookReceiver::url() const {
    return "http://127.0.0.1:" + std::to_string(server_->socket().address().port()) + "/webhooks/whatsapp";
}

void WebhookReceiver::failNext(int posts) {
    std::lock_guard<std::mutex> lock(mutex_);
    failNext_ = posts;
}

int WebhookReceiver::accept(const std::string& body, const std::string& signature) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (signature != cloudsim::signatureHeader(secret_, body)) {
        ++badSignatures_;
        return 401;
    }
    if (failNext_ > 0) {
        --failNext_;
        return 500;
    }
    ++posts_;
    Poco::JSON::Parser parser;
    auto root = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    auto entries = root->getArray("entry");
    for (std::size_t e = 0; e < entries->size(); ++e) {
        auto changes = entries->getObject(static_cast<unsigned>(e))->getArray("changes");
        for (std::size_t c = 0; c < changes->size(); ++c) {
            auto change = changes->getObject(static_cast<unsigned>(c));
            auto value = change->getObject("value");
            if (change->getValue<std::string>("field") == "message_template_status_update") {
                templateUpdates_.push_back(value);
                continue;
            }
            auto collect = [&](const char* name, std::vector<Poco::JSON::Object::Ptr>& into) {
                if (auto items = value->getArray(name))
                    for (std::size_t i = 0; i < items->size(); ++i) into.push_back(items->getObject(static_cast<unsigned>(i)));
            };
            collect("statuses", statuses_);
            collect("messages", inbound_);
        }
    }
    changed_.notify_all();
    return 200;
}

bool WebhookReceiver::waitForStatuses(std::size_t count, int timeoutMs) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, std::chrono::milliseconds(timeoutMs), [&] { return statuses_.size() >= count; });
}

std::vector<Poco::JSON::Object::Ptr> WebhookReceiver::statuses() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return statuses_;
}

std::vector<Poco::JSON::Object::Ptr> WebhookReceiver::inbound() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return inbound_;
}

std::vector<Poco::JSON::Object::Ptr> WebhookReceiver::templateUpdates() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return templateUpdates_;
}

std::size_t WebhookReceiver::posts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return posts_;
}

std::size_t WebhookReceiver::badSignatures() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return badSignatures_;
}

} // namespace simtest
