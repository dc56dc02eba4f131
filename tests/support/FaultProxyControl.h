#pragma once
// The HTTP control port of the `campaigns-fault-proxy` program, so a test in another process
// (the Node fault tests) switches the proxy's mode while traffic flows through it:
//   PUT /mode   body {"mode": "reset", "reset_probability": 0.3, ...} (FaultMode.h); answers the
//               mode now in force, or 400 with {"error": "..."} for an unknown mode or bad value
//   GET /mode   the mode in force
//   GET /stats  what the proxy did so far (FaultProxy::stats)
#include "FaultProxy.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

namespace testsupport {

class FaultProxyControl : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit FaultProxyControl(FaultProxy& proxy) : proxy_(proxy) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    FaultProxy& proxy_;
};

} // namespace testsupport
