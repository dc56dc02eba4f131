// One function per endpoint; RequestRouter picks one from the method and path.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/URI.h>

#include <string>
#include <vector>

namespace cloudsim {

class Simulator;

struct Route {
    std::vector<std::string> segments;
    Poco::URI::QueryParameters query;
    std::string param(const std::string& name, const std::string& fallback = std::string()) const;
};

using Handler = void (*)(Simulator&, const Route&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);

void handleSendMessage(Simulator&, const Route&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
void handleListTemplates(Simulator&, const Route&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
void handleUploadMedia(Simulator&, const Route&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
void handleGetObject(Simulator&, const Route&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
void handleControl(Simulator&, const Route&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);
void handleUnknownPath(Simulator&, const Route&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&);

} // namespace cloudsim
