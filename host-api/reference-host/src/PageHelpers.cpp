#include "PageHelpers.h"

#include "HttpUtil.h"

#include <helpdesk/RequestBody.h>

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/NumberParser.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>

#include <ctime>
#include <sstream>

namespace refhost {

std::string csrfField(const helpdesk::RequestContext& ctx) {
    return "<input type=\"hidden\" name=\"csrf_token\" value=\"" + htmlEscape(ctx.csrfToken) + "\">";
}

std::unique_ptr<Poco::Net::HTMLForm> readForm(helpdesk::RequestContext& ctx, std::size_t maxBytes) {
    auto form = std::make_unique<Poco::Net::HTMLForm>();
    form->setFieldLimit(1000);
    std::istringstream body(helpdesk::readRequestBody(ctx.request, maxBytes));
    form->load(ctx.request, body);
    return form;
}

long long pathId(const helpdesk::RequestContext& ctx, const std::string& name) {
    auto it = ctx.pathParams.find(name);
    Poco::Int64 id = 0;
    if (it == ctx.pathParams.end() || !Poco::NumberParser::tryParse64(it->second, id) || id <= 0) {
        throw helpdesk::HttpError(404, "not_found", "El recurso solicitado no existe.");
    }
    return id;
}

std::string formatLocalTime(long long epochMillis) {
    std::time_t t = static_cast<std::time_t>(epochMillis / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%d/%m/%Y %H:%M", &tm);
    return buf;
}

std::string formatIso(long long epochMillis) {
    return Poco::DateTimeFormatter::format(Poco::Timestamp(epochMillis * 1000), Poco::DateTimeFormat::ISO8601_FRAC_FORMAT);
}

std::string queryParam(const helpdesk::RequestContext& ctx, const std::string& name) {
    for (const auto& [key, value] : Poco::URI(ctx.request.getURI()).getQueryParameters()) {
        if (key == name) return value;
    }
    return {};
}

} // namespace refhost
