#pragma once
#include <helpdesk/Http.h>

#include <Poco/Net/HTMLForm.h>

#include <memory>
#include <string>

// Small pieces shared by the host's own pages.
namespace refhost {

// The hidden form field every host form carries.
std::string csrfField(const helpdesk::RequestContext& ctx);
// Largest form body the host's pages read (the same cap as the CSRF check's form read).
inline constexpr std::size_t kMaxPageFormBody = 2 * 1024 * 1024;
// Parses a urlencoded or multipart form body (and the query string), reading at most `maxBytes`
// of it (HttpError 413 `payload_too_large` beyond, before reading when Content-Length says so).
std::unique_ptr<Poco::Net::HTMLForm> readForm(helpdesk::RequestContext& ctx, std::size_t maxBytes = kMaxPageFormBody);
// The {name} path parameter as a positive id; HttpError 404 otherwise.
long long pathId(const helpdesk::RequestContext& ctx, const std::string& name = "id");
// "dd/mm/aaaa hh:mm" in the process's local time zone (the host sets TZ from configuration).
std::string formatLocalTime(long long epochMillis);
// ISO 8601 UTC, for JSON.
std::string formatIso(long long epochMillis);
std::string queryParam(const helpdesk::RequestContext& ctx, const std::string& name);

} // namespace refhost
