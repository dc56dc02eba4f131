#include "cloudapi/CloudApiClient.h"

#include "cloudapi/OutcomeClassifier.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Random.h>
#include <Poco/URI.h>

#include <chrono>
#include <cstdio>
#include <istream>
#include <mutex>
#include <ostream>
#include <sstream>

namespace campaigns::cloudapi {

CloudApiError::CloudApiError(SendOutcome outcome, int httpStatus)
    : std::runtime_error(outcome.reason()), outcome_(std::move(outcome)), httpStatus_(httpStatus) {}

// How far one request got. The stage decides whether a failure can be retried: a request whose
// last byte never left cannot have been processed by Meta (it has no complete request to act on).
struct CloudApiClient::Exchange {
    enum class Stage { NotSent, Written, Answered };
    Stage stage = Stage::NotSent;
    int status = 0;
    std::string body;
    std::optional<std::chrono::seconds> retryAfter;
    std::string failure; // transport error text (never contains request headers)
};

namespace {

struct Target {
    ConnectionEndpoint endpoint;
    std::string pathPrefix; // base URL path without trailing '/'
};

// A base URL that cannot be used is the account's configuration problem, not the message's.
[[noreturn]] void badBaseUrl(const std::string& detail) {
    throw CloudApiError(PauseSender{std::nullopt, "La URL base de la cuenta no es válida", detail}, 0);
}

Target targetFor(const AccountEndpoint& account) {
    Poco::URI uri;
    try {
        uri = Poco::URI(account.baseUrl);
    } catch (const Poco::Exception& e) {
        badBaseUrl(e.displayText());
    }
    if ((uri.getScheme() != "http" && uri.getScheme() != "https") || uri.getHost().empty()) badBaseUrl(account.baseUrl);
    Target t{{uri.getScheme(), uri.getHost(), uri.getPort()}, uri.getPath()};
    while (!t.pathPrefix.empty() && t.pathPrefix.back() == '/') t.pathPrefix.pop_back();
    return t;
}

std::string encode(const std::string& s) {
    std::string out;
    Poco::URI::encode(s, "!#$&'()*+,/:;=?@[]", out);
    return out;
}

std::optional<std::chrono::seconds> retryAfterOf(const Poco::Net::HTTPResponse& r) {
    if (!r.has("Retry-After")) return std::nullopt;
    try {
        const int s = std::stoi(r.get("Retry-After"));
        if (s >= 0) return std::chrono::seconds(s);
    } catch (const std::exception&) {
        // An HTTP-date form or garbage: the code's own backoff applies.
    }
    return std::nullopt;
}

Retryable notSentOutcome(const std::string& failure) {
    Retryable r;
    r.retryAfter = std::chrono::seconds(1);
    r.scope = RetryScope::Account;
    // No promise of another try here: the entry's state says it will be sent again. A request
    // that never left is not counted as a try (sending/OutboxStore), and when it lasts the
    // account's campaigns pause until the API answers (sending/OutageWatch.h).
    r.reason = "No se pudo conectar con WhatsApp; el mensaje no se envió";
    r.detail = failure;
    r.transport = true;
    return r;
}

Ambiguous unansweredOutcome(const std::string& failure) {
    return Ambiguous{"La solicitud se envió pero no llegó respuesta; el mensaje pudo haberse enviado", failure, true};
}

Poco::JSON::Object::Ptr parseObjectOrThrow(const std::string& body, int status) {
    try {
        Poco::JSON::Parser parser;
        const Poco::Dynamic::Var v = parser.parse(body);
        if (v.type() == typeid(Poco::JSON::Object::Ptr)) return v.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
        // Reported below as an unreadable answer.
    }
    throw CloudApiError(PauseSender{std::nullopt, "Respuesta ilegible de la API de WhatsApp", "HTTP " + std::to_string(status)},
                        status);
}

std::string stringField(const Poco::JSON::Object& o, const std::string& key) {
    if (!o.has(key) || o.isNull(key)) return {};
    const Poco::Dynamic::Var v = o.get(key);
    if (v.isString()) return v.extract<std::string>();
    if (v.isInteger()) return v.convert<std::string>();
    if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
        std::ostringstream os;
        v.extract<Poco::JSON::Object::Ptr>()->stringify(os);
        return os.str();
    }
    return {};
}

// Meta's `next` link points at graph.facebook.com; following it verbatim would send the token to
// whatever host a response names. The cursor is taken instead and the request rebuilt on the
// account's own base URL.
std::string nextCursor(const Poco::JSON::Object& root) {
    const auto paging = root.getObject("paging");
    if (!paging) return {};
    const std::string next = stringField(*paging, "next");
    if (next.empty()) return {};
    if (const auto cursors = paging->getObject("cursors")) {
        std::string after = stringField(*cursors, "after");
        if (!after.empty()) return after;
    }
    try {
        for (const auto& [name, value] : Poco::URI(next).getQueryParameters())
            if (name == "after" && !value.empty()) return value;
    } catch (const Poco::Exception&) {
        // Falls through to the error below.
    }
    throw CloudApiError(PauseSender{std::nullopt, "La paginación de plantillas no trae el cursor siguiente", next}, 200);
}

std::string multipartBoundary() {
    static std::mutex m;
    static Poco::Random random;
    std::lock_guard lock(m);
    static bool seeded = false;
    if (!seeded) {
        random.seed();
        seeded = true;
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, "campaigns-%08x%08x%08x", random.next(), random.next(), random.next());
    return buf;
}

std::string quoteHeaderValue(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\' || c == '\r' || c == '\n')
            out += '_';
        else
            out += c;
    }
    return out;
}

} // namespace

CloudApiClient::CloudApiClient(std::shared_ptr<ConnectionPool> pool) : pool_(std::move(pool)) {
    if (!pool_) throw std::invalid_argument("CloudApiClient needs a connection pool");
}

CloudApiClient::Exchange CloudApiClient::exchange(const AccountEndpoint& account, const std::string& method,
                                                  const std::string& pathAndQuery, const std::string& contentType,
                                                  std::string_view body) const {
    const Target target = targetFor(account);
    Exchange ex;
    std::optional<ConnectionPool::Lease> lease;
    try {
        lease.emplace(pool_->acquire(target.endpoint));
    } catch (const PoolExhausted& e) {
        ex.failure = e.what();
        return ex;
    } catch (const Poco::Exception& e) {
        ex.failure = e.displayText();
        return ex;
    }
    Poco::Net::HTTPClientSession& session = lease->session();

    Poco::Net::HTTPRequest request(method, target.pathPrefix + pathAndQuery, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    request.set("Authorization", "Bearer " + account.accessToken);
    request.set("Accept", "application/json");
    if (method != Poco::Net::HTTPRequest::HTTP_GET) {
        request.setContentType(contentType);
        request.setContentLength(static_cast<std::streamsize>(body.size()));
    }

    // Stage NotSent: connect and write. Any failure here means the request is incomplete on the
    // wire (or never left), so Meta cannot have acted on it. Poco reconnects a session whose idle
    // time exceeded the keep-alive timeout before writing, and the pool dropped idle sessions the
    // server had closed; what remains is a close racing our write, which surfaces while reading
    // and is reported as Ambiguous rather than guessed at.
    try {
        std::ostream& os = session.sendRequest(request);
        if (!body.empty()) os.write(body.data(), static_cast<std::streamsize>(body.size()));
        os.flush();
        if (!os.good() || session.networkException()) {
            ex.failure = session.networkException() ? session.networkException()->displayText()
                                                    : std::string("error al escribir la solicitud");
            return ex;
        }
    } catch (const Poco::Exception& e) {
        ex.failure = e.displayText();
        return ex;
    } catch (const std::exception& e) {
        ex.failure = e.what();
        return ex;
    }
    ex.stage = Exchange::Stage::Written;

    try {
        Poco::Net::HTTPResponse response;
        std::istream& is = session.receiveResponse(response);
        ex.status = static_cast<int>(response.getStatus());
        ex.retryAfter = retryAfterOf(response);
        char buf[8192];
        bool complete = true;
        while (is.read(buf, sizeof buf) || is.gcount() > 0) {
            if (ex.body.size() + static_cast<std::size_t>(is.gcount()) > kMaxResponseBytes) {
                complete = false;
                break;
            }
            ex.body.append(buf, static_cast<std::size_t>(is.gcount()));
        }
        if (is.bad() || session.networkException()) {
            ex.failure =
                session.networkException() ? session.networkException()->displayText() : std::string("respuesta incompleta");
            return ex;
        }
        ex.stage = Exchange::Stage::Answered;
        if (complete && response.getKeepAlive()) lease->keep();
    } catch (const Poco::Exception& e) {
        ex.failure = e.displayText();
    } catch (const std::exception& e) {
        ex.failure = e.what();
    }
    return ex;
}

SendOutcome CloudApiClient::sendMessage(const AccountEndpoint& account, std::string_view jsonBody) const {
    Exchange ex;
    try {
        ex = exchange(account, Poco::Net::HTTPRequest::HTTP_POST,
                      "/" + account.apiVersion + "/" + encode(account.phoneNumberId) + "/messages", "application/json", jsonBody);
    } catch (const CloudApiError& e) {
        return e.outcome(); // nothing was sent: the account's settings are unusable
    }
    switch (ex.stage) {
        case Exchange::Stage::NotSent:
            return notSentOutcome(ex.failure);
        case Exchange::Stage::Written:
            return unansweredOutcome(ex.failure);
        case Exchange::Stage::Answered:
            break;
    }
    return classifySendResponse(ex.status, ex.body, ex.retryAfter);
}

std::string CloudApiClient::getJson(const AccountEndpoint& account, const std::string& pathAndQuery) const {
    const Exchange ex = exchange(account, Poco::Net::HTTPRequest::HTTP_GET, pathAndQuery, {}, {});
    switch (ex.stage) {
        case Exchange::Stage::NotSent:
            throw CloudApiError(notSentOutcome(ex.failure), 0);
        case Exchange::Stage::Written:
            throw CloudApiError(unansweredOutcome(ex.failure), 0);
        case Exchange::Stage::Answered:
            break;
    }
    if (ex.status < 200 || ex.status >= 300) {
        throw CloudApiError(classifySendResponse(ex.status, ex.body, ex.retryAfter), ex.status);
    }
    if (const auto error = parseMetaError(ex.body)) throw CloudApiError(outcomeForError(*error), ex.status);
    return ex.body;
}

TemplateListing CloudApiClient::listTemplates(const AccountEndpoint& account, int pageSize) const {
    // A WABA holds at most 6,000 templates: this bound only stops a server that never ends paging.
    constexpr int kMaxPages = 1000;
    TemplateListing listing;
    std::string cursor;
    const std::string base = "/" + account.apiVersion + "/" + encode(account.wabaId) +
                             "/message_templates?fields=id,name,language,status,category,components,"
                             "parameter_format&limit=" +
                             std::to_string(pageSize);
    for (;;) {
        const std::string body = getJson(account, cursor.empty() ? base : base + "&after=" + encode(cursor));
        ++listing.pages;
        const auto root = parseObjectOrThrow(body, 200);
        const auto data = root->getArray("data");
        if (!data) throw CloudApiError(PauseSender{std::nullopt, "La lista de plantillas no trae datos", "sin campo data"}, 200);
        for (std::size_t i = 0; i < data->size(); ++i) {
            const auto item = data->getObject(static_cast<unsigned>(i));
            if (!item) {
                listing.skipped.push_back("elemento " + std::to_string(i) + ": no es un objeto");
                continue;
            }
            try {
                cloudapi::Template t = cloudapi::parseTemplate(*item);
                cloudapi::requiredParameters(t); // refuses templates whose variables cannot be sent
                listing.templates.push_back(std::move(t));
            } catch (const cloudapi::TemplateParseError& e) {
                listing.skipped.push_back(stringField(*item, "name") + " (" + stringField(*item, "language") + "): " + e.what());
            }
        }
        const std::string next = nextCursor(*root);
        if (next.empty()) break;
        if (next == cursor || listing.pages >= kMaxPages)
            throw CloudApiError(PauseSender{std::nullopt, "La paginación de plantillas no avanza", "cursor " + next}, 200);
        cursor = next;
    }
    return listing;
}

std::string CloudApiClient::uploadMedia(const AccountEndpoint& account, std::string_view bytes, const std::string& mimeType,
                                        const std::string& filename) const {
    const std::string boundary = multipartBoundary();
    std::string body;
    body.reserve(bytes.size() + 512);
    auto field = [&](const std::string& name, const std::string& value) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    };
    field("messaging_product", "whatsapp");
    field("type", mimeType);
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + quoteHeaderValue(filename) +
            "\"\r\nContent-Type: " + mimeType + "\r\n\r\n";
    body.append(bytes);
    body += "\r\n--" + boundary + "--\r\n";

    const Exchange ex = exchange(account, Poco::Net::HTTPRequest::HTTP_POST,
                                 "/" + account.apiVersion + "/" + encode(account.phoneNumberId) + "/media",
                                 "multipart/form-data; boundary=" + boundary, body);
    switch (ex.stage) {
        case Exchange::Stage::NotSent:
            throw CloudApiError(notSentOutcome(ex.failure), 0);
        case Exchange::Stage::Written:
            throw CloudApiError(unansweredOutcome(ex.failure), 0);
        case Exchange::Stage::Answered:
            break;
    }
    if (const auto error = parseMetaError(ex.body)) throw CloudApiError(outcomeForError(*error), ex.status);
    if (ex.status < 200 || ex.status >= 300)
        throw CloudApiError(classifySendResponse(ex.status, ex.body, ex.retryAfter), ex.status);
    const auto root = parseObjectOrThrow(ex.body, ex.status);
    std::string id = stringField(*root, "id");
    if (id.empty())
        throw CloudApiError(PauseSender{std::nullopt, "WhatsApp no devolvió el identificador del archivo", ex.body}, ex.status);
    return id;
}

PhoneNumberInfo CloudApiClient::phoneNumberInfo(const AccountEndpoint& account) const {
    const std::string body = getJson(account, "/" + account.apiVersion + "/" + encode(account.phoneNumberId) +
                                                  "?fields=display_phone_number,verified_name,quality_rating,throughput,"
                                                  "whatsapp_business_manager_messaging_limit");
    const auto root = parseObjectOrThrow(body, 200);
    PhoneNumberInfo info;
    info.displayPhoneNumber = stringField(*root, "display_phone_number");
    info.verifiedName = stringField(*root, "verified_name");
    info.qualityRating = stringField(*root, "quality_rating");
    if (const auto throughput = root->getObject("throughput")) info.throughputLevel = stringField(*throughput, "level");
    info.messagingLimit = stringField(*root, "whatsapp_business_manager_messaging_limit");
    return info;
}

} // namespace campaigns::cloudapi
