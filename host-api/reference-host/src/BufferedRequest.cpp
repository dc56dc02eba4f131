#include "BufferedRequest.h"

namespace refhost {

BufferedRequest::BufferedRequest(Poco::Net::HTTPServerRequest& original, std::string body)
    : original_(original), body_(std::move(body)) {
    setMethod(original.getMethod());
    setURI(original.getURI());
    setVersion(original.getVersion());
    for (const auto& [name, value] : static_cast<const Poco::Net::NameValueCollection&>(original)) add(name, value);
}

} // namespace refhost
