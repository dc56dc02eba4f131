// The API's error contract, route by route: the plugin is started in the reference host and every
// route it registers must be in kRoutes below (a new route fails here until someone decides what it
// answers). For each API route the test sends an unknown id (routes with path parameters), a
// malformed JSON body and an over-size body (routes that read JSON), and checks the status, that the
// `error` code is one of plugin/web/ErrorCodes.h, and that the OpenAPI document lists that code under
// that route and status. The OpenAPI `Error` enum must be exactly the ErrorCodes.h list.
#include "TestHost.h"
#include "web/ErrorCodes.h"
#include "web/OpenApiDocument.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <sstream>

using namespace hosttest;

namespace {

// What a route reads from the request, which decides the bad requests it is sent.
enum class Body {
    None,      // no body: only the unknown-id check (when the pattern has parameters)
    Json,      // a JSON object: malformed and over-size bodies too
    Bounded,   // reads a body it does not parse (e.g. to hash it): only the over-size check
    Multipart, // a file upload: a JSON body must be refused as not multipart
    Other,     // CSV, webhooks, pages and static files: not checked here
};

struct Expect {
    int status = 0;
    std::string code;
};

struct RouteCase {
    std::string method;
    std::string pattern;
    Body body = Body::None;
    Expect unknownId; // for patterns with parameters; status 0 = no id to be unknown
    // For Json routes that look the resource up before reading the body: the bad bodies get the
    // unknown-id answer, since the test only has unknown ids.
    bool idBeforeBody = false;
    // The body sent with the unknown id: valid, so that the answer is about the id.
    std::string idBody = "{}";
};

const Expect kNoId{};

// Every route of the plugin. Keep in registration-independent order: by path, then method.
const std::vector<RouteCase> kRoutes = {
    {"GET", "/campaigns", Body::Other, kNoId},
    {"GET", "/campaigns/accounts", Body::Other, kNoId},
    {"GET", "/campaigns/analytics", Body::Other, kNoId},
    {"GET", "/campaigns/suppressions", Body::Other, kNoId},
    {"GET", "/campaigns/static/*", Body::Other, kNoId},
    {"GET", "/campaigns/agent-static/*", Body::Other, kNoId},
    {"GET", "/campaigns/webhooks/whatsapp", Body::Other, kNoId},
    {"POST", "/campaigns/webhooks/whatsapp", Body::Other, kNoId},
    {"GET", "/campaigns/api/v1/openapi.yaml", Body::None, kNoId},
    {"GET", "/campaigns/api/v1/health", Body::None, kNoId},
    {"GET", "/campaigns/api/v1/accounts", Body::None, kNoId},
    {"POST", "/campaigns/api/v1/accounts", Body::Json, kNoId},
    {"GET", "/campaigns/api/v1/accounts/{id}", Body::None, {404, "account_not_found"}},
    {"PATCH", "/campaigns/api/v1/accounts/{id}", Body::Json, {404, "account_not_found"}},
    {"POST", "/campaigns/api/v1/accounts/{id}/test", Body::None, {404, "account_not_found"}},
    {"POST", "/campaigns/api/v1/accounts/{id}/templates/sync", Body::None, {404, "account_not_found"}},
    {"GET", "/campaigns/api/v1/analytics", Body::None, kNoId},
    {"GET", "/campaigns/api/v1/analytics.csv", Body::None, kNoId},
    {"GET", "/campaigns/api/v1/analytics/options", Body::None, kNoId},
    {"GET", "/campaigns/api/v1/campaigns", Body::None, kNoId},
    {"POST", "/campaigns/api/v1/campaigns", Body::Json, kNoId},
    {"GET", "/campaigns/api/v1/campaigns/{id}", Body::None, {404, "campaign_not_found"}},
    {"PATCH", "/campaigns/api/v1/campaigns/{id}", Body::Json, {404, "campaign_not_found"}, false, R"({"name":"Otra"})"},
    {"GET", "/campaigns/api/v1/campaigns/{id}/errors", Body::None, {404, "campaign_not_found"}},
    {"GET", "/campaigns/api/v1/campaigns/{id}/results", Body::None, {404, "campaign_not_found"}},
    {"GET", "/campaigns/api/v1/campaigns/{id}/send-check", Body::None, {404, "campaign_not_found"}},
    {"POST", "/campaigns/api/v1/campaigns/{id}/send", Body::Bounded, {404, "campaign_not_found"}},
    {"POST", "/campaigns/api/v1/campaigns/{id}/pause", Body::None, {404, "campaign_not_found"}},
    {"POST", "/campaigns/api/v1/campaigns/{id}/resume", Body::None, {404, "campaign_not_found"}},
    {"POST", "/campaigns/api/v1/campaigns/{id}/cancel", Body::None, {404, "campaign_not_found"}},
    {"GET", "/campaigns/api/v1/campaigns/{id}/retry-failed", Body::None, {404, "campaign_not_found"}},
    {"POST", "/campaigns/api/v1/campaigns/{id}/retry-failed", Body::Json, {404, "campaign_not_found"}},
    // Plan and schedule a send (issue 13).
    {"POST",
     "/campaigns/api/v1/campaigns/{id}/schedule",
     Body::Json,
     {404, "campaign_not_found"},
     false,
     R"({"start_at":"2030-01-07T09:00"})"},
    {"DELETE", "/campaigns/api/v1/campaigns/{id}/schedule", Body::None, {404, "campaign_not_found"}},
    {"POST", "/campaigns/api/v1/campaigns/{id}/unschedule", Body::None, {404, "campaign_not_found"}},
    {"POST", "/campaigns/api/v1/campaigns/{id}/waves", Body::None, {404, "campaign_not_found"}},
    {"PUT",
     "/campaigns/api/v1/campaigns/{id}/send-window",
     Body::Json,
     {404, "campaign_not_found"},
     false,
     R"({"from":"09:00","to":"20:00","days":[1]})"},
    {"DELETE", "/campaigns/api/v1/campaigns/{id}/send-window", Body::None, {404, "campaign_not_found"}},
    {"POST", "/campaigns/api/v1/campaigns/{id}/approve", Body::None, {404, "campaign_not_found"}},
    {"GET", "/campaigns/api/v1/scheduling/settings", Body::None, kNoId},
    // Pre-send plan and "Enviar prueba" (issue 13).
    {"GET", "/campaigns/api/v1/campaigns/{id}/send-plan", Body::None, {404, "campaign_not_found"}},
    {"POST",
     "/campaigns/api/v1/campaigns/{id}/test-messages",
     Body::Json,
     {404, "campaign_not_found"},
     false,
     R"({"phone":"56911111111","row":2})"},
    {"GET", "/campaigns/api/v1/campaigns/{id}/test-messages/{tid}", Body::None, {404, "test_message_not_found"}},
    {"GET", "/campaigns/api/v1/creation/options", Body::None, kNoId},
    {"GET", "/campaigns/api/v1/entries/{id}/whatsapp-state", Body::None, {404, "entry_not_found"}},
    {"GET", "/campaigns/api/v1/events", Body::None, kNoId},
    {"POST", "/campaigns/api/v1/media", Body::Multipart, kNoId},
    // The shipped price file parses, so a reload answers 200.
    {"POST", "/campaigns/api/v1/prices/reload", Body::None, kNoId},
    {"GET", "/campaigns/api/v1/suppressions", Body::None, kNoId},
    {"POST", "/campaigns/api/v1/suppressions", Body::Json, kNoId},
    {"GET", "/campaigns/api/v1/suppressions/export.csv", Body::None, kNoId},
    {"POST", "/campaigns/api/v1/suppressions/import", Body::Other, kNoId},
    {"DELETE",
     "/campaigns/api/v1/suppressions/{waba_id}/{phone}",
     Body::Json,
     {404, "not_suppressed"},
     false,
     R"({"reason":"prueba"})"},
    // An empty history for any well-formed WABA id and number.
    {"GET", "/campaigns/api/v1/suppressions/{waba_id}/{phone}/history", Body::None, kNoId},
    {"GET", "/campaigns/api/v1/templates", Body::None, kNoId},
    {"GET", "/campaigns/api/v1/templates/{id}", Body::None, {404, "template_not_found"}},
    {"PUT",
     "/campaigns/api/v1/templates/{id}/departments",
     Body::Json,
     {404, "template_not_found"},
     false,
     R"({"department_ids":[]})"},
    {"GET", "/campaigns/api/v1/templates/{id}/format", Body::None, {404, "template_not_found"}},
    // An empty list for any numeric id (the payloads are kept by template id, whether synced yet or not).
    {"GET", "/campaigns/api/v1/templates/{id}/optout-payloads", Body::None, kNoId},
    {"PUT",
     "/campaigns/api/v1/templates/{id}/optout-payloads",
     Body::Json,
     {404, "template_not_found"},
     false,
     R"({"payloads":[]})"},
    {"POST", "/campaigns/api/v1/uploads", Body::Multipart, kNoId},
    {"POST", "/campaigns/api/v1/uploads/{id}/validate", Body::Json, {404, "upload_not_found"}, true},
};

// Values for path parameters that name nothing stored.
std::string unknownValue(const std::string& param) {
    if (param == "waba_id") return "999999999999999";
    if (param == "phone") return "5215550009999";
    return "999999999";
}

std::string fill(const std::string& pattern) {
    std::string out;
    std::size_t i = 0;
    while (i < pattern.size()) {
        if (pattern[i] == '{') {
            const std::size_t end = pattern.find('}', i);
            out += unknownValue(pattern.substr(i + 1, end - i - 1));
            i = end + 1;
        } else {
            out += pattern[i++];
        }
    }
    return out;
}

// The text of `method` under `path` in the merged OpenAPI document ("" when not documented).
std::string operationText(const std::string& doc, const std::string& path, const std::string& method) {
    const std::string key = "\n  " + path + ":\n";
    std::size_t start = doc.find(key);
    if (start == std::string::npos) return {};
    start += key.size();
    std::size_t end = start;
    // The path's block runs to the next line indented by two spaces exactly.
    while (true) {
        end = doc.find('\n', end);
        if (end == std::string::npos || end + 3 >= doc.size()) break;
        if (doc.compare(end + 1, 2, "  ") == 0 && doc[end + 3] != ' ') break;
        ++end;
    }
    const std::string block = doc.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const std::string m = "\n    " + Poco::toLower(method) + ":";
    std::size_t op = ("\n" + block).find(m);
    if (op == std::string::npos) return {};
    std::size_t opEnd = op + m.size();
    while (true) {
        opEnd = block.find('\n', opEnd);
        if (opEnd == std::string::npos || opEnd + 5 >= block.size()) break;
        if (block.compare(opEnd + 1, 4, "    ") == 0 && block[opEnd + 5] != ' ') break;
        ++opEnd;
    }
    return block.substr(op, opEnd == std::string::npos ? std::string::npos : opEnd - op);
}

// The `status` response's text of an operation, from its key to the next sibling key.
std::string responseText(const std::string& operation, int status) {
    const std::string s = std::to_string(status);
    for (const std::string& key : {"'" + s + "':", "\"" + s + "\":"}) {
        const std::size_t at = operation.find(key);
        if (at == std::string::npos) continue;
        const std::size_t lineStart = operation.rfind('\n', at) + 1;
        const std::size_t indent = at - lineStart;
        std::size_t end = at;
        while (true) {
            end = operation.find('\n', end);
            if (end == std::string::npos) break;
            std::size_t spaces = 0;
            while (end + 1 + spaces < operation.size() && operation[end + 1 + spaces] == ' ') ++spaces;
            if (spaces <= indent) break;
            ++end;
        }
        return operation.substr(at, end == std::string::npos ? std::string::npos : end - at);
    }
    return {};
}

// The `enum:` list of the shared Error schema.
std::set<std::string> documentedCodes(const std::string& doc) {
    std::set<std::string> codes;
    const std::size_t schema = doc.find("\n    Error:\n");
    const std::size_t list = doc.find("enum:\n", schema);
    if (schema == std::string::npos || list == std::string::npos) return codes;
    std::istringstream in(doc.substr(list + 6));
    std::string line;
    while (std::getline(in, line)) {
        const std::string t = Poco::trim(line);
        if (t.rfind("- ", 0) != 0) break;
        codes.insert(t.substr(2));
    }
    return codes;
}

} // namespace

class ApiContractTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ApiContractTest);
    CPPUNIT_TEST(openApiErrorEnumIsTheErrorCodesList);
    CPPUNIT_TEST(everyRouteIsCoveredAndAnswersDocumentedCodes);
    CPPUNIT_TEST(everyReadAnswersWhileAWriterHoldsTheDatabase);
    CPPUNIT_TEST_SUITE_END();

public:
    void openApiErrorEnumIsTheErrorCodesList() {
        const auto doc = campaigns::web::mergeOpenApi(std::string(CAMPAIGNS_SOURCE_DIR) + "/templates/api");
        const std::set<std::string> header(campaigns::web::codes::kAll.begin(), campaigns::web::codes::kAll.end());
        CPPUNIT_ASSERT_EQUAL(campaigns::web::codes::kAll.size(), header.size()); // no code twice
        const auto documented = documentedCodes(doc);
        for (const auto& c : header) CPPUNIT_ASSERT_MESSAGE("not in the OpenAPI Error enum: " + c, documented.count(c));
        for (const auto& c : documented) CPPUNIT_ASSERT_MESSAGE("not in ErrorCodes.h: " + c, header.count(c));
        for (const auto& c : header)
            CPPUNIT_ASSERT_MESSAGE("not English snake_case: " + c, std::all_of(c.begin(), c.end(), [](char ch) {
                                       return (ch >= 'a' && ch <= 'z') || ch == '_';
                                   }));
    }

    void everyRouteIsCoveredAndAnswersDocumentedCodes() {
        TestHost host({{"plugins.dir", CAMPAIGNS_PLUGIN_DIR},
                       {"plugins.resources.campaigns", CAMPAIGNS_SOURCE_DIR},
                       {"secrets.key", "contract-test-key-0123456789abcdef0123456789abcdef"}});
        const long long admin = host.addUser("contract-admin", helpdesk::Role::Administrator, "contract-password-1");
        token_ = host.services().auth.createApiToken(admin, "contract test");
        port_ = host.port();
        doc_ = campaigns::web::mergeOpenApi(std::string(CAMPAIGNS_SOURCE_DIR) + "/templates/api");

        const auto registered = host.services().routes.listOwner("plugin:campaigns");
        std::set<std::string> covered;
        for (const auto& r : kRoutes) covered.insert(r.method + " " + r.pattern);
        CPPUNIT_ASSERT_EQUAL(kRoutes.size(), covered.size());
        for (const auto& r : registered)
            CPPUNIT_ASSERT_MESSAGE("route without a contract case in kRoutes: " + r, covered.count(r));
        const std::set<std::string> live(registered.begin(), registered.end());
        for (const auto& c : covered) CPPUNIT_ASSERT_MESSAGE("kRoutes lists a route not registered: " + c, live.count(c));

        for (const auto& r : kRoutes) {
            if (r.body == Body::Other) continue;
            if (r.unknownId.status != 0)
                check(r, "unknown id", r.unknownId, r.body == Body::Json ? r.idBody : "", "application/json");
            if (r.body == Body::Json) {
                const Expect malformed = r.idBeforeBody ? r.unknownId : Expect{400, "invalid_json"};
                check(r, "malformed body", malformed, "{\"name\": ", "application/json");
            }
            if (r.body == Body::Json || r.body == Body::Bounded) {
                const Expect oversize = r.idBeforeBody ? r.unknownId : Expect{413, "payload_too_large"};
                check(r, "over-size body", oversize, "{\"x\":\"" + std::string(1024 * 1024 + 1024, 'a') + "\"}",
                      "application/json");
            }
            if (r.body == Body::Multipart) check(r, "not multipart", {400, "multipart_required"}, "{}", "application/json");
        }
        CPPUNIT_ASSERT(checked_ > 30);
    }

    // Issue 14: a GET must not write (a token's or session's "last used", a cache, a key), or on
    // SQLite it queues behind a background validation or a send for up to busy_timeout (10 s).
    // Every GET of the plugin, by token (API) or by session cookie (pages), with a writer holding
    // the database. Not the live stream (it never ends; it only reads, see live/).
    void everyReadAnswersWhileAWriterHoldsTheDatabase() {
        TestHost host({{"plugins.dir", CAMPAIGNS_PLUGIN_DIR},
                       {"plugins.resources.campaigns", CAMPAIGNS_SOURCE_DIR},
                       {"secrets.key", "contract-test-key-0123456789abcdef0123456789abcdef"}});
        const long long admin = host.addUser("reads-admin", helpdesk::Role::Administrator, "reads-password-1");
        const std::string token = host.services().auth.createApiToken(admin, "reads test");
        const std::string cookie = login(host.port(), "reads-admin", "reads-password-1");
        CPPUNIT_ASSERT(!cookie.empty());
        int answered = 0;
        hosttest::WriterLock lock(host.services().db);
        for (const auto& r : kRoutes) {
            if (r.method != "GET" || r.pattern.find('*') != std::string::npos || r.pattern == "/campaigns/api/v1/events")
                continue;
            const bool api = r.pattern.find("/api/") != std::string::npos;
            const auto started = std::chrono::steady_clock::now();
            const auto answer = http(host.port(), "GET", fill(r.pattern),
                                     api ? std::map<std::string, std::string>{{"Authorization", "Bearer " + token}}
                                         : std::map<std::string, std::string>{{"Cookie", cookie}});
            const auto ms =
                std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
            CPPUNIT_ASSERT_MESSAGE("GET " + r.pattern + ": " + std::to_string(answer.status) + " " + answer.body.substr(0, 200),
                                   answer.status < 500);
            CPPUNIT_ASSERT_MESSAGE("GET " + r.pattern + " waited " + std::to_string(ms) + " ms for the writer", ms < 3000);
            ++answered;
        }
        CPPUNIT_ASSERT(answered > 20);
    }

private:
    void check(const RouteCase& r, const std::string& what, const Expect& expect, const std::string& body,
               const std::string& contentType) {
        const std::string label = r.method + " " + r.pattern + " (" + what + ")";
        auto answer = http(port_, r.method, fill(r.pattern), {{"Authorization", "Bearer " + token_}}, body,
                           body.empty() ? std::string() : contentType);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(label + ": " + answer.body.substr(0, 300), expect.status, answer.status);
        std::string code;
        try {
            code = Poco::JSON::Parser().parse(answer.body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("error");
        } catch (const Poco::Exception& e) {
            CPPUNIT_FAIL(label + ": the answer is not a JSON error: " + e.displayText() + ": " + answer.body.substr(0, 300));
        }
        CPPUNIT_ASSERT_EQUAL_MESSAGE(label, expect.code, code);
        const auto& all = campaigns::web::codes::kAll;
        CPPUNIT_ASSERT_MESSAGE(label + ": `" + code + "` is not in ErrorCodes.h",
                               std::find(all.begin(), all.end(), code) != all.end());
        const std::string documented = responseText(operationText(doc_, r.pattern, r.method), expect.status);
        CPPUNIT_ASSERT_MESSAGE(
            label + ": the OpenAPI document has no " + std::to_string(expect.status) + " response naming `" + code + "`",
            documented.find(code) != std::string::npos);
        ++checked_;
    }

    std::string token_;
    unsigned short port_ = 0;
    std::string doc_;
    int checked_ = 0;
};
CPPUNIT_TEST_SUITE_REGISTRATION(ApiContractTest);
