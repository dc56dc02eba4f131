// Login form, login, logout and the start page.
#include "AccessPolicy.h"
#include "HostServices.h"
#include "HttpUtil.h"
#include "LoginThrottle.h"
#include "PageHelpers.h"

#include <Poco/Logger.h>

#include <memory>

namespace refhost {
namespace {

// A login form is a user name, a password and a path: 16 KiB is far more than any real one.
constexpr std::size_t kMaxLoginForm = 16 * 1024;

std::string loginPage(const HostText& text, const std::string& locale, const std::string& next, const std::string& login,
                      const std::string& error) {
    const std::string lang = HostText::language(locale);
    auto t = [&](const std::string& key) { return htmlEscape(text.get(lang, key)); };
    std::string html = "<!DOCTYPE html><html lang=\"" + lang +
                       "\"><head><meta charset=\"utf-8\">"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                       "<title>" +
                       t("login.title") + " · " + t("shell.titleSuffix") +
                       "</title><link rel=\"stylesheet\" href=\"/static/host.css\">"
                       "</head><body><main class=\"narrow\"><div class=\"card\"><h1>" +
                       t("login.title") + "</h1>";
    if (!error.empty()) html += "<div class=\"alert\" role=\"alert\">" + htmlEscape(error) + "</div>";
    html += "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"next\" value=\"" + htmlEscape(next) +
            "\"><label for=\"login\">" + t("login.user") +
            "</label><input type=\"text\" id=\"login\" name=\"login\" autocomplete=\"username\" "
            "required autofocus value=\"" +
            htmlEscape(login) + "\"><label for=\"password\">" + t("login.password") +
            "</label><input type=\"password\" id=\"password\" name=\"password\" "
            "autocomplete=\"current-password\" required><button type=\"submit\">" +
            t("login.submit") + "</button></form></div></main></body></html>";
    return html;
}

LoginThrottle::Settings throttleSettings(const Poco::Util::AbstractConfiguration& config) {
    LoginThrottle::Settings s;
    s.freeFailures = config.getInt("auth.login_throttle.free_failures", s.freeFailures);
    s.window = Poco::Timespan(config.getInt("auth.login_throttle.window_seconds", 15 * 60), 0);
    s.baseDelay = Poco::Timespan(config.getInt("auth.login_throttle.base_delay_seconds", 15), 0);
    s.maxDelay = Poco::Timespan(config.getInt("auth.login_throttle.max_delay_seconds", 15 * 60), 0);
    return s;
}

} // namespace

void registerLoginPages(HostServices& host) {
    auto throttle = std::make_shared<LoginThrottle>(throttleSettings(host.config));
    host.routes.add({"GET", "/login", helpdesk::Role::PublicSigned,
                     [&host](helpdesk::RequestContext& ctx) {
                         const std::string next = safeNextPath(queryParam(ctx, "next"));
                         if (ctx.user) return redirect(ctx.response, next);
                         sendHtml(ctx.response, 200, loginPage(host.text, ctx.locale, next, "", ""));
                     }},
                    "host");

    host.routes.add({"POST", "/login", helpdesk::Role::PublicSigned,
                     [&host, throttle](helpdesk::RequestContext& ctx) {
                         auto form = readForm(ctx, kMaxLoginForm);
                         const std::string login = form->get("login", "");
                         const std::string next = safeNextPath(form->get("next", "/"));
                         const std::string address = ctx.request.clientAddress().host().toString();
                         auto& log = Poco::Logger::get("helpdesk.host.auth");
                         // Before the password check: a refused guess costs no PBKDF2.
                         if (auto wait = throttle->retryAfter(address, login)) {
                             log.warning("login for '" + login + "' from " + address +
                                         " refused: too many failed attempts, retry in " + std::to_string(*wait) + " s");
                             const long long minutes = (*wait + 59) / 60;
                             const std::string message =
                                 host.text.get(ctx.locale, minutes == 1 ? "login.throttled.minute" : "login.throttled.minutes",
                                               {{"n", std::to_string(minutes)}});
                             ctx.response.set("Retry-After", std::to_string(*wait));
                             if (isApiRequest("/login", ctx.request.get("Accept", "")))
                                 sendJson(ctx.response, 429, errorJson("too_many_attempts", message));
                             else
                                 sendHtml(ctx.response, 429, loginPage(host.text, ctx.locale, next, login, message));
                             return;
                         }
                         auto user = host.auth.checkPassword(login, form->get("password", ""));
                         if (!user) {
                             throttle->failed(address, login);
                             // Log the login tried and where from, never the password.
                             log.warning("failed login for '" + login + "' from " + address);
                             sendHtml(ctx.response, 401,
                                      loginPage(host.text, ctx.locale, next, login, host.text.get(ctx.locale, "login.wrong")));
                             return;
                         }
                         throttle->succeeded(login);
                         auto session = host.auth.createSession(*user);
                         ctx.response.add("Set-Cookie", sessionCookieHeader(session.id, host.auth.sessionSeconds(),
                                                                            host.settings.secureCookies));
                         redirect(ctx.response, next);
                     }},
                    "host");

    host.routes.add({"POST", "/logout", helpdesk::Role::Agent,
                     [&host](helpdesk::RequestContext& ctx) {
                         Poco::Net::NameValueCollection cookies;
                         ctx.request.getCookies(cookies);
                         const std::string id = cookies.get(kSessionCookie, "");
                         if (!id.empty()) host.auth.deleteSession(id);
                         ctx.response.add("Set-Cookie", sessionCookieHeader("", 0, host.settings.secureCookies));
                         redirect(ctx.response, "/login");
                     }},
                    "host");

    host.routes.add(
        {"GET", "/", helpdesk::Role::Agent, [](helpdesk::RequestContext& ctx) { redirect(ctx.response, "/tickets"); }}, "host");
}

} // namespace refhost
