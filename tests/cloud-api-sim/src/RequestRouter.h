#pragma once

#include <Poco/Net/HTTPRequestHandlerFactory.h>

namespace cloudsim {

class Simulator;

// Maps Graph paths (/{version}/{id}/messages, /media, /message_templates, /{version}/{id}) and the
// control paths (/_sim/...) to handlers.
class RequestRouter : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit RequestRouter(Simulator& sim) : sim_(sim) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    Simulator& sim_;
};

} // namespace cloudsim
