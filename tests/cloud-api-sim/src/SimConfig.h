// Every knob of the simulator, settable the same way from a properties file, the command line
// (--set key=value) and POST /_sim/config, so one key list documents all three.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cloudsim {

enum class RuleMode { Sync, Async };

// "Numbers ending in <suffix> fail with <code>", either in the HTTP answer or as a failed webhook.
struct RecipientRule {
    std::string suffix;
    int code = 0;
    RuleMode mode = RuleMode::Async;
};

RecipientRule parseRule(const std::string& text); // "3=131026:async", "7=131050:sync"
std::string formatRule(const RecipientRule& rule);

struct SimConfig {
    int port = 0;
    std::string bindAddress = "127.0.0.1";
    int threads = 128;
    std::vector<std::string> accessTokens{"sim-token"};
    std::vector<std::string> phoneNumberIds{"100000000000001"};
    std::vector<std::string> wabaIds{"200000000000001"};
    std::string displayPhoneNumber = "15550001111";
    std::string verifiedName = "Simulador Cloud API";
    std::string qualityRating = "GREEN";
    std::string messagingLimitTier = "TIER_10K";
    std::string appSecret = "sim-app-secret";
    std::string webhookUrl;
    std::string templatesFile;

    double throughputMps = 80;
    int pairLimitCount = 45;
    int pairLimitWindowMs = 6000;
    int latencyMs = 0;
    int latencyJitterMs = 0;

    double pSent = 1.0;
    double pDelivered = 0.95;
    double pRead = 0.6;
    double pFailed = 0.0;
    int failedCode = 131026;
    int sentDelayMs = 20;
    int deliveredDelayMs = 100;
    int readDelayMs = 500;
    int delayJitterMs = 0;
    double duplicateRate = 0;
    bool outOfOrder = false;

    double replyProbability = 0;
    double replyButtonShare = 0.5;
    int replyDelayMs = 1000;
    std::string replyText = "Gracias, me interesa";

    int webhookBatchSize = 50;
    int webhookFlushMs = 20;
    int webhookSenders = 2;
    int webhookMaxAttempts = 6;
    int webhookRetryBaseMs = 250;
    int webhookTimeoutMs = 5000;

    double fail5xxRate = 0;
    std::string fail5xxMode = "131000"; // or "503": plain 503 without body
    double dropRate = 0;
    std::string dropMode = "drop_after_accept"; // or "drop_before_accept"
    std::vector<RecipientRule> rules;
    std::vector<std::string> undeliverableNumbers;

    std::size_t payloadCap = 10000;
    std::size_t mediaMaxBytes = 5 * 1024 * 1024;
    int statsLogIntervalS = 60;

    // Throws Poco::InvalidArgumentException (unknown key) or Poco::SyntaxException (bad value).
    void set(const std::string& key, const std::string& value);
    void applyProperties(const Poco::Util::AbstractConfiguration& props, const std::string& prefix);
    void applyJson(const Poco::JSON::Object& patch);
    Poco::JSON::Object::Ptr toJson() const;
    static std::vector<std::string> keys();

    bool tokenAccepted(const std::string& token) const;
    int phoneIndex(const std::string& phoneNumberId) const; // -1 when unknown
    const std::string& wabaFor(int phoneIndex) const;
};

// Request threads read a snapshot; a change copies, edits and swaps it, so no reader ever sees
// a half-applied patch and a failed patch changes nothing.
class ConfigStore {
public:
    explicit ConfigStore(SimConfig initial);
    std::shared_ptr<const SimConfig> get() const;
    void update(const std::function<void(SimConfig&)>& change);
    void restoreInitial();

private:
    mutable std::mutex mutex_;
    SimConfig initial_;
    std::shared_ptr<const SimConfig> current_;
};

} // namespace cloudsim
