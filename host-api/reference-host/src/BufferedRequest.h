#pragma once
#include <Poco/Net/HTTPServerRequest.h>

#include <sstream>
#include <string>

namespace refhost {

// A request whose body was already read (to find a form's csrf_token) and is replayed from memory,
// so handlers still see the whole body through stream().
class BufferedRequest : public Poco::Net::HTTPServerRequest {
public:
    BufferedRequest(Poco::Net::HTTPServerRequest& original, std::string body);
    std::istream& stream() override { return body_; }
    const Poco::Net::SocketAddress& clientAddress() const override { return original_.clientAddress(); }
    const Poco::Net::SocketAddress& serverAddress() const override { return original_.serverAddress(); }
    const Poco::Net::HTTPServerParams& serverParams() const override { return original_.serverParams(); }
    Poco::Net::HTTPServerResponse& response() const override { return original_.response(); }
    bool secure() const override { return original_.secure(); }

private:
    Poco::Net::HTTPServerRequest& original_;
    std::istringstream body_;
};

} // namespace refhost
