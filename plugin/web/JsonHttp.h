#pragma once
#include <helpdesk/Http.h>

#include <Poco/JSON/Object.h>

#include <string>

namespace campaigns::web {

// Writes a JSON body with the given status. Every API answer goes through here so the content
// type and caching headers are the same everywhere.
void sendJson(helpdesk::RequestContext& ctx, const Poco::JSON::Object& body, int status = 200);
void sendJsonText(helpdesk::RequestContext& ctx, const std::string& json, int status = 200);
void sendHtml(helpdesk::RequestContext& ctx, const std::string& html, int status = 200);

} // namespace campaigns::web
