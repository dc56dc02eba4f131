// Runs a simulator in-process on an ephemeral port and talks to it over real HTTP.
#pragma once

#include "Simulator.h"

#include <Poco/JSON/Object.h>

#include <memory>
#include <string>

namespace simtest {

struct HttpResult {
    int status = 0;
    std::string body;
    Poco::JSON::Object::Ptr json() const; // throws when the body is not a JSON object
};

constexpr const char* kPhoneId = "100000000000001";
constexpr const char* kWabaId = "200000000000001";
constexpr const char* kToken = "sim-token";

// Quiet, fast defaults for tests: no stats log, short webhook delays, every status certain.
cloudsim::SimConfig testConfig();

class SimHarness {
public:
    explicit SimHarness(cloudsim::SimConfig config = testConfig());
    ~SimHarness();

    cloudsim::Simulator& sim() { return *sim_; }
    std::uint16_t port() const { return sim_->port(); }

    HttpResult request(const std::string& method, const std::string& path, const std::string& body = std::string(),
                       const std::string& token = kToken) const;
    HttpResult sendTemplate(const std::string& to, const std::string& name, const std::string& language,
                            const std::string& componentsJson, const std::string& bizOpaque = std::string(),
                            const std::string& token = kToken) const;
    HttpResult sendBienvenida(const std::string& to, const std::string& bizOpaque = std::string()) const;
    HttpResult control(const std::string& method, const std::string& path, const std::string& body = std::string()) const;

private:
    std::unique_ptr<cloudsim::Simulator> sim_;
};

std::string bodyParams(int n);
int errorCode(const HttpResult& result);

} // namespace simtest
