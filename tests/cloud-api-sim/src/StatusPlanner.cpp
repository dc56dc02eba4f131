#include "StatusPlanner.h"

#include "GraphError.h"
#include "WebhookPayloads.h"

#include <algorithm>
#include <chrono>

namespace cloudsim {
namespace {

bool chance(std::mt19937_64& rng, double p) {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return std::uniform_real_distribution<double>(0.0, 1.0)(rng) < p;
}

std::int64_t jitter(std::mt19937_64& rng, int maxMs) {
    return maxMs <= 0 ? 0 : std::uniform_int_distribution<std::int64_t>(0, maxMs)(rng);
}

bool endsWith(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

std::int64_t steadyMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int ruleCodeFor(const SimConfig& config, const std::string& waId, RuleMode mode) {
    if (mode == RuleMode::Async && std::find(config.undeliverableNumbers.begin(), config.undeliverableNumbers.end(), waId) !=
                                       config.undeliverableNumbers.end())
        return 131026;
    for (const auto& rule : config.rules)
        if (rule.mode == mode && endsWith(waId, rule.suffix)) return rule.code;
    return 0;
}

std::vector<WebhookEvent> planWebhooks(const SimConfig& config, const AcceptedMessage& message, std::int64_t nowSteadyMs,
                                       std::int64_t nowEpochS, std::mt19937_64& rng, WamidFactory& wamids) {
    struct Planned {
        std::string status;
        std::int64_t delayMs;
        std::string errorJson;
    };
    std::vector<Planned> planned;
    int failCode = ruleCodeFor(config, message.waId, RuleMode::Async);
    if (failCode == 0 && chance(rng, config.pFailed)) failCode = config.failedCode;

    std::int64_t readAt = -1;
    if (failCode != 0) {
        planned.push_back({"failed", config.sentDelayMs + jitter(rng, config.delayJitterMs), asyncErrorJson(failCode)});
    } else {
        if (chance(rng, config.pSent)) planned.push_back({"sent", config.sentDelayMs + jitter(rng, config.delayJitterMs), {}});
        if (chance(rng, config.pDelivered)) {
            planned.push_back({"delivered", config.deliveredDelayMs + jitter(rng, config.delayJitterMs), {}});
            if (chance(rng, config.pRead)) {
                readAt = config.readDelayMs + jitter(rng, config.delayJitterMs);
                planned.push_back({"read", readAt, {}});
            }
        }
    }

    std::vector<WebhookEvent> out;
    auto push = [&](WebhookEvent ev, std::int64_t logicalDelay) {
        // Out of order: the event's timestamp keeps its logical time, its arrival does not.
        std::int64_t arrival = logicalDelay;
        if (config.outOfOrder) arrival = jitter(rng, std::max({config.sentDelayMs, config.deliveredDelayMs, config.readDelayMs}));
        ev.dueMs = nowSteadyMs + arrival;
        if (chance(rng, config.duplicateRate)) {
            WebhookEvent copy = ev;
            copy.dueMs += jitter(rng, std::max(50, config.delayJitterMs));
            out.push_back(std::move(copy));
        }
        out.push_back(std::move(ev));
    };

    for (const auto& p : planned) {
        StatusFields s;
        s.wamid = message.wamid;
        s.status = p.status;
        s.timestampS = nowEpochS + p.delayMs / 1000;
        s.recipientId = message.waId;
        s.bizOpaque = message.bizOpaque;
        s.category = message.category;
        s.errorJson = p.errorJson;
        WebhookEvent ev;
        ev.kind = EventKind::Status;
        ev.phoneNumberId = message.phoneNumberId;
        ev.fragment = statusJson(s);
        push(std::move(ev), p.delayMs);
    }

    if (readAt >= 0 && chance(rng, config.replyProbability)) {
        std::int64_t delay = readAt + config.replyDelayMs;
        std::string payload;
        std::string text = config.replyText;
        if (!message.quickReplies.empty() && chance(rng, config.replyButtonShare)) {
            const auto& qr =
                message.quickReplies[std::uniform_int_distribution<std::size_t>(0, message.quickReplies.size() - 1)(rng)];
            payload = qr.payload;
            text = qr.text;
        }
        auto ev = inboundEvent(config, message.phoneNumberId, message.waId, message.wamid, text, payload, 0,
                               nowEpochS + delay / 1000, wamids);
        push(std::move(ev), delay);
    }
    return out;
}

WebhookEvent inboundEvent(const SimConfig& config, const std::string& phoneNumberId, const std::string& from,
                          const std::string& contextWamid, const std::string& text, const std::string& buttonPayload,
                          std::int64_t dueSteadyMs, std::int64_t epochS, WamidFactory& wamids) {
    WebhookEvent ev;
    ev.kind = EventKind::Inbound;
    ev.dueMs = dueSteadyMs;
    ev.phoneNumberId = phoneNumberId;
    std::string id = wamids.next(from);
    ev.fragment = buttonPayload.empty()
                      ? inboundTextJson(from, id, epochS, config.displayPhoneNumber, contextWamid, text)
                      : inboundButtonJson(from, id, epochS, config.displayPhoneNumber, contextWamid, buttonPayload, text);
    ev.contact = contactJson(from, "Cliente " + from.substr(from.size() > 4 ? from.size() - 4 : 0));
    return ev;
}

} // namespace cloudsim
