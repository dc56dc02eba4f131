#include "sending/SendingModule.h"

#include "accounts/AccountStore.h"
#include "sending/CampaignPayloads.h"
#include "sending/SendApi.h"
#include "sending/SendEngine.h"
#include "storage/Lease.h"

#include <memory>
#include <mutex>
#include <set>
#include <utility>

namespace campaigns::sending {

SendingModule::SendingModule(helpdesk::HostContext& host, accounts::AccountStore& accounts, cloudapi::CloudApiClient& client,
                             const counters::DayKey& dayKey) {
    auto& cfg = host.config();
    SendEngineOptions opt;
    opt.owner = storage::thisInstance();
    opt.concurrency = cfg.getInt("sending.concurrency", 32);
    opt.maxAttempts = cfg.getInt("sending.max_attempts", 8);
    opt.entryLease = Poco::Timespan(cfg.getInt("sending.entry_lease_s", 60), 0);
    opt.accountLease = Poco::Timespan(cfg.getInt("sending.account_lease_s", 15), 0);
    opt.dayKey = dayKey;
    auto& db = host.database();
    engine_ = std::make_unique<SendEngine>(
        db, client,
        [&accounts, &host, reported = std::make_shared<std::pair<std::mutex, std::set<long long>>>()](
            long long id) -> std::optional<SenderAccount> {
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
            return SenderAccount{{a->graphBaseUrl, a->graphVersion, a->phoneNumberId, a->wabaId, a->accessToken},
                                 static_cast<double>(a->throughputPerSecond)};
        },
        [&db](long long campaignId, std::string& why) { return loadPayloadBuilder(db, campaignId, why); }, opt, host.logger());
    sendApi_ = std::make_unique<SendApi>(
        db, [this] { wake(); }, dayKey, cfg.getInt64("approval.min_recipients", 0));
}

SendingModule::~SendingModule() = default;

void SendingModule::registerRoutes(helpdesk::Router& router) { sendApi_->registerRoutes(router); }

void SendingModule::start() { engine_->start(); }

void SendingModule::wake() { engine_->wake(); }

void SendingModule::setHoldPolicy(std::function<std::optional<std::string>(long long)> policy) {
    engine_->setHoldPolicy(policy);
    sendApi_->setHoldPolicy(std::move(policy));
}

void SendingModule::stop(std::chrono::milliseconds budget) { engine_->stop(budget); }

} // namespace campaigns::sending
