// Decides, when a message is accepted, which webhooks it will produce and when: sent, delivered,
// read or failed, an optional customer reply, duplicates and out-of-order arrival, all driven by
// the configured probabilities and the per-recipient rules.
#pragma once

#include "SendValidator.h"
#include "SimConfig.h"
#include "WamidFactory.h"
#include "WebhookEvent.h"

#include <random>
#include <string>
#include <vector>

namespace cloudsim {

struct AcceptedMessage {
    std::string wamid;
    std::string waId;
    std::string phoneNumberId;
    std::string bizOpaque;
    std::string category; // template category, lowercase; empty for non-template messages
    std::vector<QuickReply> quickReplies;
};

// The code a recipient rule (or the undeliverable list) imposes in the given mode, 0 for none.
int ruleCodeFor(const SimConfig& config, const std::string& waId, RuleMode mode);

std::vector<WebhookEvent> planWebhooks(const SimConfig& config, const AcceptedMessage& message, std::int64_t nowSteadyMs,
                                       std::int64_t nowEpochS, std::mt19937_64& rng, WamidFactory& wamids);

// A customer message now: a text reply (or a button tap when buttonPayload is not empty) to
// contextWamid, or a fresh text when contextWamid is empty.
WebhookEvent inboundEvent(const SimConfig& config, const std::string& phoneNumberId, const std::string& from,
                          const std::string& contextWamid, const std::string& text, const std::string& buttonPayload,
                          std::int64_t dueSteadyMs, std::int64_t epochS, WamidFactory& wamids);

} // namespace cloudsim
