#include "InProcessServer.h"
#include "TestDatabase.h"
#include "campaign/CampaignState.h"
#include "exports/ResultsExport.h"
#include "exports/ResultsRoute.h"
#include "storage/MigrationRunner.h"
#include "storage/SqlDialect.h"
#include "uploads/CsvReader.h"
#include "uploads/XlsxReader.h"
#include "uploads/ZipArchiveReader.h"
#include "web/PageTemplates.h"

#include <Poco/File.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/TemporaryFile.h>

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <sstream>

using namespace campaigns::exports;
using namespace Poco::Data::Keywords;

namespace {

const char* kNamedTemplate = R"({"id":"77","name":"aviso","language":"es","status":"APPROVED","parameter_format":"NAMED",)"
                             R"("components":[{"type":"BODY","text":"Hola {{nombre}}, su caso {{caso}}"}]})";

std::vector<std::vector<std::string>> readAll(campaigns::uploads::RowReader& reader) {
    std::vector<std::vector<std::string>> rows;
    campaigns::uploads::Row row;
    while (reader.next(row)) rows.push_back(row.cells);
    return rows;
}

struct HttpAnswer {
    int status = 0;
    std::string body, contentType, disposition;
    bool chunked = false;
};

HttpAnswer get(Poco::UInt16 port, const std::string& uri) {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri, Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    auto& in = session.receiveResponse(response);
    HttpAnswer a;
    a.status = response.getStatus();
    a.contentType = response.getContentType();
    a.disposition = response.get("Content-Disposition", "");
    a.chunked = response.getChunkedTransferEncoding();
    Poco::StreamCopier::copyToString(in, a.body);
    return a;
}

} // namespace

class ResultsExportTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ResultsExportTest);
    CPPUNIT_TEST(csvReadsBackWithEveryColumn);
    CPPUNIT_TEST(csvNeutralisesEveryFormulaLead);
    CPPUNIT_TEST(xlsxReadsBackWithTextPhoneAndNumericIds);
    CPPUNIT_TEST(pagesCoverEveryEntryOfOnlyThatCampaignInOrder);
    CPPUNIT_TEST(headersComeFromTheTemplateWhenTheyFit);
    CPPUNIT_TEST(routeAnswers404409And400);
    CPPUNIT_TEST(routeServesResultsOfEveryFinishedCampaignErrorsIncluded);
    CPPUNIT_TEST(routeStreamsCsvAndSendsXlsx);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<testsupport::TestDatabase> db;
    std::string tempDir;
    long long templateId = 0;
    // The Spanish locale strings the plugin gives the route: the real templates/locales/es.properties.
    campaigns::web::PageTemplates texts{CAMPAIGNS_TEMPLATES_DIR};
    campaigns::campaign::Words spanish = [this](const std::string& key) { return texts.text("es", key); };

    long long addCampaign(const std::string& state, long long tmpl) {
        auto s = db->session();
        std::string st = state;
        Poco::Int64 t = tmpl;
        s << "INSERT INTO campaigns_campaigns (name, account_id, template_id, state, metadata_links_json, consent_at,"
             " created_at, updated_at) VALUES ('c', 1, ?, ?, '[]', '2026-03-01 10:00:00', '2026-03-01 10:00:00.000',"
             " '2026-03-01 10:00:00.000')",
            use(t), use(st), now;
        return campaigns::storage::lastInsertId(s, db->dialect());
    }
    long long addEntry(long long campaign, int row, const std::string& phone, const std::string& state, int progress,
                       const std::string& params, int errorCode = 0, const std::string& reason = "",
                       bool failedAfterAccept = false) {
        auto s = db->session();
        Poco::Int64 c = campaign, r = row, p = progress, code = errorCode, fa = failedAfterAccept ? 1 : 0;
        std::string ph = phone, st = state, pj = params, why = reason;
        const bool accepted = state == "accepted";
        std::string acceptedAt = accepted ? "2026-03-01 10:05:06.250" : "";
        std::string failedAt = state == "failed" ? "2026-03-01 10:05:07.000" : "";
        Poco::Nullable<std::string> acc, fail;
        if (!acceptedAt.empty()) acc = acceptedAt;
        if (!failedAt.empty()) fail = failedAt;
        Poco::Nullable<Poco::Int64> ticket;
        if (accepted) ticket = Poco::Int64(500 + row);
        s << "INSERT INTO campaigns_entries (campaign_id, row_no, phone, params_json, metadata_json, state, progress,"
             " failed_after_accept, error_code, error_reason, ticket_id, accepted_at, failed_at, updated_at)"
             " VALUES (?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?, '2026-03-01 11:00:00.000')",
            use(c), use(r), use(ph), use(pj), use(st), use(p), use(fa), use(code), use(why), use(ticket), use(acc), use(fail),
            now;
        return campaigns::storage::lastInsertId(s, db->dialect());
    }
    long long finishedCampaign() {
        const long long id = addCampaign("completed_with_errors", templateId);
        addEntry(id, 2, "56911111111", "accepted", 3, R"(["Ana","C-1"])");
        addEntry(id, 3, "56922222222", "failed", 0, R"(["Luis, \"el\" 2","C-2"])", 131026, "Mensaje no entregable");
        addEntry(id, 4, "56933333333", "accepted", 1, R"j(["=HYPERLINK(\"x\")","+56 9"])j", 0, "", true);
        addEntry(id, 5, "56944444444", "unknown", 0, R"(["Eva","C-4"])");
        return id;
    }

public:
    void setUp() override {
        db = std::make_unique<testsupport::TestDatabase>();
        campaigns::storage::MigrationRunner(*db, CAMPAIGNS_SQL_DIR, Poco::Logger::get("test")).run();
        tempDir = Poco::Path::temp() + "results-export-test-" + std::to_string(reinterpret_cast<std::uintptr_t>(this));
        Poco::File(tempDir).createDirectories();
        auto s = db->session();
        s << "INSERT INTO campaigns_accounts (display_name, phone_number_id, waba_id, access_token_sealed,"
             " app_secret_sealed, verify_token_sealed, graph_base_url, graph_version)"
             " VALUES ('Ventas', '1065', '2001', 'x', 'x', 'x', 'http://127.0.0.1:1', 'v23.0')",
            now;
        Poco::Int64 account = campaigns::storage::lastInsertId(s, db->dialect());
        std::string json = kNamedTemplate;
        s << "INSERT INTO campaigns_templates (account_id, name, language, status, components_json)"
             " VALUES (?, 'aviso', 'es', 'APPROVED', ?)",
            use(account), use(json), now;
        templateId = campaigns::storage::lastInsertId(s, db->dialect());
    }
    void tearDown() override {
        db.reset();
        Poco::File(tempDir).remove(true);
    }

    void csvReadsBackWithEveryColumn() {
        const long long id = finishedCampaign();
        ResultsPager pager(*db, id);
        std::stringstream out;
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), writeResultsCsv(pager, {"nombre", "caso"}, out));
        const std::string text = out.str();
        CPPUNIT_ASSERT_EQUAL(std::string("\xEF\xBB\xBF"), text.substr(0, 3));
        CPPUNIT_ASSERT(text.find("\r\n") != std::string::npos);
        campaigns::uploads::CsvReader reader(out);
        const auto rows = readAll(reader);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), rows.size());
        const std::vector<std::string> header{"campaign_id",    "entry_id",      "row",          "recipient", "status",
                                              "whatsapp_state", "error_code",    "error_reason", "ticket_id", "created",
                                              "updated",        "retry_attempt", "nombre",       "caso"};
        CPPUNIT_ASSERT(header == rows[0]);
        const auto& a = rows[1];
        CPPUNIT_ASSERT_EQUAL(std::to_string(id), a[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("2"), a[2]);
        CPPUNIT_ASSERT_EQUAL(std::string("56911111111"), a[3]);
        CPPUNIT_ASSERT_EQUAL(std::string("received"), a[4]);
        CPPUNIT_ASSERT_EQUAL(std::string("read"), a[5]);
        CPPUNIT_ASSERT_EQUAL(std::string("502"), a[8]);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-03-01T10:05:06Z"), a[9]);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-03-01T11:00:00Z"), a[10]);
        CPPUNIT_ASSERT_EQUAL(std::string("C-1"), a[13]);
        const auto& f = rows[2];
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), f[4]);
        CPPUNIT_ASSERT_EQUAL(std::string(""), f[5]);
        CPPUNIT_ASSERT_EQUAL(std::string("131026"), f[6]);
        CPPUNIT_ASSERT_EQUAL(std::string("Mensaje no entregable"), f[7]);
        CPPUNIT_ASSERT_EQUAL(std::string(""), f[8]);
        CPPUNIT_ASSERT_EQUAL(std::string("2026-03-01T10:05:07Z"), f[9]);
        CPPUNIT_ASSERT_EQUAL(std::string("Luis, \"el\" 2"), f[12]); // RFC 4180 quoting survives
        CPPUNIT_ASSERT_EQUAL(std::string("failed"), rows[3][5]);    // undeliverable after acceptance
        CPPUNIT_ASSERT_EQUAL(std::string("unknown"), rows[4][4]);
        CPPUNIT_ASSERT_EQUAL(std::string(""), rows[4][9]);
    }
    void csvNeutralisesEveryFormulaLead() {
        const long long id = addCampaign("completed", templateId);
        const std::vector<std::string> leads{"=", "+", "-", "@", "\\t", "\\r"};
        for (std::size_t i = 0; i < leads.size(); ++i)
            addEntry(id, static_cast<int>(i + 2), "5691000000" + std::to_string(i), "accepted", 1,
                     "[\"" + leads[i] + "cmd|' /C calc'!A0\",\"ok\"]");
        ResultsPager pager(*db, id);
        std::stringstream out;
        writeResultsCsv(pager, {"nombre", "caso"}, out);
        campaigns::uploads::CsvReader reader(out);
        const auto rows = readAll(reader);
        const std::string actual[] = {"=", "+", "-", "@", "\t", "\r"};
        for (std::size_t i = 0; i < leads.size(); ++i) {
            CPPUNIT_ASSERT_EQUAL("'" + actual[i] + "cmd|' /C calc'!A0", rows[i + 1][12]);
            CPPUNIT_ASSERT_EQUAL(std::string("ok"), rows[i + 1][13]);
            CPPUNIT_ASSERT_EQUAL("5691000000" + std::to_string(i), rows[i + 1][3]); // phone untouched
        }
    }
    void xlsxReadsBackWithTextPhoneAndNumericIds() {
        const long long id = finishedCampaign();
        ResultsPager pager(*db, id);
        Poco::TemporaryFile file(tempDir);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), writeResultsXlsx(pager, {"nombre", "caso"}, file.path(), tempDir));
        campaigns::uploads::XlsxReader reader(file.path());
        const auto rows = readAll(reader);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::string("recipient"), rows[0][3]);
        CPPUNIT_ASSERT_EQUAL(std::string("56911111111"), rows[1][3]);
        CPPUNIT_ASSERT_EQUAL(std::string("received"), rows[1][4]);
        CPPUNIT_ASSERT_EQUAL(std::string("131026"), rows[2][6]);
        CPPUNIT_ASSERT_EQUAL(std::string("=HYPERLINK(\"x\")"), rows[3][12]); // kept as text, not neutralised
        // Raw sheet: the phone is an inline string, ids are numbers, and no cell is a formula.
        std::ifstream in(file.path(), std::ios::binary);
        campaigns::uploads::ReaderLimits limits;
        campaigns::uploads::ZipArchiveReader zip(in, Poco::File(file.path()).getSize(), limits);
        const auto* sheet = zip.find("xl/worksheets/sheet1.xml");
        CPPUNIT_ASSERT(sheet);
        const std::string xml = zip.readWhole(*sheet, 1 << 20);
        CPPUNIT_ASSERT(xml.find(R"(<c r="D2" s="1" t="inlineStr"><is><t>56911111111</t>)") != std::string::npos ||
                       xml.find(R"(<c r="D2" s="2" t="inlineStr"><is><t>56911111111</t>)") != std::string::npos);
        CPPUNIT_ASSERT(xml.find(R"(<c r="A2"><v>)" + std::to_string(id) + "</v>") != std::string::npos);
        CPPUNIT_ASSERT(xml.find("<f>") == std::string::npos);
    }
    void pagesCoverEveryEntryOfOnlyThatCampaignInOrder() {
        const long long id = addCampaign("completed", templateId);
        const long long other = addCampaign("completed", templateId);
        std::vector<long long> ids;
        for (int i = 0; i < 10; ++i) {
            ids.push_back(addEntry(id, i + 2, "569" + std::to_string(10000000 + i), "accepted", 2, "[]"));
            addEntry(other, i + 2, "569" + std::to_string(20000000 + i), "accepted", 2, "[]");
        }
        ResultsPager pager(*db, id, 3);
        std::vector<ResultEntry> page;
        std::vector<long long> seen;
        int pages = 0;
        while (pager.next(page)) {
            ++pages;
            CPPUNIT_ASSERT(page.size() <= 3);
            for (const auto& e : page) seen.push_back(e.entryId);
        }
        CPPUNIT_ASSERT_EQUAL(4, pages);
        CPPUNIT_ASSERT(ids == seen);
        CPPUNIT_ASSERT(!pager.next(page));
    }
    void headersComeFromTheTemplateWhenTheyFit() {
        ResultsRoute route(*db, tempDir, spanish, Poco::Logger::get("test"));
        const long long fits = finishedCampaign();
        CPPUNIT_ASSERT((std::vector<std::string>{"nombre", "caso"}) == route.parameterColumns(fits, templateId));
        const long long three = addCampaign("completed", templateId);
        addEntry(three, 2, "56911111111", "accepted", 1, R"(["a","b","c"])");
        CPPUNIT_ASSERT((std::vector<std::string>{"parametro_1", "parametro_2", "parametro_3"}) ==
                       route.parameterColumns(three, templateId));
        const long long noTemplate = addCampaign("completed", 9999);
        addEntry(noTemplate, 2, "56911111111", "accepted", 1, R"(["a"])");
        CPPUNIT_ASSERT((std::vector<std::string>{"parametro_1"}) == route.parameterColumns(noTemplate, 9999));
    }
    void routeAnswers404409And400() {
        ResultsRoute route(*db, tempDir, spanish, Poco::Logger::get("test"));
        const long long sending = addCampaign("sending", templateId);
        const long long done = finishedCampaign();
        testsupport::InProcessServer server([&](helpdesk::RequestContext& ctx) { route.handle(ctx); }, idFromPath);
        auto missing = get(server.port(), "/campaigns/api/v1/campaigns/987654/results?format=csv");
        CPPUNIT_ASSERT_EQUAL(404, missing.status);
        CPPUNIT_ASSERT(missing.body.find("campaign_not_found") != std::string::npos);
        auto busy = get(server.port(), "/campaigns/api/v1/campaigns/" + std::to_string(sending) + "/results");
        CPPUNIT_ASSERT_EQUAL(409, busy.status);
        CPPUNIT_ASSERT_MESSAGE(busy.body,
                               busy.body.find("Los resultados se pueden descargar cuando la campaña terminó de enviarse"
                                              " (Completada, Finalizada con errores o Error); esta campaña está"
                                              " Enviando.") != std::string::npos);
        for (const char* state : {"loaded", "invalid", "validating", "paused", "cancelled"}) {
            const long long c = addCampaign(state, templateId);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                state, 409, get(server.port(), "/campaigns/api/v1/campaigns/" + std::to_string(c) + "/results").status);
        }
        auto badFormat = get(server.port(), "/campaigns/api/v1/campaigns/" + std::to_string(done) + "/results?format=pdf");
        CPPUNIT_ASSERT_EQUAL(400, badFormat.status);
        CPPUNIT_ASSERT(badFormat.body.find("invalid_parameter") != std::string::npos);
    }
    // "Descargar" follows one rule (campaigns::campaign::downloadOf): the results of a campaign that finished
    // sending, with or without errors ("Completada", "Finalizada con errores", "Error"); an
    // invalid campaign's download is its errors file, never results.
    void routeServesResultsOfEveryFinishedCampaignErrorsIncluded() {
        ResultsRoute route(*db, tempDir, spanish, Poco::Logger::get("test"));
        testsupport::InProcessServer server([&](helpdesk::RequestContext& ctx) { route.handle(ctx); }, idFromPath);
        for (const char* state : {"completed", "completed_with_errors", "failed"}) {
            const long long c = addCampaign(state, templateId);
            addEntry(c, 2, "56911111111", std::string(state) == "completed" ? "accepted" : "failed", 0, R"(["Ana","C-1"])",
                     std::string(state) == "completed" ? 0 : 131026, "Mensaje no entregable");
            auto csv = get(server.port(), "/campaigns/api/v1/campaigns/" + std::to_string(c) + "/results?format=csv");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(state + std::string(": ") + csv.body, 200, csv.status);
            CPPUNIT_ASSERT_MESSAGE(state, csv.body.find("56911111111") != std::string::npos);
        }
        for (const char* name : {"validating", "loaded", "invalid", "sending", "paused", "cancelled", "completed",
                                 "completed_with_errors", "failed"}) {
            const auto state = *campaigns::campaign::campaignStateFromCode(name);
            const long long c = addCampaign(name, templateId);
            const int status = get(server.port(), "/campaigns/api/v1/campaigns/" + std::to_string(c) + "/results").status;
            const bool results = campaigns::campaign::downloadOf(state) == campaigns::campaign::Download::Results;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(campaigns::campaign::code(state), results ? 200 : 409, status);
        }
    }
    void routeStreamsCsvAndSendsXlsx() {
        ResultsRoute route(*db, tempDir, spanish, Poco::Logger::get("test"));
        const long long done = finishedCampaign();
        testsupport::InProcessServer server([&](helpdesk::RequestContext& ctx) { route.handle(ctx); }, idFromPath);
        const std::string base = "/campaigns/api/v1/campaigns/" + std::to_string(done) + "/results";
        auto csv = get(server.port(), base + "?format=csv");
        CPPUNIT_ASSERT_EQUAL(200, csv.status);
        CPPUNIT_ASSERT(csv.chunked);
        CPPUNIT_ASSERT_EQUAL(std::string("text/csv; charset=utf-8"), csv.contentType);
        CPPUNIT_ASSERT_EQUAL("attachment; filename=\"campana-" + std::to_string(done) + "-resultados.csv\"", csv.disposition);
        std::stringstream csvBody(csv.body);
        campaigns::uploads::CsvReader csvReader(csvBody);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), readAll(csvReader).size());

        auto xlsx = get(server.port(), base + "?format=xlsx");
        CPPUNIT_ASSERT_EQUAL(200, xlsx.status);
        CPPUNIT_ASSERT_EQUAL("attachment; filename=\"campana-" + std::to_string(done) + "-resultados.xlsx\"", xlsx.disposition);
        Poco::TemporaryFile copy(tempDir);
        {
            std::ofstream f(copy.path(), std::ios::binary);
            f << xlsx.body;
        }
        campaigns::uploads::XlsxReader xlsxReader(copy.path());
        const auto rows = readAll(xlsxReader);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), rows.size());
        CPPUNIT_ASSERT_EQUAL(std::string("caso"), rows[0][13]);
        // Only the downloaded copy is left: the server's temp file is gone.
        std::vector<std::string> left;
        Poco::File(tempDir).list(left);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), left.size());
    }

    static std::map<std::string, std::string> idFromPath(const std::string& uri) {
        // /campaigns/api/v1/campaigns/{id}/results
        const std::string prefix = "/campaigns/api/v1/campaigns/";
        const auto end = uri.find('/', prefix.size());
        return {{"id", uri.substr(prefix.size(), end - prefix.size())}};
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ResultsExportTest);
