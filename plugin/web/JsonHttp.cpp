#include "web/JsonHttp.h"

#include <sstream>

namespace campaigns::web {

void sendJsonText(helpdesk::RequestContext& ctx, const std::string& json, int status) {
    auto& r = ctx.response;
    r.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    r.setContentType("application/json; charset=utf-8");
    r.set("Cache-Control", "no-store");
    r.setContentLength(static_cast<std::streamsize>(json.size()));
    r.send() << json;
}

void sendJson(helpdesk::RequestContext& ctx, const Poco::JSON::Object& body, int status) {
    std::ostringstream out;
    body.stringify(out);
    sendJsonText(ctx, out.str(), status);
}

void sendHtml(helpdesk::RequestContext& ctx, const std::string& html, int status) {
    auto& r = ctx.response;
    r.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    r.setContentType("text/html; charset=utf-8");
    r.setContentLength(static_cast<std::streamsize>(html.size()));
    r.send() << html;
}

} // namespace campaigns::web
