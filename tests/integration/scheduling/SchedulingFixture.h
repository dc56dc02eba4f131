#pragma once
// What every scheduling test needs: a migrated database, an account and campaigns written straight
// into it, the scheduling and send routes over real HTTP (the user is chosen per request with the
// X-Test-User header, for approval by "another administrator"), an injected clock in
// America/Santiago, and the log lines the scheduler writes.
#include "InProcessServer.h"
#include "LogLines.h"
#include "TestDatabase.h"
#include "campaign/CampaignJson.h"
#include "campaign/CampaignStore.h"
#include "scheduling/CampaignScheduler.h"
#include "scheduling/SchedulingApi.h"
#include "sending/SendApi.h"
#include "storage/MigrationRunner.h"
#include "storage/SqlDialect.h"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/DateTime.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/StringTokenizer.h>

#include <atomic>
#include <mutex>
#include <optional>
#include <vector>

namespace schedtest {

using namespace Poco::Data::Keywords;

inline Poco::Timestamp utc(int y, int mo, int d, int h, int mi = 0) { return Poco::DateTime(y, mo, d, h, mi).timestamp(); }
const std::string kSantiago = "America/Santiago";

inline std::vector<std::string> segments(const std::string& path) {
    std::vector<std::string> out;
    Poco::StringTokenizer t(path.substr(0, path.find('?')), "/", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& s : t) out.push_back(s);
    return out;
}

class Routes : public helpdesk::Router {
public:
    void add(helpdesk::Route route) override { routes_.push_back(std::move(route)); }
    void addStatic(const std::string&, const std::string&, helpdesk::Role) override {}
    static std::optional<std::map<std::string, std::string>> match(const std::string& pattern, const std::string& path) {
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
    void handle(helpdesk::RequestContext& ctx) {
        const std::string path = ctx.request.getURI();
        const std::string user = ctx.request.get("X-Test-User", "1");
        ctx.user = helpdesk::User{std::stoll(user), "admin" + user, "Administrador " + user, helpdesk::Role::Administrator};
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
    std::string str(const std::string& key) const { return json()->optValue<std::string>(key, ""); }
    std::string error() const { return str("error"); }
};

class Fixture {
public:
    explicit Fixture(long long approvalMin = 0) : logger(Poco::Logger::get("scheduling-test")) {
        db = std::make_unique<testsupport::TestDatabase>();
        campaigns::storage::MigrationRunner(*db, CAMPAIGNS_SQL_DIR, Poco::Logger::get("test")).run();
        logger.setChannel(log);
        logger.setLevel(Poco::Message::PRIO_INFORMATION);
        options.timeZone = kSantiago;
        options.approvalMinRecipients = approvalMin;
        options.clock = [this] { return Poco::Timestamp(clock.load()); };
        options.wake = [this] { ++wakes; };
        api = std::make_unique<campaigns::scheduling::SchedulingApi>(*db, options);
        sendApi = std::make_unique<campaigns::sending::SendApi>(
            *db, [] {}, campaigns::counters::utcDayKey(), approvalMin);
        sendScheduler = scheduler(); // "Enviar Campaña" outside the window starts held, as in the plugin
        sendApi->setHoldPolicy([this](long long id) { return sendScheduler->holdFor(id); });
        api->registerRoutes(routes);
        sendApi->registerRoutes(routes);
        server = std::make_unique<testsupport::InProcessServer>(
            [this](helpdesk::RequestContext& ctx) { routes.handle(ctx); },
            [](const std::string&) { return std::map<std::string, std::string>{}; });
        auto s = db->session();
        s << "INSERT INTO campaigns_accounts (display_name, phone_number_id, waba_id, access_token_sealed, app_secret_sealed,"
             " verify_token_sealed, graph_base_url, graph_version, daily_limit_tier)"
             " VALUES ('Ventas', '1065', '2001', 'x', 'x', 'x', 'http://127.0.0.1:1', 'v23.0', 'TIER_250')",
            now;
        account = campaigns::storage::lastInsertId(s, db->dialect());
    }
    ~Fixture() {
        server.reset();
        logger.setChannel(nullptr);
    }

    void setClock(Poco::Timestamp t) { clock = t.epochMicroseconds(); }

    // A loaded campaign with `recipients` entries (counters only: nothing here sends).
    long long campaign(const std::string& name, long long recipients = 5, long long createdBy = 1) {
        auto s = db->session();
        Poco::Int64 acc = account, n = recipients, by = createdBy;
        std::string nm = name;
        s << "INSERT INTO campaigns_campaigns (name, account_id, template_id, state, metadata_links_json, consent_at,"
             " created_at, updated_at, entries_total, unique_phones, n_queued, created_by)"
             " VALUES (?, ?, 1, 'loaded', '[]', '2026-12-01 10:00:00', '2026-12-01 10:00:00.000', '2026-12-01 10:00:00.000',"
             " ?, ?, ?, ?)",
            use(nm), use(acc), use(n), use(n), use(n), use(by), now;
        return campaigns::storage::lastInsertId(s, db->dialect());
    }
    std::string state(long long id) {
        auto s = db->session();
        Poco::Int64 key = id;
        std::string st;
        s << "SELECT state FROM campaigns_campaigns WHERE id = ?", use(key), into(st), now;
        return st;
    }
    // The campaign object the list shows.
    Poco::JSON::Object::Ptr json(long long id) {
        campaigns::campaign::CampaignStore store(*db);
        auto o = campaigns::campaign::campaignJson(*store.get(id), {}, [](const std::string& key) { return key; });
        std::ostringstream out;
        o.stringify(out);
        return Poco::JSON::Parser().parse(out.str()).extract<Poco::JSON::Object::Ptr>();
    }
    std::unique_ptr<campaigns::scheduling::CampaignScheduler> scheduler() {
        return std::make_unique<campaigns::scheduling::CampaignScheduler>(*db, logger, options);
    }
    std::string base(long long id) const { return "/campaigns/api/v1/campaigns/" + std::to_string(id); }

    Answer call(const std::string& method, const std::string& path, const std::string& body = "", long long user = 1) {
        Poco::Net::HTTPClientSession session("127.0.0.1", server->port());
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("X-Test-User", std::to_string(user));
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        if (!body.empty()) request.setContentType("application/json");
        session.sendRequest(request) << body;
        Poco::Net::HTTPResponse response;
        Answer a;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), a.text);
        a.status = static_cast<int>(response.getStatus());
        return a;
    }

    std::unique_ptr<testsupport::TestDatabase> db;
    Poco::Logger& logger;
    Poco::AutoPtr<testsupport::LogLines> log{new testsupport::LogLines};
    campaigns::scheduling::SchedulerOptions options;
    std::atomic<Poco::Timestamp::TimeVal> clock{utc(2026, 12, 7, 12).epochMicroseconds()}; // Monday 09:00 in Santiago
    std::atomic<int> wakes{0};
    std::unique_ptr<campaigns::scheduling::SchedulingApi> api;
    std::unique_ptr<campaigns::sending::SendApi> sendApi;
    std::unique_ptr<campaigns::scheduling::CampaignScheduler> sendScheduler;
    Routes routes;
    std::unique_ptr<testsupport::InProcessServer> server;
    long long account = 0;
};

} // namespace schedtest
