// A stand-in for the helpdesk's webhook endpoint: checks each POST's signature, keeps what it
// got, and can be told to fail the next POSTs to exercise the simulator's retries.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServer.h>

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace simtest {

class WebhookReceiver {
public:
    explicit WebhookReceiver(std::string appSecret);
    ~WebhookReceiver();

    std::string url() const;
    void failNext(int posts);
    bool waitForStatuses(std::size_t count, int timeoutMs);

    std::vector<Poco::JSON::Object::Ptr> statuses() const;
    std::vector<Poco::JSON::Object::Ptr> inbound() const;
    std::vector<Poco::JSON::Object::Ptr> templateUpdates() const;
    std::size_t posts() const; // answered 200
    std::size_t badSignatures() const;

    // Called by the request handler.
    int accept(const std::string& body, const std::string& signature);

private:
    std::string secret_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    int failNext_ = 0;
    std::size_t posts_ = 0;
    std::size_t badSignatures_ = 0;
    std::vector<Poco::JSON::Object::Ptr> statuses_, inbound_, templateUpdates_;
};

} // namespace simtest
