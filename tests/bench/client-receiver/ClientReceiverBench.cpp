// Issue figures for the Cloud API client and the webhook receiver, each printed next to its floor
// measured in the same run:
//   1. the simulator's own capacity (no throughput limit, as fast as 32 connections go);
//   2. the client paced at the simulator's configured 1,000 msg/s for 30 s: achieved rate and its
//      deviation (budget: within 2 %);
//   3. the receiver: signed webhook POSTs of 100 statuses each from 4 connections for 10 s,
//      events committed per second (budget: >= 5,000/s) and p99 acknowledgement time.
// Database: SQLite by default, the MariaDB in HELPDESK_TEST_MYSQL when set.
// Run: bench_client_receiver [client-seconds] [receiver-seconds]
#include "Simulator.h"
#include "TestDatabase.h"
#include "cloudapi/CloudApiClient.h"
#include "cloudapi/PayloadBuilder.h"
#include "sending/TokenBucket.h"
#include "storage/MigrationRunner.h"
#include "webhooks/WebhookReceiver.h"
#include "webhooks/WebhookSignature.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

using Clock = std::chrono::steady_clock;
using namespace campaigns;

namespace {

const char* kTemplate =
    R"({"name":"bienvenida","language":"es","status":"APPROVED","category":"UTILITY","parameter_format":"POSITIONAL",)"
    R"("id":"1","components":[{"type":"BODY","text":"Hola {{1}}, tu caso {{2}} fue registrado."}]})";

struct SendRun {
    double seconds = 0;
    long long accepted = 0, throttled = 0, other = 0;
};

// `threads` workers send as fast as `bucket` allows (or unpaced when bucket is null).
SendRun sendFor(cloudsim::Simulator& sim, int seconds, int threads, sending::TokenBucket* bucket) {
    cloudapi::ConnectionPoolOptions o;
    o.maxPerEndpoint = static_cast<std::size_t>(threads);
    cloudapi::CloudApiClient client(cloudapi::ConnectionPool::create(o));
    cloudapi::AccountEndpoint account{"http://127.0.0.1:" + std::to_string(sim.port()), "v23.0", "100000000000001",
                                      "200000000000001", "sim-token"};
    cloudapi::PayloadBuilder builder(cloudapi::parseTemplate(kTemplate), {});
    std::atomic<long long> accepted{0}, throttled{0}, other{0}, seq{0};
    const auto end = Clock::now() + std::chrono::seconds(seconds);
    const auto start = Clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            std::string body;
            while (Clock::now() < end) {
                if (bucket) std::this_thread::sleep_until(bucket->reserve());
                if (Clock::now() >= end) break;
                const long long n = ++seq;
                char phone[24];
                std::snprintf(phone, sizeof phone, "569%08lld", n % 100000000);
                builder.buildInto(body, phone, {{"parametro_1", "Ana"}, {"parametro_2", std::to_string(n)}}, "bench");
                auto outcome = client.sendMessage(account, body);
                if (outcome.is<cloudapi::Accepted>())
                    ++accepted;
                else if (outcome.code() == 130429)
                    ++throttled;
                else
                    ++other;
            }
        });
    }
    for (auto& w : workers) w.join();
    SendRun r;
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    r.accepted = accepted;
    r.throttled = throttled;
    r.other = other;
    return r;
}

class Handler : public Poco::Net::HTTPRequestHandler {
public:
    explicit Handler(webhooks::WebhookReceiver& r) : r_(r) {}
    void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
        helpdesk::RequestContext ctx{req, resp, {}, std::nullopt, "es", ""};
        r_.handlePost(ctx);
    }

private:
    webhooks::WebhookReceiver& r_;
};
class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(webhooks::WebhookReceiver& r) : r_(r) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override { return new Handler(r_); }

private:
    webhooks::WebhookReceiver& r_;
};

} // namespace

int main(int argc, char** argv) {
    const int clientSeconds = argc > 1 ? std::atoi(argv[1]) : 30;
    const int receiverSeconds = argc > 2 ? std::atoi(argv[2]) : 10;

    // 1 and 2: the simulator's capacity, then the client paced at 1,000 msg/s.
    cloudsim::SimConfig cfg;
    cfg.statsLogIntervalS = 0;
    cfg.throughputMps = 1e9;
    cfg.pairLimitCount = 1000000;
    cloudsim::Simulator sim(cfg);
    sim.start();
    auto floor = sendFor(sim, 5, 32, nullptr);
    const double capacity = floor.accepted / floor.seconds;
    sim.config().update([](cloudsim::SimConfig& c) { c.throughputMps = 1000; });
    sim.reset(false);
    sending::TokenBucket bucket(1000 * 0.99);
    auto paced = sendFor(sim, clientSeconds, 32, &bucket);
    const double rate = paced.accepted / paced.seconds;
    const double deviation = 100.0 * (rate - 1000.0) / 1000.0;
    sim.stop();
    std::printf("simulator capacity (floor, unpaced, 32 connections): %.0f msg/s\n", capacity);
    std::printf(
        "client paced at the configured 1000 msg/s for %.1f s: %.1f msg/s accepted (%+.2f %%, budget +-2 %%), "
        "130429: %lld, other: %lld\n",
        paced.seconds, rate, deviation, paced.throttled, paced.other);

    // 3: the receiver committing status events.
    testsupport::TestDatabase db;
    campaigns::storage::MigrationRunner(db, CAMPAIGNS_SQL_DIR, Poco::Logger::get("bench")).run();
    webhooks::WebhookEventStore store(db);
    webhooks::CachedSecrets secrets(
        [] {
            return webhooks::WebhookSecrets{{{"sim-app-secret", "100000000000001", "1"}}, {"v"}};
        },
        std::chrono::seconds(600));
    webhooks::WebhookReceiver receiver(store, secrets, Poco::Logger::get("bench"), [] {});
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(8);
    Poco::Net::HTTPServer server(new Factory(receiver), socket, params);
    server.start();
    std::atomic<long long> seq{0}, posted{0};
    std::mutex latMutex;
    std::vector<double> latencies;
    const auto end = Clock::now() + std::chrono::seconds(receiverSeconds);
    const auto start = Clock::now();
    std::vector<std::thread> senders;
    for (int t = 0; t < 4; ++t) {
        senders.emplace_back([&] {
            Poco::Net::HTTPClientSession session("127.0.0.1", socket.address().port());
            session.setKeepAlive(true);
            std::vector<double> mine;
            while (Clock::now() < end) {
                std::string statuses;
                for (int i = 0; i < 100; ++i) {
                    const long long n = ++seq;
                    if (i) statuses += ",";
                    statuses +=
                        R"({"id":"wamid.B)" + std::to_string(n) +
                        R"(","status":"delivered","timestamp":"1750030073","recipient_id":"56911111111","biz_opaque_callback_data":"e=)" +
                        std::to_string(n) + R"(;a=x"})";
                }
                const std::string body =
                    R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"100000000000001"},"statuses":[)" +
                    statuses + "]}}]}]}";
                Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/campaigns/webhooks/whatsapp",
                                           Poco::Net::HTTPMessage::HTTP_1_1);
                req.setContentType("application/json");
                req.set("X-Hub-Signature-256", webhooks::signatureFor(body, "sim-app-secret"));
                req.setContentLength(static_cast<std::streamsize>(body.size()));
                const auto t0 = Clock::now();
                session.sendRequest(req) << body;
                Poco::Net::HTTPResponse resp;
                std::string ignored;
                Poco::StreamCopier::copyToString(session.receiveResponse(resp), ignored);
                mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
                if (resp.getStatus() == Poco::Net::HTTPResponse::HTTP_OK) posted += 100;
            }
            std::lock_guard lock(latMutex);
            latencies.insert(latencies.end(), mine.begin(), mine.end());
        });
    }
    for (auto& s : senders) s.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    server.stop();
    const auto committed = static_cast<long long>(store.countAll());
    std::sort(latencies.begin(), latencies.end());
    const double p99 = latencies.empty() ? 0 : latencies[latencies.size() * 99 / 100];
    std::printf(
        "receiver (%s): %lld events committed in %.1f s = %.0f events/s (budget >= 5000/s, next to the "
        "simulator's %.0f msg/s capacity); acknowledged %lld; p99 acknowledgement %.1f ms per 100-event POST "
        "(budget 250 ms)\n",
        db.dialect() == helpdesk::Dialect::MySQL ? "MariaDB" : "SQLite", committed, seconds, committed / seconds, capacity,
        static_cast<long long>(posted), p99);
    const bool ok = std::abs(deviation) <= 2.0 && committed / seconds >= 5000 && committed == posted;
    std::printf("%s\n", ok ? "within budget" : "OVER BUDGET");
    return ok ? 0 : 1;
}
