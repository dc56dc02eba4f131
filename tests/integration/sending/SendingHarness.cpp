#include "SendingHarness.h"

#include "storage/DatabaseErrors.h"

#include "cloudapi/TemplateModel.h"
#include "sending/CampaignPayloads.h"
#include "storage/MigrationRunner.h"
#include "storage/SqlDialect.h"
#include "storage/Transaction.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>

#include <cppunit/extensions/HelperMacros.h>

using namespace Poco::Data::Keywords;

namespace sendtest {

std::string unquotedReplyBody(const std::string& from, const std::string& id) {
    const std::string at = std::to_string(Poco::Timestamp().epochTime());
    return R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{)"
           R"("messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":"1"},)"
           R"("contacts":[{"profile":{"name":"Cliente"},"wa_id":")" +
           from +
           R"("}],)"
           R"("messages":[{"from":")" +
           from + R"(","id":")" + id + R"(","timestamp":")" + at + R"(","type":"text","text":{"body":"hola"}}]}}]}]})";
}

long long handlerReads(testsupport::TestDatabase& db) {
    auto s = db.session();
    std::vector<std::string> names, values;
    s << "SHOW GLOBAL STATUS WHERE Variable_name IN ('Handler_read_next', 'Handler_read_prev', 'Handler_read_rnd_next')",
        into(names), into(values), now;
    long long total = 0;
    for (const auto& v : values) total += std::stoll(v);
    return total;
}

namespace {

const char* kTemplateJson =
    R"({"name":"bienvenida","language":"es","status":"APPROVED","category":"UTILITY","parameter_format":"POSITIONAL",)"
    R"("id":"900000000000001","components":[{"type":"BODY","text":"Hola {{1}}, tu caso {{2}} fue registrado."}]})";

class WebhookHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit WebhookHandler(campaigns::webhooks::WebhookReceiver& r) : receiver_(r) {}
    void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
        helpdesk::RequestContext ctx{req, resp, {}, std::nullopt, "es", ""};
        receiver_.handlePost(ctx);
    }

private:
    campaigns::webhooks::WebhookReceiver& receiver_;
};

class WebhookFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit WebhookFactory(campaigns::webhooks::WebhookReceiver& r) : receiver_(r) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new WebhookHandler(receiver_);
    }

private:
    campaigns::webhooks::WebhookReceiver& receiver_;
};

} // namespace

// NOLINTNEXTLINE(readability-function-size): wires the whole stack in the order the plugin does, one step after another
SendingHarness::SendingHarness(const std::function<void(cloudsim::SimConfig&)>& tune) {
    db_ = std::make_unique<testsupport::TestDatabase>();
    auto& log = Poco::Logger::get("test");
    // Warnings and errors of the engine show in the test output; a failing run explains itself.
    log.setChannel(Poco::AutoPtr<Poco::Channel>(new Poco::ConsoleChannel));
    log.setLevel(std::getenv("CAMPAIGNS_TEST_VERBOSE") ? Poco::Message::PRIO_INFORMATION : Poco::Message::PRIO_WARNING);
    campaigns::storage::MigrationRunner(*db_, CAMPAIGNS_SQL_DIR, log).run();

    // Webhook receiver first: the simulator needs its URL.
    box_ = std::make_unique<campaigns::accounts::SecretBox>(
        "k1", std::map<std::string, std::string>{{"k1", "a passphrase for the sending tests"}});
    accounts_ = std::make_unique<campaigns::accounts::AccountStore>(*db_, *box_);
    eventStore_ = std::make_unique<campaigns::webhooks::WebhookEventStore>(*db_);
    // As the plugin loads them: every enabled account signs (addAccount invalidates the cache).
    secrets_ = std::make_unique<campaigns::webhooks::CachedSecrets>(
        [this] {
            campaigns::webhooks::WebhookSecrets s;
            for (const auto& a : accounts_->enabledAccounts()) {
                s.signers.push_back({a.appSecret, a.phoneNumberId, a.wabaId});
                s.verifyTokens.push_back(a.verifyToken);
            }
            return s;
        },
        std::chrono::seconds(60));
    receiver_ = std::make_unique<campaigns::webhooks::WebhookReceiver>(*eventStore_, *secrets_, log, [] {});
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(16);
    params->setKeepAlive(true);
    const auto webhookPort = socket.address().port();
    webhookServer_ = std::make_unique<Poco::Net::HTTPServer>(new WebhookFactory(*receiver_), socket, params);
    webhookServer_->start();

    cloudsim::SimConfig cfg;
    cfg.statsLogIntervalS = 0;
    cfg.throughputMps = 1000;
    cfg.webhookUrl = "http://127.0.0.1:" + std::to_string(webhookPort) + "/campaigns/webhooks/whatsapp";
    cfg.sentDelayMs = 5;
    cfg.deliveredDelayMs = 20;
    cfg.readDelayMs = 50;
    cfg.replyDelayMs = 100;
    cfg.pairLimitCount = 1000;
    if (tune) tune(cfg);
    sim_ = std::make_unique<cloudsim::Simulator>(cfg);
    sim_->start();

    accountId_ = addAccount(cfg.phoneNumberIds.front());

    campaigns::cloudapi::ConnectionPoolOptions pool;
    pool.receiveTimeout = Poco::Timespan(5, 0);
    client_ = std::make_unique<campaigns::cloudapi::CloudApiClient>(campaigns::cloudapi::ConnectionPool::create(pool));
    engine_ = makeEngine("test-instance");
    processor_ = std::make_unique<campaigns::tracking::EventProcessor>(*db_, log);
    ticketSync_ = std::make_unique<campaigns::tracking::TicketSync>(
        *db_, tickets_, [](long long, const std::string&) { return std::string("Hola, tu caso fue registrado."); }, log);
    // As tracking::TrackingModule wires it: agent messages mark the entry addressed, closings are remembered.
    tickets_.subscribe([this](const helpdesk::TicketEvent& e) {
        const auto entry = campaigns::tracking::entryIdFromTicketKey(e.externalKey);
        if (!entry) return;
        if (e.kind == helpdesk::TicketEvent::Kind::AgentMessage)
            processor_->markAddressed(*entry, Poco::Timestamp().epochMicroseconds() / 1000);
        else if (e.kind == helpdesk::TicketEvent::Kind::Closed)
            ticketSync_->ticketClosed(*entry);
    });
    engine_->start();
    pump_ = std::thread([this] { pump(); });
}

long long SendingHarness::addAccount(const std::string& phoneNumberId) {
    const auto cfg = sim_->config().get();
    campaigns::accounts::Account a;
    a.displayName = "Simulador " + phoneNumberId;
    a.phoneNumberId = phoneNumberId;
    a.wabaId = cfg->wabaFor(cfg->phoneIndex(phoneNumberId));
    a.accessToken = "sim-token";
    a.appSecret = "sim-app-secret";
    a.verifyToken = "verify-token";
    a.graphBaseUrl = "http://127.0.0.1:" + std::to_string(sim_->port());
    a.throughputPerSecond = static_cast<int>(cfg->throughputMps);
    a.dailyLimitTier = "UNLIMITED";
    const long long id = accounts_->create(a);
    accounts_->recordDisplayPhoneNumber(id, cfg->displayPhoneNumber); // as its connection test would
    auto s = db_->session();
    Poco::Int64 account = id;
    std::string json = kTemplateJson;
    s << "INSERT INTO campaigns_templates (account_id, meta_id, name, language, status, category, parameter_format,"
         " parameter_count, header_type, components_json) VALUES (?, '900000000000001', 'bienvenida', 'es', 'APPROVED',"
         " 'UTILITY', 'POSITIONAL', 2, '', ?)",
        use(account), use(json), now;
    templateOf_[id] = campaigns::storage::lastInsertId(s, db_->dialect());
    secrets_->invalidate();
    return id;
}

std::unique_ptr<campaigns::sending::SendEngine> SendingHarness::makeEngine(const std::string& owner) {
    campaigns::sending::SendEngineOptions opt;
    opt.owner = owner;
    opt.entryLease = Poco::Timespan(20, 0);
    return std::make_unique<campaigns::sending::SendEngine>(
        *db_, *client_,
        [this](long long id) -> std::optional<campaigns::sending::SenderAccount> {
            auto acc = accounts_->get(id);
            if (!acc) return std::nullopt;
            return campaigns::sending::SenderAccount{
                {acc->graphBaseUrl, acc->graphVersion, acc->phoneNumberId, acc->wabaId, acc->accessToken},
                static_cast<double>(acc->throughputPerSecond)};
        },
        [this](long long campaignId, std::string& why) { return campaigns::sending::loadPayloadBuilder(*db_, campaignId, why); },
        opt, Poco::Logger::get("test"));
}

campaigns::sending::SendEngine& SendingHarness::addEngine(const std::string& owner) {
    moreEngines_.push_back(makeEngine(owner));
    moreEngines_.back()->start();
    return *moreEngines_.back();
}

SendingHarness::~SendingHarness() {
    stopPump();
    for (auto& e : moreEngines_) e->stop(std::chrono::seconds(10));
    engine_->stop(std::chrono::seconds(10));
    sim_->stop();
    webhookServer_->stop();
}

void SendingHarness::stopPump() {
    pumping_ = false;
    if (pump_.joinable()) pump_.join();
}

void SendingHarness::pump() {
    while (pumping_) {
        try {
            while (processor_->processBatch(500) > 0) {}
            ticketSync_->runOnce();
        } catch (const std::exception& e) {
            Poco::Logger::get("test").error("pump: %s", campaigns::storage::briefError(e));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

long long SendingHarness::createCampaign(const CampaignSpec& spec) {
    auto s = db_->session();
    const std::string ts = campaigns::storage::utcNowText();
    Poco::Int64 account = spec.accountId != 0 ? spec.accountId : accountId_;
    Poco::Int64 tmpl = templateOf_.at(account);
    if (!spec.templateJson.empty()) {
        std::string json = spec.templateJson, name = spec.templateName;
        s << "INSERT INTO campaigns_templates (account_id, meta_id, name, language, status, category, parameter_format,"
             " parameter_count, header_type, components_json) VALUES (?, '', ?, 'es', 'APPROVED', 'MARKETING',"
             " 'POSITIONAL', 2, 'IMAGE', ?)",
            use(account), use(name), use(json), now;
        tmpl = campaigns::storage::lastInsertId(s, db_->dialect());
    }
    std::string media = spec.headerMediaId;
    int expects = spec.expectsResponse ? 1 : 0, wait = spec.waitHours, n = spec.entries;
    std::string created = ts;
    campaigns::storage::SqlTransaction tx(s, db_->dialect());
    s << "INSERT INTO campaigns_campaigns (name, account_id, template_id, state, expects_response, wait_hours,"
         " header_media_id, metadata_links_json, consent_at, created_at, updated_at, entries_total, unique_phones, n_queued)"
         " VALUES ('Prueba', ?, ?, 'loaded', ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?)",
        use(account), use(tmpl), use(expects), use(wait), use(media), use(created), use(created), use(created), use(n), use(n),
        use(n), now;
    Poco::Int64 campaign = campaigns::storage::lastInsertId(s, db_->dialect());
    Poco::Data::Statement insert(s);
    int row = 0;
    std::string phone, params;
    insert << "INSERT INTO campaigns_entries (campaign_id, row_no, phone, params_json, metadata_json, updated_at)"
              " VALUES (?, ?, ?, ?, '{}', ?)",
        use(campaign), use(row), use(phone), use(params), use(created);
    for (int i = 1; i <= spec.entries; ++i) {
        row = i + 1;
        char buf[32];
        std::snprintf(buf, sizeof buf, "5691%07d", i);
        phone = spec.phone ? spec.phone(i) : std::string(buf);
        params = spec.paramsJson ? spec.paramsJson(i) : "[\"Cliente " + std::to_string(i) + "\",\"C-" + std::to_string(i) + "\"]";
        insert.execute();
    }
    tx.commit();
    return campaign;
}

void SendingHarness::startSending(long long campaignId) { startSending(std::vector<long long>{campaignId}); }

void SendingHarness::startSending(const std::vector<long long>& campaignIds) {
    auto s = db_->session();
    campaigns::storage::SqlTransaction tx(s, db_->dialect());
    std::string ts = campaigns::storage::utcNowText();
    Poco::Int64 id = 0;
    Poco::Data::Statement update(s);
    update << "UPDATE campaigns_campaigns SET state = 'sending', send_requested_at = ?, first_sent_at = ?, updated_at = ?"
              " WHERE id = ?",
        use(ts), use(ts), use(ts), use(id);
    for (long long c : campaignIds) {
        id = c;
        update.execute();
    }
    tx.commit();
    engine_->wake();
}

void SendingHarness::waitFor(const std::function<bool()>& done, int seconds, const std::string& what) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) {
            // Say where things stood, so a timeout explains itself.
            auto s = db_->session();
            std::vector<std::string> states;
            std::vector<Poco::Int64> counts;
            s << "SELECT state, COUNT(*) FROM campaigns_entries GROUP BY state", into(states), into(counts), now;
            std::string where;
            for (std::size_t i = 0; i < states.size(); ++i) where += " " + states[i] + "=" + std::to_string(counts[i]);
            std::vector<std::string> campaignStates;
            s << "SELECT state FROM campaigns_campaigns", into(campaignStates), now;
            for (const auto& c : campaignStates) where += " campaign:" + c;
            CPPUNIT_FAIL("timed out waiting for " + what + "; entries:" + where + "; simulator accepted " +
                         std::to_string(sim_->ledger().totals().accepted));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

std::string SendingHarness::state(long long campaignId) {
    auto s = db_->session();
    std::string st;
    Poco::Int64 id = campaignId;
    s << "SELECT state FROM campaigns_campaigns WHERE id = ?", use(id), into(st), now;
    return st;
}

std::string SendingHarness::entryText(long long entryId, const std::string& column) {
    // A column name cannot be a parameter: only a bare lower-case name is put into the SQL.
    if (column.empty() || column.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos)
        throw std::invalid_argument("not a column name: " + column);
    auto s = db_->session();
    std::string value;
    Poco::Int64 id = entryId;
    s << "SELECT " + column + " FROM campaigns_entries WHERE id = ?", use(id), into(value), now;
    return value;
}

bool SendingHarness::finished(long long campaignId) {
    const auto st = state(campaignId);
    return st == "completed" || st == "completed_with_errors" || st == "failed";
}

void SendingHarness::settle(int seconds) {
    sim_->webhooks().flush(static_cast<std::int64_t>(seconds) * 1000, true);
    waitFor(
        [this] {
            auto s = db_->session();
            Poco::Int64 pending = 0;
            s << "SELECT COUNT(*) FROM campaigns_webhook_events WHERE processed = 0", into(pending), now;
            return pending == 0;
        },
        seconds, "webhook events to be applied");
    std::this_thread::sleep_for(std::chrono::milliseconds(300)); // one more pump for tickets
}

std::size_t SendingHarness::duplicatedRecipients() { return sim_->ledger().recipients(1000, true).size(); }
std::uint64_t SendingHarness::acceptedBySimulator() { return sim_->ledger().totals().accepted; }

} // namespace sendtest
