// The reference host over real HTTP: login, cookies, CSRF, roles, API tokens, ticket events and
// the ticket pages (subject, waiting mark, system lines, plugin panels).
#include "HttpUtil.h"
#include "LogLines.h"
#include "TestHost.h"

#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

using namespace hosttest;
using helpdesk::Role;

namespace {

const std::string kForm = "application/x-www-form-urlencoded";

struct EventLog {
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<helpdesk::TicketEvent> events;
    void add(const helpdesk::TicketEvent& e) {
        std::lock_guard lock(mutex);
        events.push_back(e);
        cv.notify_all();
    }
    bool waitFor(std::size_t n) {
        std::unique_lock lock(mutex);
        return cv.wait_for(lock, std::chrono::seconds(10), [&] { return events.size() >= n; });
    }
};

// One request on a kept-alive client session, the way a browser reuses its connection.
HttpResult onSession(Poco::Net::HTTPClientSession& session, const std::string& method, const std::string& path,
                     const std::map<std::string, std::string>& headers, const std::string& body = {}) {
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    for (const auto& [k, v] : headers) request.set(k, v);
    if (!body.empty()) request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    HttpResult r;
    r.status = response.getStatus();
    Poco::StreamCopier::copyToString(in, r.body);
    return r;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

} // namespace

class HostHttpTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(HostHttpTest);
    CPPUNIT_TEST(testLoginSetsHttpOnlySameSiteCookie);
    CPPUNIT_TEST(testAnonymousBrowserRedirectedAndApiGets401);
    CPPUNIT_TEST(testPostNeedsCsrfToken);
    CPPUNIT_TEST(testAgentForbiddenOnAdministratorRoutes);
    CPPUNIT_TEST(testBearerTokenWorksWithoutCsrf);
    CPPUNIT_TEST(testAdministratorCreatesTokenShownOnce);
    CPPUNIT_TEST(testReadsAnswerWhileAWriterHoldsTheDatabase);
    CPPUNIT_TEST(testTokenUseIsFlushedInOneBatchAndNeverMovesBack);
    CPPUNIT_TEST(testLogoutEndsSession);
    CPPUNIT_TEST(testAgentMessageAndClosedEventsDelivered);
    CPPUNIT_TEST(testUnknownPathAnd405);
    CPPUNIT_TEST(testTicketPagesShowSubjectWaitAndSystemLine);
    CPPUNIT_TEST(testPanelsRenderedByPrefixAndThrowingOneLeftOut);
    CPPUNIT_TEST(testGetAndHeadRoutedWhateverTheirContentType);
    CPPUNIT_TEST(testUnreadBodyDoesNotBecomeTheNextRequest);
    CPPUNIT_TEST_SUITE_END();

public:
    void testLoginSetsHttpOnlySameSiteCookie() {
        TestHost t;
        t.addUser("admin", Role::Administrator, "admin123");
        auto bad = http(t.port(), "POST", "/login", {}, "login=admin&password=nope", kForm);
        CPPUNIT_ASSERT_EQUAL(401, bad.status);
        CPPUNIT_ASSERT(bad.setCookies.empty());
        CPPUNIT_ASSERT(bad.body.find("Usuario o contraseña incorrectos") != std::string::npos);

        auto ok = http(t.port(), "POST", "/login", {}, "login=admin&password=admin123&next=/admin/users", kForm);
        CPPUNIT_ASSERT_EQUAL(303, ok.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/admin/users"), ok.headers["location"]);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), ok.setCookies.size());
        const auto& cookie = ok.setCookies.front();
        CPPUNIT_ASSERT(cookie.rfind("hd_session=", 0) == 0);
        CPPUNIT_ASSERT(cookie.find("HttpOnly") != std::string::npos);
        CPPUNIT_ASSERT(cookie.find("SameSite=Lax") != std::string::npos);
        CPPUNIT_ASSERT(cookie.find("Path=/") != std::string::npos);

        auto page = http(t.port(), "GET", "/tickets", {{"Cookie", cookie.substr(0, cookie.find(';'))}});
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), csrfFromPage(page.body).size());
        CPPUNIT_ASSERT(page.body.find("Salir") != std::string::npos);
        CPPUNIT_ASSERT(page.body.find("Administrador") != std::string::npos);
    }

    void testAnonymousBrowserRedirectedAndApiGets401() {
        TestHost t;
        auto page = http(t.port(), "GET", "/tickets?estado=todos", {{"Accept", "text/html"}});
        CPPUNIT_ASSERT_EQUAL(303, page.status);
        CPPUNIT_ASSERT(page.headers["location"].rfind("/login?next=", 0) == 0);
        auto api = http(t.port(), "GET", "/api/v1/me");
        CPPUNIT_ASSERT_EQUAL(401, api.status);
        CPPUNIT_ASSERT(api.body.find("\"error\":\"unauthenticated\"") != std::string::npos);
        CPPUNIT_ASSERT(api.body.find("\"details\":[]") != std::string::npos);
        auto json = http(t.port(), "GET", "/tickets", {{"Accept", "application/json"}});
        CPPUNIT_ASSERT_EQUAL(401, json.status);
    }

    void testPostNeedsCsrfToken() {
        TestHost t;
        t.addUser("admin", Role::Administrator, "admin123");
        const std::string cookie = login(t.port(), "admin", "admin123");
        CPPUNIT_ASSERT(!cookie.empty());
        const std::string csrf = csrfFromPage(http(t.port(), "GET", "/admin/departments", {{"Cookie", cookie}}).body);

        auto none = http(t.port(), "POST", "/admin/departments", {{"Cookie", cookie}}, "nombre=Ventas", kForm);
        CPPUNIT_ASSERT_EQUAL(403, none.status);
        auto wrong = http(t.port(), "POST", "/admin/departments", {{"Cookie", cookie}, {"X-CSRF-Token", std::string(64, 'a')}},
                          "nombre=Ventas", kForm);
        CPPUNIT_ASSERT_EQUAL(403, wrong.status);
        CPPUNIT_ASSERT(!t.services().directory.departmentByName("Ventas"));

        auto field =
            http(t.port(), "POST", "/admin/departments", {{"Cookie", cookie}}, "nombre=Ventas&csrf_token=" + csrf, kForm);
        CPPUNIT_ASSERT_EQUAL(303, field.status);
        CPPUNIT_ASSERT(t.services().directory.departmentByName("Ventas").has_value());
        auto header =
            http(t.port(), "POST", "/admin/departments", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, "nombre=Soporte", kForm);
        CPPUNIT_ASSERT_EQUAL(303, header.status);
        CPPUNIT_ASSERT(t.services().directory.departmentByName("Soporte").has_value());

        // A rejected form is shown again with the reason, not as a server error.
        auto dup =
            http(t.port(), "POST", "/admin/departments", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, "nombre=Soporte", kForm);
        CPPUNIT_ASSERT_EQUAL(400, dup.status);
        CPPUNIT_ASSERT(dup.body.find("Ya existe un departamento") != std::string::npos);
    }

    void testAgentForbiddenOnAdministratorRoutes() {
        TestHost t;
        t.addUser("agente", Role::Agent, "agente123");
        const std::string cookie = login(t.port(), "agente", "agente123");
        auto tickets = http(t.port(), "GET", "/tickets", {{"Cookie", cookie}});
        CPPUNIT_ASSERT_EQUAL(200, tickets.status);
        CPPUNIT_ASSERT(tickets.body.find("/admin/departments") == std::string::npos); // menu filtered by role
        const std::string csrf = csrfFromPage(tickets.body);
        CPPUNIT_ASSERT_EQUAL(403, http(t.port(), "GET", "/admin/departments", {{"Cookie", cookie}}).status);
        CPPUNIT_ASSERT_EQUAL(
            403,
            http(t.port(), "POST", "/admin/departments", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, "nombre=X", kForm).status);
        CPPUNIT_ASSERT(!t.services().directory.departmentByName("X"));
    }

    void testBearerTokenWorksWithoutCsrf() {
        TestHost t;
        const long long agent = t.addUser("agente", Role::Agent, "agente123");
        const std::string token = t.services().auth.createApiToken(agent, "pruebas");
        const long long ticket =
            t.services().tickets.create({"k1", std::nullopt, "56911112222", true, std::nullopt, {}, "", "", "", std::nullopt});

        auto me = http(t.port(), "GET", "/api/v1/me", {{"Authorization", "Bearer " + token}});
        CPPUNIT_ASSERT_EQUAL(200, me.status);
        CPPUNIT_ASSERT(me.body.find("\"login\":\"agente\"") != std::string::npos);
        auto post = http(t.port(), "POST", "/api/v1/tickets/" + std::to_string(ticket) + "/messages",
                         {{"Authorization", "Bearer " + token}}, "{\"text\":\"Hola desde la API\"}", "application/json");
        CPPUNIT_ASSERT_EQUAL(201, post.status);
        CPPUNIT_ASSERT_EQUAL(std::string("Hola desde la API"), t.services().tickets.get(ticket)->messages.at(0).text);

        auto invalid = http(t.port(), "GET", "/api/v1/me", {{"Authorization", "Bearer hdt_" + std::string(64, '0')}});
        CPPUNIT_ASSERT_EQUAL(401, invalid.status);
        CPPUNIT_ASSERT(invalid.body.find("\"error\":\"invalid_token\"") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(401, http(t.port(), "GET", "/api/v1/me", {{"Authorization", "Basic YTpi"}}).status);
        CPPUNIT_ASSERT_EQUAL(403, http(t.port(), "GET", "/admin/users", {{"Authorization", "Bearer " + token}}).status);
    }

    void testAdministratorCreatesTokenShownOnce() {
        TestHost t;
        t.addUser("admin", Role::Administrator, "admin123");
        const long long agent = t.addUser("agente", Role::Agent, "agente123");
        const std::string cookie = login(t.port(), "admin", "admin123");
        const std::string csrf = csrfFromPage(http(t.port(), "GET", "/admin/users", {{"Cookie", cookie}}).body);
        auto created = http(t.port(), "POST", "/admin/users/" + std::to_string(agent) + "/tokens", {{"Cookie", cookie}},
                            "etiqueta=script&csrf_token=" + csrf, kForm);
        CPPUNIT_ASSERT_EQUAL(200, created.status);
        const std::string marker = "id=\"nuevo-token\">";
        const auto at = created.body.find(marker);
        CPPUNIT_ASSERT(at != std::string::npos);
        const std::string token =
            created.body.substr(at + marker.size(), created.body.find('<', at + marker.size()) - at - marker.size());
        CPPUNIT_ASSERT(token.rfind("hdt_", 0) == 0);
        CPPUNIT_ASSERT(http(t.port(), "GET", "/admin/users", {{"Cookie", cookie}}).body.find(token) == std::string::npos);
        auto me = http(t.port(), "GET", "/api/v1/me", {{"Authorization", "Bearer " + token}});
        CPPUNIT_ASSERT(me.body.find("\"login\":\"agente\"") != std::string::npos);
    }

    // Issue 14: an authenticated GET wrote api_tokens.last_used_at, so on SQLite it queued behind
    // the background validation's write lock (busy_timeout, 10 s). Reads must not write.
    void testReadsAnswerWhileAWriterHoldsTheDatabase() {
        TestHost t;
        t.addUser("admin", Role::Administrator, "admin123");
        const long long agent = t.addUser("agente", Role::Agent, "agente123");
        const std::string token = t.services().auth.createApiToken(agent, "pruebas");
        const std::string cookie = login(t.port(), "admin", "admin123");
        CPPUNIT_ASSERT(!cookie.empty());
        const std::map<std::string, std::map<std::string, std::string>> reads = {
            {"/api/v1/me", {{"Authorization", "Bearer " + token}}},
            {"/tickets", {{"Cookie", cookie}}},
            {"/admin/users", {{"Cookie", cookie}}},
        };
        WriterLock lock(t.services().db);
        for (const auto& [path, headers] : reads) {
            const auto started = std::chrono::steady_clock::now();
            const auto r = http(t.port(), "GET", path, headers);
            const auto ms =
                std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
            CPPUNIT_ASSERT_EQUAL_MESSAGE(path, 200, r.status);
            CPPUNIT_ASSERT_MESSAGE(path + " waited " + std::to_string(ms) + " ms for the writer", ms < 3000);
        }
    }

    void testTokenUseIsFlushedInOneBatchAndNeverMovesBack() {
        TestHost t;
        const long long agent = t.addUser("agente", Role::Agent, "agente123");
        const std::string first = t.services().auth.createApiToken(agent, "uno");
        const std::string second = t.services().auth.createApiToken(agent, "dos");
        auto lastUse = [&](const std::string& label) {
            for (const auto& k : t.services().auth.apiTokens())
                if (k.label == label) return k.lastUsedAt;
            return -1LL;
        };
        auto stored = [&](const std::string& label) {
            Poco::Int64 at = -1;
            std::string l = label;
            auto s = t.services().db.session();
            s << "SELECT COALESCE(last_used_at, 0) FROM api_tokens WHERE label = ?", Poco::Data::Keywords::use(l),
                Poco::Data::Keywords::into(at), Poco::Data::Keywords::now;
            return static_cast<long long>(at);
        };
        CPPUNIT_ASSERT_EQUAL(200, http(t.port(), "GET", "/api/v1/me", {{"Authorization", "Bearer " + first}}).status);
        CPPUNIT_ASSERT_EQUAL(200, http(t.port(), "GET", "/api/v1/me", {{"Authorization", "Bearer " + second}}).status);
        // Not written yet, but the users page of this host shows it.
        CPPUNIT_ASSERT_EQUAL(0LL, stored("uno"));
        CPPUNIT_ASSERT(lastUse("uno") > 0);
        t.services().auth.flushTokenUses();
        const long long used = stored("uno");
        CPPUNIT_ASSERT(used > 0);
        CPPUNIT_ASSERT(stored("dos") > 0);
        CPPUNIT_ASSERT_EQUAL(used, lastUse("uno"));
        // Another host wrote a later use meanwhile: an older pending one does not overwrite it.
        {
            auto s = t.services().db.session();
            s << "UPDATE api_tokens SET last_used_at = last_used_at + 3600000 WHERE label = 'uno'", Poco::Data::Keywords::now;
        }
        CPPUNIT_ASSERT_EQUAL(200, http(t.port(), "GET", "/api/v1/me", {{"Authorization", "Bearer " + first}}).status);
        t.services().auth.flushTokenUses();
        CPPUNIT_ASSERT_EQUAL(used + 3600000, stored("uno"));
        // The last uses of a run are written when the host stops.
        CPPUNIT_ASSERT_EQUAL(200, http(t.port(), "GET", "/api/v1/me", {{"Authorization", "Bearer " + second}}).status);
        const long long before = stored("dos");
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        CPPUNIT_ASSERT_EQUAL(200, http(t.port(), "GET", "/api/v1/me", {{"Authorization", "Bearer " + second}}).status);
        t.host().stop();
        CPPUNIT_ASSERT(stored("dos") > before);
    }

    void testLogoutEndsSession() {
        TestHost t;
        t.addUser("agente", Role::Agent, "agente123");
        const std::string cookie = login(t.port(), "agente", "agente123");
        const std::string csrf = csrfFromPage(http(t.port(), "GET", "/tickets", {{"Cookie", cookie}}).body);
        auto out = http(t.port(), "POST", "/logout", {{"Cookie", cookie}}, "csrf_token=" + csrf, kForm);
        CPPUNIT_ASSERT_EQUAL(303, out.status);
        CPPUNIT_ASSERT(out.setCookies.at(0).find("Max-Age=0") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(303, http(t.port(), "GET", "/tickets", {{"Cookie", cookie}}).status);
    }

    void testAgentMessageAndClosedEventsDelivered() {
        TestHost t;
        const long long agent = t.addUser("agente", Role::Agent, "agente123");
        EventLog log;
        t.services().tickets.subscribe([&log](const helpdesk::TicketEvent& e) { log.add(e); });
        const long long ticket = t.services().tickets.create(
            {"campaigns:entry:1", std::nullopt, "56911112222", true, std::nullopt, {}, "Hola", "Campaña", "", std::nullopt});

        const std::string cookie = login(t.port(), "agente", "agente123");
        const std::string page = http(t.port(), "GET", "/tickets/" + std::to_string(ticket), {{"Cookie", cookie}}).body;
        CPPUNIT_ASSERT(page.find("Campaña") != std::string::npos);
        const std::string csrf = csrfFromPage(page);
        auto write = http(t.port(), "POST", "/tickets/" + std::to_string(ticket) + "/messages", {{"Cookie", cookie}},
                          "texto=Le+ayudo&csrf_token=" + csrf, kForm);
        CPPUNIT_ASSERT_EQUAL(303, write.status);
        CPPUNIT_ASSERT(log.waitFor(1));
        {
            std::lock_guard lock(log.mutex);
            CPPUNIT_ASSERT(log.events[0].kind == helpdesk::TicketEvent::Kind::AgentMessage);
            CPPUNIT_ASSERT_EQUAL(ticket, log.events[0].ticketId);
            CPPUNIT_ASSERT_EQUAL(agent, log.events[0].userId);
            CPPUNIT_ASSERT_EQUAL(std::string("campaigns:entry:1"), log.events[0].externalKey);
        }
        auto close = http(t.port(), "POST", "/tickets/" + std::to_string(ticket) + "/close", {{"Cookie", cookie}},
                          "csrf_token=" + csrf, kForm);
        CPPUNIT_ASSERT_EQUAL(303, close.status);
        CPPUNIT_ASSERT(log.waitFor(2));
        t.services().tickets.close(ticket); // already closed: no second event
        const long long other = t.services().tickets.create(
            {"campaigns:entry:2", std::nullopt, "56911113333", true, std::nullopt, {}, "", "", "", std::nullopt});
        t.services().tickets.close(other);
        CPPUNIT_ASSERT(log.waitFor(3));
        std::lock_guard lock(log.mutex);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), log.events.size());
        CPPUNIT_ASSERT(log.events[1].kind == helpdesk::TicketEvent::Kind::Closed);
        CPPUNIT_ASSERT_EQUAL(agent, log.events[1].userId);
        CPPUNIT_ASSERT_EQUAL(other, log.events[2].ticketId);
        CPPUNIT_ASSERT_EQUAL(0LL, log.events[2].userId);
        CPPUNIT_ASSERT(!t.services().tickets.get(ticket)->ticket.open);
    }

    void testUnknownPathAnd405() {
        TestHost t;
        auto missing = http(t.port(), "GET", "/no/such/page", {{"Accept", "text/html"}});
        CPPUNIT_ASSERT_EQUAL(404, missing.status);
        CPPUNIT_ASSERT(missing.body.find("no existe") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(405, http(t.port(), "DELETE", "/login").status);
        auto css = http(t.port(), "GET", "/static/host.css");
        CPPUNIT_ASSERT_EQUAL(200, css.status);
        CPPUNIT_ASSERT(css.body.find(".topbar") != std::string::npos);
    }

    void testTicketPagesShowSubjectWaitAndSystemLine() {
        TestHost t;
        t.addUser("agente", Role::Agent, "agente123");
        auto& tickets = t.services().tickets;
        helpdesk::NewTicket campaign{"campaigns:entry:1", std::nullopt,       "56911112222", false, std::nullopt, {}, "Hola",
                                     "Campaña",           "Campaña <Verano>", std::nullopt};
        const long long answered = tickets.create(campaign);
        const long long plain =
            tickets.create({"", std::nullopt, "56911113333", true, std::nullopt, {}, "", "", "", std::nullopt});
        helpdesk::TicketMessage reply;
        reply.author = "+56911112222";
        reply.text = "Sí, me interesa";
        reply.externalId = "wamid.page1";
        CPPUNIT_ASSERT(tickets.addInbound(answered, reply, "Reabierto por respuesta del cliente"));

        const std::string cookie = login(t.port(), "agente", "agente123");
        const std::string answeredLink = "href=\"/tickets/" + std::to_string(answered) + "\"";
        const std::string plainLink = "href=\"/tickets/" + std::to_string(plain) + "\"";
        auto list = http(t.port(), "GET", "/tickets?estado=todos", {{"Cookie", cookie}});
        CPPUNIT_ASSERT_EQUAL(200, list.status);
        CPPUNIT_ASSERT(list.body.find("<th>Asunto</th>") != std::string::npos);
        CPPUNIT_ASSERT(list.body.find("<td>Campaña &lt;Verano&gt;</td>") != std::string::npos);
        CPPUNIT_ASSERT(list.body.find("<td>—</td>") != std::string::npos);
        CPPUNIT_ASSERT(list.body.find(plainLink) != std::string::npos);
        CPPUNIT_ASSERT(list.body.find("<option value=\"sin-atender\">Con respuesta sin atender</option>") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), occurrences(list.body, "Esperando agente"));

        auto waiting = http(t.port(), "GET", "/tickets?estado=sin-atender", {{"Cookie", cookie}});
        CPPUNIT_ASSERT_EQUAL(200, waiting.status);
        CPPUNIT_ASSERT(waiting.body.find("<option value=\"sin-atender\" selected>") != std::string::npos);
        CPPUNIT_ASSERT(waiting.body.find(answeredLink) != std::string::npos);
        CPPUNIT_ASSERT(waiting.body.find(plainLink) == std::string::npos);

        auto page = http(t.port(), "GET", "/tickets/" + std::to_string(answered), {{"Cookie", cookie}});
        CPPUNIT_ASSERT_EQUAL(200, page.status);
        CPPUNIT_ASSERT(page.body.find("<span class=\"badge awaiting\">Esperando agente</span>") != std::string::npos);
        CPPUNIT_ASSERT(page.body.find("Campaña &lt;Verano&gt;") != std::string::npos);
        const auto system = page.body.find("<li class=\"system\"><div>Reabierto por respuesta del cliente</div>");
        CPPUNIT_ASSERT(system != std::string::npos);
        CPPUNIT_ASSERT(system < page.body.find("Sí, me interesa"));

        // An agent's answer ends the wait.
        auto write = http(t.port(), "POST", "/tickets/" + std::to_string(answered) + "/messages", {{"Cookie", cookie}},
                          "texto=Le+ayudo&csrf_token=" + csrfFromPage(page.body), kForm);
        CPPUNIT_ASSERT_EQUAL(303, write.status);
        page = http(t.port(), "GET", "/tickets/" + std::to_string(answered), {{"Cookie", cookie}});
        CPPUNIT_ASSERT(page.body.find("Esperando agente") == std::string::npos);
        waiting = http(t.port(), "GET", "/tickets?estado=sin-atender", {{"Cookie", cookie}});
        CPPUNIT_ASSERT(waiting.body.find(answeredLink) == std::string::npos);
    }

    void testPanelsRenderedByPrefixAndThrowingOneLeftOut() {
        TestHost t;
        t.addUser("agente", Role::Agent, "agente123");
        auto& tickets = t.services().tickets;
        tickets.addPanel({"campaigns:", [](const helpdesk::TicketState& s, const std::string& locale) {
                              return "<p id=\"campaign-panel\">" + s.externalKey + " " + std::to_string(s.id) + " " + locale +
                                     "</p>";
                          }});
        tickets.addPanel({"campaigns:", [](const helpdesk::TicketState&, const std::string&) -> std::string {
                              throw std::runtime_error("panel roto");
                          }});
        tickets.addPanel(
            {"otro:", [](const helpdesk::TicketState&, const std::string&) { return std::string("<p id=\"otro\"></p>"); }});
        const long long id =
            tickets.create({"campaigns:entry:5", std::nullopt, "56911112222", true, std::nullopt, {}, "", "", "", std::nullopt});

        Poco::AutoPtr<testsupport::LogLines> lines(new testsupport::LogLines);
        auto& logger = Poco::Logger::get("helpdesk.host.tickets");
        Poco::AutoPtr<Poco::Channel> previous(logger.getChannel(), true);
        logger.setChannel(lines);
        const std::string cookie = login(t.port(), "agente", "agente123");
        auto page = http(t.port(), "GET", "/tickets/" + std::to_string(id), {{"Cookie", cookie}});
        logger.setChannel(previous);

        CPPUNIT_ASSERT_EQUAL(200, page.status);
        CPPUNIT_ASSERT(page.body.find("<section class=\"card plugin-panel\"><p id=\"campaign-panel\">campaigns:entry:5 " +
                                      std::to_string(id) + " es</p></section>") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), occurrences(page.body, "plugin-panel"));
        CPPUNIT_ASSERT(page.body.find("id=\"otro\"") == std::string::npos);
        CPPUNIT_ASSERT(page.body.find("Escribir mensaje") != std::string::npos); // the rest of the page is there
        std::size_t logged = 0;
        for (const auto& l : lines->lines()) {
            if (l.find("ticket " + std::to_string(id)) != std::string::npos && l.find("panel roto") != std::string::npos)
                ++logged;
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), logged);
    }

    // A GET or HEAD is routed by method and path only: a Content-Type (fetch() helpers often send
    // one on every call) is no reason for a 405.
    void testGetAndHeadRoutedWhateverTheirContentType() {
        TestHost t;
        t.addUser("admin", Role::Administrator, "admin123");
        const std::string cookie = login(t.port(), "admin", "admin123");
        for (const char* type : {"", "application/json", "application/json; charset=utf-8", "text/plain", kForm.c_str()}) {
            auto get = http(t.port(), "GET", "/api/v1/me", {{"Cookie", cookie}, {"Accept", "application/json"}}, "", type);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(type, 200, get.status);
            CPPUNIT_ASSERT(get.body.find("\"login\":\"admin\"") != std::string::npos);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(type, 200, http(t.port(), "HEAD", "/api/v1/me", {{"Cookie", cookie}}, "", type).status);
        }
    }

    // A handler may ignore the body (POST .../send takes none, yet browsers send "{}"), and a
    // refused request (CSRF, role) is never read. Whatever is left unread must not be parsed as
    // the start of the next request on the same kept-alive connection: "{}GET /x" is no method,
    // and the list page showed "Método no permitido para esta dirección." after a successful send.
    void testUnreadBodyDoesNotBecomeTheNextRequest() {
        TestHost t;
        t.addUser("admin", Role::Administrator, "admin123");
        t.services().routes.add({"POST", "/test/ignores-body", Role::Administrator,
                                 [](helpdesk::RequestContext& ctx) { refhost::sendJson(ctx.response, 200, "{}"); }},
                                "test");
        const std::string cookie = login(t.port(), "admin", "admin123");
        const std::string csrf = csrfFromPage(http(t.port(), "GET", "/tickets", {{"Cookie", cookie}}).body);
        const std::map<std::string, std::string> json{
            {"Cookie", cookie}, {"Accept", "application/json"}, {"Content-Type", "application/json"}, {"X-CSRF-Token", csrf}};
        const std::map<std::string, std::string> get{{"Cookie", cookie}, {"Accept", "application/json"}};

        Poco::Net::HTTPClientSession session("127.0.0.1", t.port());
        session.setTimeout(Poco::Timespan(20, 0));
        session.setKeepAlive(true);
        CPPUNIT_ASSERT_EQUAL(200, onSession(session, "POST", "/test/ignores-body", json, "{}").status);
        auto next = onSession(session, "GET", "/api/v1/me", get);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(next.body, 200, next.status);

        auto noCsrf = json;
        noCsrf.erase("X-CSRF-Token");
        CPPUNIT_ASSERT_EQUAL(403, onSession(session, "POST", "/test/ignores-body", noCsrf, R"({"a":1})").status);
        next = onSession(session, "GET", "/api/v1/me", get);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(next.body, 200, next.status);

        // Should framing ever be lost anyway, a request line that is no method is a bad request,
        // not a known path with the wrong method.
        auto garbled = http(t.port(), "{}GET", "/api/v1/me", get);
        CPPUNIT_ASSERT_EQUAL(400, garbled.status);
        CPPUNIT_ASSERT(garbled.body.find("method_not_allowed") == std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HostHttpTest);
