// Small helpers shared by the request handlers.
#pragma once

#include "GraphError.h"
#include "SimConfig.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <cstddef>
#include <optional>
#include <string>

namespace cloudsim {

// Reads the whole body; nullopt when it is longer than maxBytes.
std::optional<std::string> readBody(Poco::Net::HTTPServerRequest& request, std::size_t maxBytes);
void sendJson(Poco::Net::HTTPServerResponse& response, int status, const std::string& body);
void sendError(Poco::Net::HTTPServerResponse& response, const GraphError& error);
std::string bearerToken(const Poco::Net::HTTPServerRequest& request);
// 190 when the bearer token is missing or not one of the accepted ones.
std::optional<GraphError> checkAuth(const Poco::Net::HTTPServerRequest& request, const SimConfig& config);
GraphError unknownObject(const std::string& id);
std::string digitsOf(const std::string& phone); // strips + - ( ) and spaces; empty when anything else remains

} // namespace cloudsim
