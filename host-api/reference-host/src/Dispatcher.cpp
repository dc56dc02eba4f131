#include "Dispatcher.h"

#include "AccessPolicy.h"
#include "BufferedRequest.h"
#include "HttpUtil.h"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace refhost {
namespace {

class DispatchHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit DispatchHandler(Dispatcher& d) : d_(d) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        d_.dispatch(request, response);
    }

private:
    Dispatcher& d_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(Dispatcher& d) : d_(d) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new DispatchHandler(d_);
    }

private:
    Dispatcher& d_;
};

std::string localeFor(const Poco::Net::HTTPServerRequest& request, const std::string& fallback) {
    const std::string lang = Poco::toLower(request.get("Accept-Language", ""));
    if (lang.rfind("en", 0) == 0) return "en";
    if (lang.rfind("es", 0) == 0) return "es";
    return fallback;
}

std::string sessionCookie(const Poco::Net::HTTPServerRequest& request) {
    Poco::Net::NameValueCollection cookies;
    request.getCookies(cookies);
    return cookies.get(kSessionCookie, "");
}

// An HTTP method is a token (RFC 9110 5.6.2); "{}GET" is what is left of an earlier request's
// unread body followed by the next request line.
bool validMethodToken(const std::string& method) {
    if (method.empty()) return false;
    static const std::string extra = "!#$%&'*+-.^_`|~";
    return std::all_of(method.begin(), method.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || extra.find(c) != std::string::npos; });
}

// Handlers need not read the request body (POST .../send takes none, yet fetch() helpers send
// "{}"), and refused requests (CSRF, role, 404, 405) never do. On a kept-alive connection the
// unread bytes would be taken for the start of the next request ("{}GET /..." answered 405), so
// the rest of a framed body is read and dropped here, up to kMaxDrainedBody; beyond that, or when
// the stream fails, the connection is closed after this response instead of being reused.
void finishRequestBody(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, std::size_t limit) {
    // Without a length or chunking, GET/HEAD/DELETE have no body (Poco gives an empty stream) and
    // any other method's body runs to the end of the connection, which is then not reused anyway.
    if (!request.getChunkedTransferEncoding() && !request.hasContentLength()) return;
    try {
        std::istream& in = request.stream();
        in.clear(); // a handler's failed parse leaves failbit, not a consumed stream
        char buf[8192];
        std::size_t dropped = 0;
        while (dropped <= limit && in.read(buf, sizeof buf)) dropped += static_cast<std::size_t>(in.gcount());
        if (in.eof()) return;
    } catch (const Poco::Exception&) {
    } catch (const std::exception&) {}
    response.setKeepAlive(false);
}

} // namespace

Poco::Net::HTTPRequestHandlerFactory* Dispatcher::createFactory() { return new Factory(*this); }

void Dispatcher::fail(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, int status,
                      const std::string& code, const std::string& message, const std::string& details) {
    if (response.sent()) {
        log_.error("cannot report " + std::to_string(status) + " " + code + ": response already started");
        return;
    }
    if (prefersHtml(request.get("Accept", "")) &&
        !isApiRequest(Poco::URI(request.getURI()).getPath(), request.get("Accept", ""))) {
        const std::string lang = HostText::language(localeFor(request, defaultLocale_));
        const std::string key = "error." + code;
        // Spanish keeps the error's own (more precise) message; English reads the code's generic text.
        const std::string shown = (lang == "en" && text_.has(key)) ? text_.get(lang, key) : message;
        sendHtml(response, status, errorPage(status, shown, lang, text_.get(lang, "error.back")));
    } else {
        sendJson(response, status, errorJson(code, message, details));
    }
}

void Dispatcher::dispatch(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    setSecurityHeaders(response);
    std::string path;
    try {
        path = Poco::URI(request.getURI()).getPath();
    } catch (const Poco::SyntaxException&) {
        fail(request, response, 400, "invalid_uri", "La dirección solicitada no es válida.");
        finishRequestBody(request, response, kMaxDrainedBody);
        return;
    }
    if (!validMethodToken(request.getMethod())) {
        // The connection's framing is lost: answer once and close it.
        response.setKeepAlive(false);
        fail(request, response, 400, "invalid_request", "La solicitud no es válida.");
        return;
    }
    const bool api = isApiRequest(path, request.get("Accept", ""));
    try {
        handle(request, response, path, api);
    } catch (const helpdesk::HttpError& e) {
        fail(request, response, e.status, e.code, e.what(), e.detailsJson);
    } catch (const std::invalid_argument& e) {
        fail(request, response, 400, "invalid_request", e.what());
    } catch (const Poco::Exception& e) {
        log_.error(request.getMethod() + " " + path + " failed: " + e.displayText());
        fail(request, response, 500, "internal_error", "Ocurrió un error interno. Intente nuevamente.");
    } catch (const std::exception& e) {
        log_.error(request.getMethod() + " " + path + " failed: " + e.what());
        fail(request, response, 500, "internal_error", "Ocurrió un error interno. Intente nuevamente.");
    }
    finishRequestBody(request, response, kMaxDrainedBody);
}

void Dispatcher::handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, const std::string& path,
                        bool api) {
    const std::string method = request.getMethod();
    auto match = routes_.find(method, path);
    if (!match) {
        if (routes_.pathKnown(path)) {
            fail(request, response, 405, "method_not_allowed", "Método no permitido para esta dirección.");
        } else {
            fail(request, response, 404, "not_found", "La página solicitada no existe.");
        }
        return;
    }
    const auto& route = *match->entry;
    helpdesk::RequestContext ctx{request, response, match->params, std::nullopt, localeFor(request, defaultLocale_), {}};
    if (route.role == helpdesk::Role::PublicSigned) {
        // Public routes may still show the signed-in user (the login page does).
        if (auto session = auth_.findSession(sessionCookie(request))) {
            ctx.user = session->user;
            ctx.csrfToken = session->csrfToken;
        }
        route.handler(ctx);
        return;
    }

    bool viaToken = false;
    const std::string authorization = request.get("Authorization", "");
    if (!authorization.empty()) {
        const std::string token = bearerToken(authorization);
        auto user = token.empty() ? std::nullopt : auth_.userForToken(token);
        if (!user) {
            response.set("WWW-Authenticate", "Bearer");
            sendJson(response, 401, errorJson("invalid_token", "El token de acceso no es válido."));
            return;
        }
        ctx.user = user;
        viaToken = true;
    } else if (auto session = auth_.findSession(sessionCookie(request))) {
        ctx.user = session->user;
        ctx.csrfToken = session->csrfToken;
    }

    switch (checkAccess(route.role, ctx.user, api, method)) {
        case Access::Allow:
            break;
        case Access::RedirectToLogin:
            redirect(
                response, "/login?next=" + [&] {
                    std::string encoded;
                    Poco::URI::encode(request.getURI(), "&=?#+/", encoded);
                    return encoded;
                }());
            return;
        case Access::Unauthorized:
            fail(request, response, 401, "unauthenticated", "Debe iniciar sesión.");
            return;
        case Access::Forbidden:
            fail(request, response, 403, "forbidden", "No tiene permiso para esta acción.");
            return;
    }

    if (!viaToken && isStateChanging(method)) {
        std::string supplied = request.get("X-CSRF-Token", "");
        const bool isForm = Poco::icompare(request.getContentType().substr(0, 33), "application/x-www-form-urlencoded") == 0;
        if (supplied.empty() && isForm) {
            std::string body = readBody(request, kMaxFormBody);
            BufferedRequest buffered(request, body);
            Poco::Net::HTMLForm form;
            form.setFieldLimit(10000);
            std::istringstream in(body);
            form.load(request, in);
            supplied = form.get("csrf_token", "");
            if (!csrfAccepted(ctx.csrfToken, supplied)) {
                fail(request, response, 403, "invalid_csrf_token",
                     "La sesión del formulario expiró. Recargue la página e intente nuevamente.");
                return;
            }
            helpdesk::RequestContext replay{buffered, response, ctx.pathParams, ctx.user, ctx.locale, ctx.csrfToken};
            route.handler(replay);
            return;
        }
        if (!csrfAccepted(ctx.csrfToken, supplied)) {
            fail(request, response, 403, "invalid_csrf_token",
                 "La sesión del formulario expiró. Recargue la página e intente nuevamente.");
            return;
        }
    }
    route.handler(ctx);
}

} // namespace refhost
