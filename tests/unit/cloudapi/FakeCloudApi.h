#pragma once
// A tiny in-process stand-in for the Cloud API on an ephemeral port. Each test scripts what it
// answers; it records every request it fully read so tests can prove a message went out exactly once.

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Timespan.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace campaigns::cloudapi::test {

struct RecordedRequest {
    std::string method;
    std::string uri;
    std::string authorization;
    std::string contentType;
    std::string body;
};

class FakeCloudApi {
public:
    using Behaviour = std::function<void(const RecordedRequest&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&)>;

    // idleClose: how long the server keeps an idle kept-alive connection before closing it.
    explicit FakeCloudApi(Poco::Timespan idleClose = Poco::Timespan(10, 0));
    ~FakeCloudApi();

    void onRequest(Behaviour behaviour);
    std::string baseUrl() const;
    std::uint16_t port() const { return port_; }
    int requestCount() const { return count_.load(); }
    std::vector<RecordedRequest> requests() const;
    // Requests whose handler has returned (a sleeping handler is still counted in requestCount).
    int finishedCount() const { return finished_.load(); }
    void waitFinished(int n) const;

    // Canned answers.
    static void replyJson(Poco::Net::HTTPServerResponse& r, int status, const std::string& body);
    static void replyAccepted(Poco::Net::HTTPServerResponse& r, const std::string& wamid);
    static void closeWithoutAnswer(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& r);

private:
    class Handler;
    class Factory;

    std::unique_ptr<Poco::Net::HTTPServer> server_;
    std::uint16_t port_ = 0;
    mutable std::mutex mutex_;
    Behaviour behaviour_;
    std::vector<RecordedRequest> requests_;
    std::atomic<int> count_{0};
    std::atomic<int> finished_{0};
};

// A local port with nothing listening on it.
std::uint16_t closedPort();

} // namespace campaigns::cloudapi::test
