#pragma once
// A real Poco HTTPServer on a free local port that hands every request to one plugin handler, with
// the given path parameters, answering helpdesk::HttpError as the host does (JSON body). Enough to
// test a handler over real HTTP without the host.
#include <helpdesk/Http.h>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace testsupport {

class InProcessServer {
public:
    // `params` derives the route's path parameters from the request path.
    using Params = std::function<std::map<std::string, std::string>(const std::string& path)>;

    InProcessServer(helpdesk::Handler handler, Params params, int threads = 4)
        : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
        auto* p = new Poco::Net::HTTPServerParams;
        p->setMaxThreads(threads);
        p->setMaxQueued(16);
        server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(std::move(handler), std::move(params)), socket_, p);
        server_->start();
    }
    ~InProcessServer() { server_->stopAll(true); }

    Poco::UInt16 port() const { return socket_.address().port(); }

private:
    struct Handler : Poco::Net::HTTPRequestHandler {
        helpdesk::Handler& handler;
        Params& params;
        Handler(helpdesk::Handler& h, Params& p) : handler(h), params(p) {}
        void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
            helpdesk::RequestContext ctx{
                req, resp, params(req.getURI()), helpdesk::User{1, "admin", "Admin", helpdesk::Role::Administrator}, "es", ""};
            try {
                handler(ctx);
            } catch (const helpdesk::HttpError& e) {
                if (resp.sent()) throw;
                const std::string body = std::string(R"({"error":")") + e.code + R"(","message":")" + e.what() +
                                         R"(","details":)" + e.detailsJson + "}";
                resp.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(e.status));
                resp.setContentType("application/json; charset=utf-8");
                resp.setContentLength(static_cast<std::streamsize>(body.size()));
                resp.send() << body;
            }
        }
    };
    struct Factory : Poco::Net::HTTPRequestHandlerFactory {
        helpdesk::Handler handler;
        Params params;
        Factory(helpdesk::Handler h, Params p) : handler(std::move(h)), params(std::move(p)) {}
        Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
            return new Handler(handler, params);
        }
    };

    Poco::Net::ServerSocket socket_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
};

} // namespace testsupport
