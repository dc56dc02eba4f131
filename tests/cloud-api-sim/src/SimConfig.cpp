#include "SimConfig.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/NumberFormatter.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <algorithm>

namespace cloudsim {
namespace {

using Setter = std::function<void(SimConfig&, const std::string&)>;
using Getter = std::function<Poco::Dynamic::Var(const SimConfig&)>;

struct Field {
    const char* key;
    Setter set;
    Getter get;
};

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    Poco::StringTokenizer tokens(text, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& t : tokens) out.push_back(t);
    return out;
}

std::string joinList(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += ",";
        out += item;
    }
    return out;
}

Field intField(const char* key, int SimConfig::*member, int min, int max) {
    return {key,
            [=](SimConfig& c, const std::string& v) {
                int parsed = Poco::NumberParser::parse(Poco::trim(v));
                if (parsed < min || parsed > max) throw Poco::SyntaxException(std::string(key) + " out of range", v);
                c.*member = parsed;
            },
            [=](const SimConfig& c) { return Poco::Dynamic::Var(c.*member); }};
}

Field sizeField(const char* key, std::size_t SimConfig::*member) {
    return {key,
            [=](SimConfig& c, const std::string& v) {
                c.*member = static_cast<std::size_t>(Poco::NumberParser::parseUnsigned64(Poco::trim(v)));
            },
            [=](const SimConfig& c) { return Poco::Dynamic::Var(static_cast<Poco::UInt64>(c.*member)); }};
}

Field doubleField(const char* key, double SimConfig::*member, double min, double max) {
    return {key,
            [=](SimConfig& c, const std::string& v) {
                double parsed = Poco::NumberParser::parseFloat(Poco::trim(v));
                if (parsed < min || parsed > max) throw Poco::SyntaxException(std::string(key) + " out of range", v);
                c.*member = parsed;
            },
            [=](const SimConfig& c) { return Poco::Dynamic::Var(c.*member); }};
}

Field fractionField(const char* key, double SimConfig::*member) { return doubleField(key, member, 0.0, 1.0); }

Field boolField(const char* key, bool SimConfig::*member) {
    return {key, [=](SimConfig& c, const std::string& v) { c.*member = Poco::NumberParser::parseBool(Poco::trim(v)); },
            [=](const SimConfig& c) { return Poco::Dynamic::Var(c.*member); }};
}

Field stringField(const char* key, std::string SimConfig::*member, std::vector<std::string> allowed = {}) {
    return {key,
            [=](SimConfig& c, const std::string& v) {
                if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), v) == allowed.end())
                    throw Poco::SyntaxException(std::string(key) + " must be one of " + joinList(allowed), v);
                c.*member = v;
            },
            [=](const SimConfig& c) { return Poco::Dynamic::Var(c.*member); }};
}

Field listField(const char* key, std::vector<std::string> SimConfig::*member, bool nonEmpty) {
    return {key,
            [=](SimConfig& c, const std::string& v) {
                auto items = splitList(v);
                if (nonEmpty && items.empty()) throw Poco::SyntaxException(std::string(key) + " must not be empty");
                c.*member = items;
            },
            [=](const SimConfig& c) { return Poco::Dynamic::Var(joinList(c.*member)); }};
}

const std::vector<Field>& fields() {
    static const std::vector<Field> table = {
        intField("port", &SimConfig::port, 0, 65535),
        stringField("bind_address", &SimConfig::bindAddress),
        intField("threads", &SimConfig::threads, 2, 4096),
        listField("access_tokens", &SimConfig::accessTokens, true),
        listField("phone_number_ids", &SimConfig::phoneNumberIds, true),
        listField("waba_ids", &SimConfig::wabaIds, true),
        stringField("display_phone_number", &SimConfig::displayPhoneNumber),
        stringField("verified_name", &SimConfig::verifiedName),
        stringField("quality_rating", &SimConfig::qualityRating, {"GREEN", "YELLOW", "RED", "UNKNOWN"}),
        stringField("messaging_limit_tier", &SimConfig::messagingLimitTier),
        stringField("app_secret", &SimConfig::appSecret),
        stringField("webhook_url", &SimConfig::webhookUrl),
        stringField("templates_file", &SimConfig::templatesFile),
        doubleField("throughput_mps", &SimConfig::throughputMps, 0.001, 1e6),
        intField("pair_limit_count", &SimConfig::pairLimitCount, 1, 1000000),
        intField("pair_limit_window_ms", &SimConfig::pairLimitWindowMs, 1, 86400000),
        intField("latency_ms", &SimConfig::latencyMs, 0, 600000),
        intField("latency_jitter_ms", &SimConfig::latencyJitterMs, 0, 600000),
        fractionField("p_sent", &SimConfig::pSent),
        fractionField("p_delivered", &SimConfig::pDelivered),
        fractionField("p_read", &SimConfig::pRead),
        fractionField("p_failed", &SimConfig::pFailed),
        intField("failed_code", &SimConfig::failedCode, 0, 99999999),
        intField("sent_delay_ms", &SimConfig::sentDelayMs, 0, 86400000),
        intField("delivered_delay_ms", &SimConfig::deliveredDelayMs, 0, 86400000),
        intField("read_delay_ms", &SimConfig::readDelayMs, 0, 86400000),
        intField("delay_jitter_ms", &SimConfig::delayJitterMs, 0, 86400000),
        fractionField("duplicate_rate", &SimConfig::duplicateRate),
        boolField("out_of_order", &SimConfig::outOfOrder),
        fractionField("reply_probability", &SimConfig::replyProbability),
        fractionField("reply_button_share", &SimConfig::replyButtonShare),
        intField("reply_delay_ms", &SimConfig::replyDelayMs, 0, 86400000),
        stringField("reply_text", &SimConfig::replyText),
        intField("webhook_batch_size", &SimConfig::webhookBatchSize, 1, 1000),
        intField("webhook_flush_ms", &SimConfig::webhookFlushMs, 1, 60000),
        intField("webhook_senders", &SimConfig::webhookSenders, 1, 64),
        intField("webhook_max_attempts", &SimConfig::webhookMaxAttempts, 1, 100),
        intField("webhook_retry_base_ms", &SimConfig::webhookRetryBaseMs, 1, 3600000),
        intField("webhook_timeout_ms", &SimConfig::webhookTimeoutMs, 1, 600000),
        fractionField("fail_5xx_rate", &SimConfig::fail5xxRate),
        stringField("fail_5xx_mode", &SimConfig::fail5xxMode, {"131000", "503"}),
        fractionField("drop_rate", &SimConfig::dropRate),
        stringField("drop_mode", &SimConfig::dropMode, {"drop_after_accept", "drop_before_accept"}),
        {"rules",
         [](SimConfig& c, const std::string& v) {
             std::vector<RecipientRule> parsed;
             for (const auto& item : splitList(v)) parsed.push_back(parseRule(item));
             c.rules = parsed;
         },
         [](const SimConfig& c) {
             std::vector<std::string> texts;
             for (const auto& r : c.rules) texts.push_back(formatRule(r));
             return Poco::Dynamic::Var(joinList(texts));
         }},
        listField("undeliverable_numbers", &SimConfig::undeliverableNumbers, false),
        sizeField("payload_cap", &SimConfig::payloadCap),
        sizeField("media_max_bytes", &SimConfig::mediaMaxBytes),
        intField("stats_log_interval_s", &SimConfig::statsLogIntervalS, 0, 86400),
    };
    return table;
}

std::string varToSetting(const Poco::Dynamic::Var& value) {
    if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
        std::vector<std::string> items;
        for (const auto& item : *value.extract<Poco::JSON::Array::Ptr>()) items.push_back(item.convert<std::string>());
        return joinList(items);
    }
    return value.convert<std::string>();
}

} // namespace

RecipientRule parseRule(const std::string& text) {
    auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) throw Poco::SyntaxException("rule must look like <suffix>=<code>[:sync|async]", text);
    RecipientRule rule;
    rule.suffix = Poco::trim(text.substr(0, eq));
    std::string rest = text.substr(eq + 1);
    auto colon = rest.find(':');
    std::string mode = colon == std::string::npos ? "async" : Poco::trim(rest.substr(colon + 1));
    rule.code = Poco::NumberParser::parse(Poco::trim(rest.substr(0, colon)));
    if (mode == "sync")
        rule.mode = RuleMode::Sync;
    else if (mode == "async")
        rule.mode = RuleMode::Async;
    else
        throw Poco::SyntaxException("rule mode must be sync or async", text);
    if (rule.suffix.find_first_not_of("0123456789") != std::string::npos)
        throw Poco::SyntaxException("rule suffix must be digits", text);
    return rule;
}

std::string formatRule(const RecipientRule& rule) {
    return rule.suffix + "=" + Poco::NumberFormatter::format(rule.code) + (rule.mode == RuleMode::Sync ? ":sync" : ":async");
}

void SimConfig::set(const std::string& key, const std::string& value) {
    for (const auto& f : fields()) {
        if (key == f.key) {
            f.set(*this, value);
            return;
        }
    }
    throw Poco::InvalidArgumentException("unknown setting", key);
}

void SimConfig::applyProperties(const Poco::Util::AbstractConfiguration& props, const std::string& prefix) {
    for (const auto& f : fields()) {
        std::string name = prefix + f.key;
        if (props.hasProperty(name)) f.set(*this, props.getString(name));
    }
}

void SimConfig::applyJson(const Poco::JSON::Object& patch) {
    for (const auto& [key, value] : patch) set(key, varToSetting(value));
}

Poco::JSON::Object::Ptr SimConfig::toJson() const {
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& f : fields()) out->set(f.key, f.get(*this));
    return out;
}

std::vector<std::string> SimConfig::keys() {
    std::vector<std::string> out;
    for (const auto& f : fields()) out.push_back(f.key);
    return out;
}

bool SimConfig::tokenAccepted(const std::string& token) const {
    return !token.empty() && std::find(accessTokens.begin(), accessTokens.end(), token) != accessTokens.end();
}

int SimConfig::phoneIndex(const std::string& phoneNumberId) const {
    auto it = std::find(phoneNumberIds.begin(), phoneNumberIds.end(), phoneNumberId);
    return it == phoneNumberIds.end() ? -1 : static_cast<int>(it - phoneNumberIds.begin());
}

const std::string& SimConfig::wabaFor(int phoneIndex) const {
    // Numbers beyond the WABA list belong to the last WABA: a short list means "one WABA for all".
    std::size_t i = phoneIndex < 0 ? 0 : static_cast<std::size_t>(phoneIndex);
    return wabaIds[std::min(i, wabaIds.size() - 1)];
}

ConfigStore::ConfigStore(SimConfig initial)
    : initial_(initial), current_(std::make_shared<const SimConfig>(std::move(initial))) {}

std::shared_ptr<const SimConfig> ConfigStore::get() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return current_;
}

void ConfigStore::update(const std::function<void(SimConfig&)>& change) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto copy = std::make_shared<SimConfig>(*current_);
    change(*copy);
    current_ = copy;
}

void ConfigStore::restoreInitial() {
    std::lock_guard<std::mutex> lock(mutex_);
    current_ = std::make_shared<const SimConfig>(initial_);
}

} // namespace cloudsim
