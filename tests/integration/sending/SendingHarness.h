#pragma once
// Everything between a stored campaign and its final state, wired as the plugin wires it, against
// the Cloud API simulator running in-process: the send engine, a webhook receiver on a real HTTP
// port that the simulator posts to, the event processor, ticket sync with in-memory tickets.
#include "FakeTickets.h"
#include "Simulator.h"
#include "TestDatabase.h"
#include "accounts/AccountStore.h"
#include "cloudapi/CloudApiClient.h"
#include "counters/Recount.h"
#include "sending/SendEngine.h"
#include "tracking/EventProcessor.h"
#include "tracking/TicketSync.h"
#include "webhooks/WebhookReceiver.h"

#include <Poco/Net/HTTPServer.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <thread>
#include <vector>

namespace sendtest {

struct CampaignSpec {
    int entries = 100;
    bool expectsResponse = true;
    int waitHours = 2;
    // Phone of row i (1-based); default: distinct Chilean mobiles.
    std::function<std::string(int)> phone;
    // Another template than `bienvenida`: Meta's template JSON, its name, and the header media id.
    std::string templateJson, templateName, headerMediaId;
    // Row values in the template's parameter order.
    std::function<std::string(int)> paramsJson;
    // The sending account (addAccount); 0: the harness's first account.
    long long accountId = 0;
};

inline CampaignSpec plainCampaign(int entries, bool expectsResponse, int waitHours) {
    CampaignSpec spec;
    spec.entries = entries;
    spec.expectsResponse = expectsResponse;
    spec.waitHours = waitHours;
    return spec;
}

// A webhook body with one text message from `from` that quotes nothing (no context.id, as when a
// customer just types), its message id `id`, stamped now.
std::string unquotedReplyBody(const std::string& from, const std::string& id);

// Index and table entries the MariaDB server read so far, every session together
// (Handler_read_next, _prev and _rnd_next): what a query cost, however it was planned.
long long handlerReads(testsupport::TestDatabase& db);

class SendingHarness {
public:
    explicit SendingHarness(const std::function<void(cloudsim::SimConfig&)>& tune = {});
    ~SendingHarness();

    long long createCampaign(const CampaignSpec& spec);
    void startSending(long long campaignId);
    // Puts them in `sending` in one transaction, then wakes the first engine only (as the route of
    // "Enviar campaña" wakes its own instance's): the other engines find them on their next round.
    void startSending(const std::vector<long long>& campaignIds);
    // Another source account with its `bienvenida` template, on a number the simulator serves
    // (SimConfig::phoneNumberIds, set through the constructor's `tune`), same WABA.
    long long addAccount(const std::string& phoneNumberId);
    // Another host instance on the same database: a started send engine named `owner` in the
    // leases, stopped by the harness before the first one.
    campaigns::sending::SendEngine& addEngine(const std::string& owner);
    // Waits until `done` holds (checked every 100 ms) or fails the test after `seconds`.
    void waitFor(const std::function<bool()>& done, int seconds, const std::string& what);
    bool finished(long long campaignId);
    // Waits until the simulator delivered every webhook and every stored event was applied.
    void settle(int seconds = 60);
    std::string state(long long campaignId);
    // One text column of an entry ("state", "error_reason", ...), for assertions.
    std::string entryText(long long entryId, const std::string& column);
    // Simulator side: recipients that received the same campaign message more than once.
    std::size_t duplicatedRecipients();
    std::uint64_t acceptedBySimulator();

    testsupport::TestDatabase& db() { return *db_; }
    testsupport::FakeTickets& tickets() { return tickets_; }
    cloudsim::Simulator& sim() { return *sim_; }
    campaigns::sending::SendEngine& engine() { return *engine_; }
    campaigns::tracking::EventProcessor& events() { return *processor_; }
    campaigns::tracking::TicketSync& ticketSync() { return *ticketSync_; }
    long long accountId() const { return accountId_; }
    // Stops the background webhook processing and ticket sync, for tests that play them.
    void stopPump();

private:
    void pump();
    std::unique_ptr<campaigns::sending::SendEngine> makeEngine(const std::string& owner);

    std::unique_ptr<testsupport::TestDatabase> db_;
    std::unique_ptr<cloudsim::Simulator> sim_;
    std::unique_ptr<campaigns::accounts::SecretBox> box_;
    std::unique_ptr<campaigns::accounts::AccountStore> accounts_;
    std::unique_ptr<campaigns::webhooks::WebhookEventStore> eventStore_;
    std::unique_ptr<campaigns::webhooks::CachedSecrets> secrets_;
    std::unique_ptr<campaigns::webhooks::WebhookReceiver> receiver_;
    std::unique_ptr<Poco::Net::HTTPServer> webhookServer_;
    std::unique_ptr<campaigns::cloudapi::CloudApiClient> client_;
    std::unique_ptr<campaigns::sending::SendEngine> engine_;
    std::vector<std::unique_ptr<campaigns::sending::SendEngine>> moreEngines_;
    std::map<long long, long long> templateOf_; // account id -> its `bienvenida` template
    std::unique_ptr<campaigns::tracking::EventProcessor> processor_;
    std::unique_ptr<campaigns::tracking::TicketSync> ticketSync_;
    testsupport::FakeTickets tickets_;
    long long accountId_ = 0;
    std::atomic<bool> pumping_{true};
    std::thread pump_;
};

} // namespace sendtest
