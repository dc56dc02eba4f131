// Drives the simulator at its configured per-number rate over kept-alive connections while a
// local receiver takes its status webhooks, and prints sends/s and webhook events/s, so a
// benchmark of the sender can tell whether the simulator itself is the bottleneck.
#include "Simulator.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

std::atomic<std::uint64_t> events{0};

class CountingHandler : public Poco::Net::HTTPRequestHandler {
public:
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        std::string body;
        Poco::StreamCopier::copyToString(request.stream(), body);
        std::uint64_t n = 0;
        for (std::size_t pos = 0; (pos = body.find("\"status\":\"", pos)) != std::string::npos; ++pos) ++n;
        events += n;
        response.setContentLength(0);
        response.send();
    }
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new CountingHandler;
    }
};

} // namespace

int main(int argc, char** argv) {
    int seconds = argc > 1 ? std::stoi(argv[1]) : 5;
    int clients = argc > 2 ? std::stoi(argv[2]) : 16;
    int mps = argc > 3 ? std::stoi(argv[3]) : 1000;

    Poco::Net::ServerSocket receiverSocket(Poco::Net::SocketAddress("127.0.0.1", 0));
    Poco::Net::HTTPServer receiver(new Factory, receiverSocket, new Poco::Net::HTTPServerParams);
    receiver.start();

    cloudsim::SimConfig config;
    config.statsLogIntervalS = 0;
    config.throughputMps = mps;
    config.pRead = 1.0;
    config.pDelivered = 1.0;
    config.webhookUrl = "http://127.0.0.1:" + std::to_string(receiverSocket.address().port()) + "/hook";
    cloudsim::Simulator sim(config);
    sim.start();

    std::atomic<std::uint64_t> accepted{0}, limited{0}, next{0};
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&] {
            Poco::Net::HTTPClientSession session("127.0.0.1", sim.port());
            session.setKeepAlive(true);
            auto interval = std::chrono::microseconds(1000000LL * clients / mps);
            auto due = std::chrono::steady_clock::now();
            while (std::chrono::steady_clock::now() < deadline) {
                std::string to = "55119" + std::to_string(10000000 + next++);
                std::string body =
                    R"({"messaging_product":"whatsapp","to":")" + to +
                    R"(","type":"template","biz_opaque_callback_data":"bench","template":{"name":"bienvenida","language":{"code":"es"},"components":[{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"1"}]}]}})";
                Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/v23.0/100000000000001/messages",
                                           Poco::Net::HTTPMessage::HTTP_1_1);
                req.set("Authorization", "Bearer sim-token");
                req.setContentType("application/json");
                req.setContentLength(static_cast<std::streamsize>(body.size()));
                req.setKeepAlive(true);
                session.sendRequest(req) << body;
                Poco::Net::HTTPResponse resp;
                Poco::NullOutputStream sink;
                Poco::StreamCopier::copyStream(session.receiveResponse(resp), sink);
                (resp.getStatus() == 200 ? accepted : limited)++;
                due += interval;
                std::this_thread::sleep_until(due);
            }
        });
    }
    for (auto& t : threads) t.join();
    double sendSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    sim.webhooks().flush(30000, true);
    double allSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "accepted/s " << accepted / sendSeconds << " (target " << mps << "), rejected " << limited
              << ", webhook status events/s " << events / allSeconds << " (" << events << " events)\n";
    sim.stop();
    receiver.stopAll(true);
    return 0;
}
