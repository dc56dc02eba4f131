#include "tracking/SendingModule.h"

#include "accounts/AccountStore.h"
#include "sending/CampaignPayloads.h"
#include "storage/DatabaseErrors.h"
#include "tracking/EntryPanel.h"
#include "tracking/EventProcessor.h"
#include "analytics/LocalDays.h"
#include "sending/SendApi.h"
#include "sending/SendEngine.h"
#include "tracking/TicketSync.h"

#include <Poco/Environment.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Process.h>
#include <Poco/Tuple.h>

#include <memory>
#include <mutex>
#include <set>
#include <utility>

using namespace Poco::Data::Keywords;

namespace campaigns::tracking {

namespace {

// The ticket's first message: the template text with the row's values, cached per campaign.
class FirstMessages {
public:
    explicit FirstMessages(helpdesk::Database& db) : db_(db) {}
    std::string operator()(long long campaignId, const std::string& paramsJson) {
        std::shared_ptr<cloudapi::PayloadBuilder> builder;
        {
            std::lock_guard lock(mutex_);
            auto it = builders_.find(campaignId);
            if (it != builders_.end()) builder = it->second;
        }
        if (!builder) {
            std::string why;
            builder = sending::loadPayloadBuilder(db_, campaignId, why);
            if (!builder) return "Mensaje de campaña (" + why + ")";
            std::lock_guard lock(mutex_);
            builders_[campaignId] = builder;
        }
        cloudapi::ParameterValues values;
        Poco::JSON::Parser parser;
        auto parsed = parser.parse(paramsJson.empty() ? "[]" : paramsJson);
        if (parsed.type() == typeid(Poco::JSON::Array::Ptr)) {
            auto arr = parsed.extract<Poco::JSON::Array::Ptr>();
            std::size_t slot = 0;
            for (const auto& p : builder->parameters()) {
                if (p.column.empty()) continue;
                if (slot < arr->size()) values[p.column] = arr->getElement<std::string>(static_cast<unsigned>(slot));
                ++slot;
            }
        }
        return cloudapi::renderPreview(builder->templ(), values).text();
    }

private:
    helpdesk::Database& db_;
    std::mutex mutex_;
    std::map<long long, std::shared_ptr<cloudapi::PayloadBuilder>> builders_;
};

} // namespace

SendingModule::SendingModule(helpdesk::HostContext& host, accounts::AccountStore& accounts,
                             cloudapi::CloudApiClient& client)
    : host_(host) {
    auto& cfg = host.config();
    const std::string tz = host.timeZone();
    counters::DayKey dayKey = [tz](const Poco::Timestamp& t) { return analytics::dayKeyFor(t, tz); };

    sending::SendEngineOptions opt;
    opt.owner = Poco::Environment::nodeName() + ":" + std::to_string(Poco::Process::id());
    opt.concurrency = cfg.getInt("sending.concurrency", 32);
    opt.maxAttempts = cfg.getInt("sending.max_attempts", 8);
    opt.entryLease = Poco::Timespan(cfg.getInt("sending.entry_lease_s", 60), 0);
    opt.accountLease = Poco::Timespan(cfg.getInt("sending.account_lease_s", 15), 0);
    opt.dayKey = dayKey;
    auto& db = host.database();
    engine_ = std::make_unique<sending::SendEngine>(
        db, client,
        [&accounts, &host, reported = std::make_shared<std::pair<std::mutex, std::set<long long>>>()](
            long long id) -> std::optional<sending::SenderAccount> {
            auto a = accounts.get(id);
            if (!a || !a->enabled) return std::nullopt;
            if (a->needsCredentials()) {
                // Skipped alone (its campaigns wait); asked every supervisor round, logged once.
                std::lock_guard lock(reported->first);
                if (reported->second.insert(id).second)
                    host.logger().warning("campaigns: sending skips account %s: requiere credenciales (%s)", std::to_string(id),
                                          a->secretsProblem);
                return std::nullopt;
            }
            return sending::SenderAccount{{a->graphBaseUrl, a->graphVersion, a->phoneNumberId, a->wabaId, a->accessToken},
                                          static_cast<double>(a->throughputPerSecond)};
        },
        [&db](long long campaignId, std::string& why) { return sending::loadPayloadBuilder(db, campaignId, why); }, opt,
        host.logger());
    // Answers that are exactly one of these words put the number on the suppression list.
    events_ = std::make_unique<EventProcessor>(
        db, host.logger(), dayKey,
        suppressions::OptOutKeywords(suppressions::OptOutKeywords::parseSetting(cfg.getString("optout.keywords", ""))));
    tickets_ = std::make_unique<TicketSync>(
        db, host.tickets(),
        [first = std::make_shared<FirstMessages>(db)](long long c, const std::string& p) { return (*first)(c, p); },
        host.logger());
    host.tickets().subscribe([this](const helpdesk::TicketEvent& e) {
        const auto entry = entryIdFromTicketKey(e.externalKey);
        if (!entry) return;
        if (e.kind == helpdesk::TicketEvent::Kind::AgentMessage) events_->markAddressed(*entry, e.at.epochMicroseconds() / 1000);
        else if (e.kind == helpdesk::TicketEvent::Kind::Closed) tickets_->ticketClosed(*entry);
    });
    panel_ = std::make_unique<EntryPanel>(db, "/campaigns/agent-static", tz);
    sendApi_ = std::make_unique<sending::SendApi>(db, [this] { wake(); }, dayKey);
}

SendingModule::~SendingModule() = default;

void SendingModule::registerRoutes(helpdesk::Router& router) {
    panel_->registerRoutes(router, host_.tickets());
    sendApi_->registerRoutes(router);
}

void SendingModule::start() {
    engine_->start();
    auto& cfg = host_.config();
    tasks_.push_back(host_.scheduler().every(
        "campaigns.webhook-events", std::chrono::milliseconds(cfg.getInt("sending.events_poll_ms", 200)), [this] {
            // Drain what is there, a bounded amount per run so other tasks get their turn. A batch
            // that fails was rolled back whole and is taken again on the next run.
            try {
                for (int i = 0; i < 40 && events_->processBatch(500) > 0; ++i) {
                }
            } catch (const std::exception& e) {
                host_.logger().error("campaigns: applying webhook events failed; retried in the next run: %s",
                                     storage::briefError(e));
            }
        }));
    tasks_.push_back(host_.scheduler().every("campaigns.tickets",
                                             std::chrono::milliseconds(cfg.getInt("sending.tickets_poll_ms", 1000)),
                                             [this] { tickets_->runOnce(); }));
}

void SendingModule::wake() { engine_->wake(); }

void SendingModule::stop(std::chrono::milliseconds budget) {
    for (auto id : tasks_) host_.scheduler().cancel(id);
    tasks_.clear();
    engine_->stop(budget);
}

} // namespace campaigns::tracking
