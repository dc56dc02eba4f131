#pragma once
#include "AuthService.h"
#include "HostText.h"
#include "RouteTable.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <string>

namespace refhost {

// Every request passes here: route lookup, authentication (bearer token or session cookie), role
// check, CSRF check for state-changing session requests, then the handler; errors become HTML
// pages in the browser's language (in English, error.<code> from the host's locale files when it
// has one, else the error's own Spanish message) for browsers and JSON bodies for everything else.
class Dispatcher {
public:
    Dispatcher(RouteTable& routes, AuthService& auth, std::string defaultLocale, const HostText& text)
        : routes_(routes),
          auth_(auth),
          defaultLocale_(std::move(defaultLocale)),
          text_(text),
          log_(Poco::Logger::get("helpdesk.host.http")) {}
    void dispatch(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response);
    Poco::Net::HTTPRequestHandlerFactory* createFactory();

    // Largest form body read to look for csrf_token; bigger requests must send the header.
    static constexpr std::size_t kMaxFormBody = 2 * 1024 * 1024;
    // Most of a request body left unread by its handler that is read and dropped so the
    // connection can serve the next request; a bigger remainder closes the connection instead.
    static constexpr std::size_t kMaxDrainedBody = 1024 * 1024;

private:
    void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, const std::string& path,
                bool api);
    void fail(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, int status, const std::string& code,
              const std::string& message, const std::string& details = "[]");

    RouteTable& routes_;
    AuthService& auth_;
    std::string defaultLocale_;
    const HostText& text_;
    Poco::Logger& log_;
};

} // namespace refhost
