#include "tracking/TrackingModule.h"

#include "sending/CampaignPayloads.h"
#include "storage/DatabaseErrors.h"
#include "suppressions/OptOutKeywords.h"
#include "tracking/EntryPanel.h"
#include "tracking/EventProcessor.h"
#include "tracking/TicketSync.h"
#include "tracking/WebhookBacklog.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <map>
#include <memory>
#include <mutex>

namespace campaigns::tracking {

namespace {

// How long the webhook backlog's lease holds without renewal: the holder renews it every quarter
// of it, a standing-by instance asks as often, so the backlog waits at most this plus a quarter
// after its instance was killed (at once after a clean stop).
const Poco::Timespan kBacklogLease(6, 0);

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

TrackingModule::TrackingModule(helpdesk::HostContext& host, const counters::DayKey& dayKey, web::PageTemplates& text)
    : host_(host), backlogLease_(host.database(), storage::thisInstance(), kBacklogLease) {
    auto& cfg = host.config();
    auto& db = host.database();
    // Answers that are exactly one of these words put the number on the suppression list.
    events_ = std::make_unique<EventProcessor>(
        db, host.logger(), dayKey,
        suppressions::OptOutKeywords(suppressions::OptOutKeywords::parseSetting(cfg.getString("optout.keywords", ""))));
    backlog_ = std::make_unique<WebhookBacklog>(*events_, backlogLease_, host.logger());
    tickets_ = std::make_unique<TicketSync>(
        db, host.tickets(),
        [first = std::make_shared<FirstMessages>(db)](long long c, const std::string& p) { return (*first)(c, p); },
        host.logger());
    host.tickets().subscribe([this](const helpdesk::TicketEvent& e) {
        const auto entry = entryIdFromTicketKey(e.externalKey);
        if (!entry) return;
        if (e.kind == helpdesk::TicketEvent::Kind::AgentMessage)
            events_->markAddressed(*entry, e.at.epochMicroseconds() / 1000);
        else if (e.kind == helpdesk::TicketEvent::Kind::Closed)
            tickets_->ticketClosed(*entry);
    });
    panel_ = std::make_unique<EntryPanel>(db, text, "/campaigns/agent-static", host.timeZone());
}

TrackingModule::~TrackingModule() = default;

void TrackingModule::registerRoutes(helpdesk::Router& router) { panel_->registerRoutes(router, host_.tickets()); }

void TrackingModule::start() {
    auto& cfg = host_.config();
    tasks_.push_back(host_.scheduler().every("campaigns.webhook-events",
                                             std::chrono::milliseconds(cfg.getInt("sending.events_poll_ms", 200)),
                                             [this] { backlog_->runOnce(); }));
    tasks_.push_back(host_.scheduler().every("campaigns.tickets",
                                             std::chrono::milliseconds(cfg.getInt("sending.tickets_poll_ms", 1000)),
                                             [this] { tickets_->runOnce(); }));
}

void TrackingModule::stop() {
    for (auto id : tasks_) host_.scheduler().cancel(id);
    tasks_.clear();
    try {
        backlog_->release();
    } catch (const std::exception& e) {
        host_.logger().warning("campaigns: the webhook backlog lease of %s was not released (%s); it expires by itself",
                               backlogLease_.owner(), storage::briefError(e));
    }
}

} // namespace campaigns::tracking
