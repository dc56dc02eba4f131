#pragma once
#include "webhooks/WebhookEventStore.h"

#include <helpdesk/Http.h>

#include <Poco/Logger.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace campaigns::webhooks {

// What a POST is checked against: every enabled account's app secret with the number and WABA it
// may speak for, and every verify token.
struct WebhookSecrets {
    struct Signer {
        std::string appSecret;
        std::string phoneNumberId;
        std::string wabaId;
    };
    std::vector<Signer> signers;
    std::vector<std::string> verifyTokens;
};

// Keeps the opened secrets for a few seconds so a burst of POSTs does not decrypt every account
// on every request; `invalidate()` after an account changes.
class CachedSecrets {
public:
    CachedSecrets(std::function<WebhookSecrets()> load, std::chrono::milliseconds ttl);
    WebhookSecrets get();
    void invalidate();

private:
    std::function<WebhookSecrets()> load_;
    std::chrono::milliseconds ttl_;
    std::mutex mutex_;
    WebhookSecrets cached_;
    std::chrono::steady_clock::time_point loadedAt_{};
    bool valid_ = false;
};

// /campaigns/webhooks/whatsapp: GET answers Meta's verification challenge, POST checks the
// X-Hub-Signature-256 over the raw body, stores every event durably and answers 200 at once;
// applying the events to campaigns happens elsewhere, woken through `onStored`.
class WebhookReceiver {
public:
    WebhookReceiver(WebhookEventStore& store, CachedSecrets& secrets, Poco::Logger& log, std::function<void()> onStored);

    struct Answer {
        int status = 200;
        std::string body;
        std::size_t stored = 0;
    };
    Answer verify(const std::string& mode, const std::string& token, const std::string& challenge);
    Answer receive(const std::string& rawBody, const std::string& signatureHeader);

    // GET (Meta's subscription check) and POST (events) on /campaigns/webhooks/whatsapp, public:
    // the signature, not a session, authenticates them.
    void registerRoutes(helpdesk::Router& router);
    void handleGet(helpdesk::RequestContext& ctx);
    void handlePost(helpdesk::RequestContext& ctx);

    // Meta sends at most 3 MB; anything much larger is not from Meta.
    static constexpr std::size_t kMaxBody = 8 * 1024 * 1024;

private:
    WebhookEventStore& store_;
    CachedSecrets& secrets_;
    Poco::Logger& log_;
    std::function<void()> onStored_;
};

} // namespace campaigns::webhooks
