#pragma once
// The one way the host and plugins read a request body into memory: with a byte cap enforced
// before and while reading. A declared Content-Length above the cap is refused without reading a
// byte; a chunked or unframed body is read in 8 KiB steps and refused as soon as it passes the
// cap, so an oversized request never costs more than `limit` + 8 KiB of memory. Header-only so the
// reference host and the plugin (which links only this contract) share the same code.
#include "Http.h"

#include <Poco/Net/HTTPServerRequest.h>

#include <istream>
#include <string>

namespace helpdesk {

// The answer to a body over the cap: 413 `payload_too_large`, Spanish message.
inline HttpError payloadTooLarge(std::size_t limit) {
    return HttpError(413, "payload_too_large", "La solicitud es demasiado grande (máximo " + std::to_string(limit) + " bytes).");
}

// Reads at most `limit` bytes of `in`; throws payloadTooLarge(limit) beyond it.
inline std::string readBodyStream(std::istream& in, std::size_t limit) {
    std::string body;
    char buffer[8192];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (body.size() > limit) throw payloadTooLarge(limit);
    }
    return body;
}

// The request's whole body, at most `limit` bytes: a Content-Length over the limit is refused
// before reading.
inline std::string readRequestBody(Poco::Net::HTTPServerRequest& request, std::size_t limit) {
    if (request.hasContentLength() && request.getContentLength64() > static_cast<Poco::Int64>(limit))
        throw payloadTooLarge(limit);
    return readBodyStream(request.stream(), limit);
}

} // namespace helpdesk
