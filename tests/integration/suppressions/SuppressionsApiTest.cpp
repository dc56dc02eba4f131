// The "Lista de exclusión" API over real HTTP: add with a reason (per-field Spanish errors), find,
// remove with a reason and see both in the history; CSV import stores every line or none; CSV
// export neutralises formulas; the template opt-out payloads are kept per template.
#include "InProcessServer.h"
#include "TestDatabase.h"
#include "storage/MigrationRunner.h"
#include "suppressions/SuppressionStore.h"
#include "suppressions/SuppressionsApi.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/StringTokenizer.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace Poco::Data::Keywords;

namespace {

const std::string kWaba = "200000000000001";

std::vector<std::string> segments(const std::string& path) {
    std::vector<std::string> out;
    Poco::StringTokenizer t(path, "/", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& s : t) out.push_back(s);
    return out;
}

// Keeps the registered routes and serves them by method and "{name}" segments, as the host does.
class RouteTable : public helpdesk::Router {
public:
    void add(helpdesk::Route route) override { routes_.push_back(std::move(route)); }
    void addStatic(const std::string&, const std::string&, helpdesk::Role) override {}

    static std::string pathOf(const std::string& uri) { return uri.substr(0, uri.find('?')); }

    // The parameters of the first pattern `path` fits (any method).
    std::optional<std::map<std::string, std::string>> match(const std::string& pattern, const std::string& path) const {
        auto p = segments(pattern), s = segments(path);
        if (p.size() != s.size()) return std::nullopt;
        std::map<std::string, std::string> params;
        for (std::size_t i = 0; i < p.size(); ++i) {
            if (p[i].size() > 2 && p[i].front() == '{')
                params[p[i].substr(1, p[i].size() - 2)] = s[i];
            else if (p[i] != s[i])
                return std::nullopt;
        }
        return params;
    }
    std::map<std::string, std::string> params(const std::string& uri) const {
        for (const auto& r : routes_)
            if (auto m = match(r.pattern, pathOf(uri))) return *m;
        return {};
    }
    void handle(helpdesk::RequestContext& ctx) {
        const std::string path = pathOf(ctx.request.getURI());
        for (auto& r : routes_)
            if (r.method == ctx.request.getMethod() && match(r.pattern, path)) {
                ctx.pathParams = *match(r.pattern, path);
                return r.handler(ctx);
            }
        throw helpdesk::HttpError(404, "no_route", "no route for " + ctx.request.getMethod() + " " + path);
    }

private:
    std::vector<helpdesk::Route> routes_;
};

struct Answer {
    int status = 0;
    std::string text;
    Poco::JSON::Object::Ptr json() const { return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>(); }
};

} // namespace

class SuppressionsApiTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SuppressionsApiTest);
    CPPUNIT_TEST(addFindRemoveWithReasonsAndHistory);
    CPPUNIT_TEST(importStoresEveryLineOrNone);
    CPPUNIT_TEST(exportListsWhoAndWhenWithoutFormulas);
    CPPUNIT_TEST(templateOptOutPayloadsAreReplacedAsAWhole);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<testsupport::TestDatabase> db;
    std::unique_ptr<campaigns::suppressions::SuppressionStore> store;
    std::unique_ptr<campaigns::suppressions::SuppressionsApi> api;
    RouteTable routes;
    std::unique_ptr<testsupport::InProcessServer> server;

public:
    void setUp() override {
        db = std::make_unique<testsupport::TestDatabase>();
        campaigns::storage::MigrationRunner(*db, CAMPAIGNS_SQL_DIR, Poco::Logger::get("test")).run();
        store = std::make_unique<campaigns::suppressions::SuppressionStore>(*db);
        api = std::make_unique<campaigns::suppressions::SuppressionsApi>(*store, Poco::Logger::get("test"));
        routes = RouteTable();
        api->registerRoutes(routes);
        server = std::make_unique<testsupport::InProcessServer>([this](helpdesk::RequestContext& ctx) { routes.handle(ctx); },
                                                                [this](const std::string& uri) { return routes.params(uri); });
    }
    void tearDown() override {
        server.reset();
        api.reset();
        store.reset();
        db.reset();
    }

    Answer call(const std::string& method, const std::string& path, const std::string& body = "",
                const std::string& type = "application/json") {
        Poco::Net::HTTPClientSession session("127.0.0.1", server->port());
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        if (!body.empty()) request.setContentType(type);
        session.sendRequest(request) << body;
        Poco::Net::HTTPResponse response;
        Answer a;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), a.text);
        a.status = static_cast<int>(response.getStatus());
        return a;
    }

    static std::string fieldOf(const Answer& a, std::size_t i) {
        return a.json()->getArray("details")->getObject(static_cast<unsigned>(i))->getValue<std::string>("field");
    }

    void addFindRemoveWithReasonsAndHistory() {
        auto missing = call("POST", "/campaigns/api/v1/suppressions", R"({"waba_id":")" + kWaba + R"(","phone":"abc"})");
        CPPUNIT_ASSERT_EQUAL(400, missing.status);
        CPPUNIT_ASSERT_EQUAL(std::string("validation_failed"), missing.json()->getValue<std::string>("error"));
        CPPUNIT_ASSERT_EQUAL(std::string("phone"), fieldOf(missing, 0));
        CPPUNIT_ASSERT_EQUAL(std::string("reason"), fieldOf(missing, 1));

        auto added = call("POST", "/campaigns/api/v1/suppressions",
                          R"({"waba_id":")" + kWaba + R"(","phone":"+56 9 8765 4321","reason":"Lo pidió por teléfono"})");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(added.text, 201, added.status);
        CPPUNIT_ASSERT_EQUAL(std::string("56987654321"), added.json()->getValue<std::string>("phone"));
        CPPUNIT_ASSERT_EQUAL(std::string("manual"), added.json()->getValue<std::string>("source"));
        CPPUNIT_ASSERT_EQUAL(std::string("Admin"), added.json()->getValue<std::string>("created_by"));
        auto again = call("POST", "/campaigns/api/v1/suppressions",
                          R"({"waba_id":")" + kWaba + R"(","phone":"56987654321","reason":"otra vez"})");
        CPPUNIT_ASSERT_EQUAL(409, again.status);
        CPPUNIT_ASSERT_EQUAL(std::string("already_suppressed"), again.json()->getValue<std::string>("error"));

        auto found = call("GET", "/campaigns/api/v1/suppressions?waba_id=" + kWaba + "&q=8765");
        CPPUNIT_ASSERT_EQUAL(1, found.json()->getValue<int>("total"));
        CPPUNIT_ASSERT_EQUAL(
            0, call("GET", "/campaigns/api/v1/suppressions?waba_id=" + kWaba + "&q=1111").json()->getValue<int>("total"));
        CPPUNIT_ASSERT_EQUAL(0, call("GET", "/campaigns/api/v1/suppressions?waba_id=999").json()->getValue<int>("total"));

        const std::string item = "/campaigns/api/v1/suppressions/" + kWaba + "/56987654321";
        auto noReason = call("DELETE", item, "{}");
        CPPUNIT_ASSERT_EQUAL(400, noReason.status);
        CPPUNIT_ASSERT_EQUAL(std::string("reason"), fieldOf(noReason, 0));
        CPPUNIT_ASSERT_EQUAL(200, call("DELETE", item, R"({"reason":"Volvió a aceptar"})").status);
        CPPUNIT_ASSERT_EQUAL(404, call("DELETE", item, R"({"reason":"otra vez"})").status);
        CPPUNIT_ASSERT_EQUAL(0, call("GET", "/campaigns/api/v1/suppressions?waba_id=" + kWaba).json()->getValue<int>("total"));

        auto history = call("GET", item + "/history").json()->getArray("items");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), history->size());
        CPPUNIT_ASSERT_EQUAL(std::string("remove"), history->getObject(0)->getValue<std::string>("action"));
        CPPUNIT_ASSERT_EQUAL(std::string("Volvió a aceptar"), history->getObject(0)->getValue<std::string>("reason"));
        CPPUNIT_ASSERT_EQUAL(std::string("Admin"), history->getObject(0)->getValue<std::string>("changed_by"));
        CPPUNIT_ASSERT_EQUAL(std::string("add"), history->getObject(1)->getValue<std::string>("action"));
    }

    void importStoresEveryLineOrNone() {
        const std::string import = "/campaigns/api/v1/suppressions/import?waba_id=" + kWaba;
        auto bad = call("POST", import, "telefono,motivo\n56911112222,BAJA\nabc,BAJA\n\n5.69E+10\n", "text/csv");
        CPPUNIT_ASSERT_EQUAL(422, bad.status);
        CPPUNIT_ASSERT_EQUAL(std::string("invalid_rows"), bad.json()->getValue<std::string>("error"));
        auto details = bad.json()->getArray("details");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), details->size());
        CPPUNIT_ASSERT_EQUAL(3, details->getObject(0)->getValue<int>("line"));
        CPPUNIT_ASSERT_EQUAL(5, details->getObject(1)->getValue<int>("line"));
        CPPUNIT_ASSERT(details->getObject(0)->getValue<std::string>("message").rfind("Línea 3: ", 0) == 0);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("nothing half-imported", 0LL, store->count({kWaba, "", 50, 0}));

        auto good = call("POST", import, "56911112222,BAJA\n+56 9 1111 3333\n", "text/csv");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(good.text, 200, good.status);
        CPPUNIT_ASSERT_EQUAL(2, good.json()->getValue<int>("added"));
        auto twice = call("POST", import, "56911112222\n56911114444;Llamó\n", "text/csv");
        CPPUNIT_ASSERT_EQUAL(1, twice.json()->getValue<int>("added"));
        CPPUNIT_ASSERT_EQUAL(1, twice.json()->getValue<int>("already_listed"));
        CPPUNIT_ASSERT_EQUAL(3LL, store->count({kWaba, "", 50, 0}));
        auto imported = store->find(kWaba, "56911113333");
        CPPUNIT_ASSERT(imported.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("import"), imported->source);
        CPPUNIT_ASSERT_EQUAL(std::string("Importado"), imported->reason);
        CPPUNIT_ASSERT_EQUAL(std::string("Llamó"), store->find(kWaba, "56911114444")->reason);
        CPPUNIT_ASSERT_EQUAL(400, call("POST", "/campaigns/api/v1/suppressions/import", "56911112222\n", "text/csv").status);
    }

    void exportListsWhoAndWhenWithoutFormulas() {
        CPPUNIT_ASSERT_EQUAL(201, call("POST", "/campaigns/api/v1/suppressions",
                                       R"({"waba_id":")" + kWaba + R"J(","phone":"56987654321","reason":"=HYPERLINK(\"x\")"})J")
                                      .status);
        auto csv = call("GET", "/campaigns/api/v1/suppressions/export.csv?waba_id=" + kWaba);
        CPPUNIT_ASSERT_EQUAL(200, csv.status);
        CPPUNIT_ASSERT_MESSAGE(csv.text,
                               csv.text.rfind("waba_id,telefono,motivo,origen,campana_id,entrada_id,fecha_utc,por\r\n", 0) == 0);
        CPPUNIT_ASSERT_MESSAGE(csv.text,
                               csv.text.find(kWaba + ",56987654321,\"'=HYPERLINK(\"\"x\"\")\",manual,,,") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(csv.text, csv.text.find(",Admin\r\n") != std::string::npos);
    }

    void templateOptOutPayloadsAreReplacedAsAWhole() {
        CPPUNIT_ASSERT_EQUAL(404,
                             call("PUT", "/campaigns/api/v1/templates/77/optout-payloads", R"({"payloads":["STOP"]})").status);
        {
            auto s = db->session();
            s << "INSERT INTO campaigns_accounts (id, display_name, phone_number_id, waba_id, access_token_sealed,"
                 " app_secret_sealed, verify_token_sealed, graph_base_url, graph_version)"
                 " VALUES (1, 'Ventas', '100', '200000000000001', 's', 's', 's', 'http://127.0.0.1', 'v23.0')",
                now;
            s << "INSERT INTO campaigns_templates (id, account_id, meta_id, name, language, status, components_json)"
                 " VALUES (77, 1, '', 'promo', 'es', 'APPROVED', '[]')",
                now;
        }
        CPPUNIT_ASSERT_EQUAL(400, call("PUT", "/campaigns/api/v1/templates/77/optout-payloads", R"({"payloads":[""]})").status);
        auto set = call("PUT", "/campaigns/api/v1/templates/77/optout-payloads", R"({"payloads":["STOP_PROMOS","BAJA","BAJA"]})");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(set.text, 200, set.status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), set.json()->getArray("payloads")->size());
        call("PUT", "/campaigns/api/v1/templates/77/optout-payloads", R"({"payloads":["NO_MAS"]})");
        auto got = call("GET", "/campaigns/api/v1/templates/77/optout-payloads").json()->getArray("payloads");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), got->size());
        CPPUNIT_ASSERT_EQUAL(std::string("NO_MAS"), got->getElement<std::string>(0));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SuppressionsApiTest);
