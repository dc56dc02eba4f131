#include "webhooks/WebhookReceiver.h"

#include "webhooks/WebhookSignature.h"

#include <helpdesk/RequestBody.h>

#include <Poco/DigestEngine.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <istream>

namespace campaigns::webhooks {

CachedSecrets::CachedSecrets(std::function<WebhookSecrets()> load, std::chrono::milliseconds ttl)
    : load_(std::move(load)), ttl_(ttl) {}

WebhookSecrets CachedSecrets::get() {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (!valid_ || now - loadedAt_ > ttl_) {
        cached_ = load_();
        loadedAt_ = now;
        valid_ = true;
    }
    return cached_;
}

void CachedSecrets::invalidate() {
    std::lock_guard lock(mutex_);
    valid_ = false;
}

WebhookReceiver::WebhookReceiver(WebhookEventStore& store, CachedSecrets& secrets, Poco::Logger& log,
                                 std::function<void()> onStored)
    : store_(store), secrets_(secrets), log_(log), onStored_(std::move(onStored)) {}

WebhookReceiver::Answer WebhookReceiver::verify(const std::string& mode, const std::string& token, const std::string& challenge) {
    if (mode != "subscribe") return {400, "hub.mode debe ser subscribe", 0};
    if (verifyTokenMatches(token, secrets_.get().verifyTokens)) return {200, challenge, 0};
    log_.warning("campaigns: webhook verification refused: the verify token matches no enabled account");
    return {403, "token de verificación incorrecto", 0};
}

namespace {

// The accounts whose app secret signed the body (several when accounts share a Meta app).
std::vector<WebhookSecrets::Signer> signersOf(const std::string& rawBody, const std::string& header,
                                              const WebhookSecrets& secrets) {
    std::vector<WebhookSecrets::Signer> out;
    for (const auto& s : secrets.signers)
        if (signatureMatches(rawBody, header, {s.appSecret})) out.push_back(s);
    return out;
}

// An event speaks for a number (its metadata.phone_number_id) or, without one, for its entry's
// WABA; it is applied only when one of the accounts that signed the body owns that number or
// WABA. Otherwise the holder of one account's app secret could report deliveries, replies or
// opt-outs, or pause campaigns, of every other account. A body kept raw (unparsed) is applied to
// nothing, so it stays.
bool signedBy(const WebhookEvent& e, const std::vector<WebhookSecrets::Signer>& signers) {
    if (e.kind == WebhookEvent::Kind::Other && e.status == "unparsed") return true;
    for (const auto& s : signers) {
        if (!e.phoneNumberId.empty() ? e.phoneNumberId == s.phoneNumberId : e.wabaId == s.wabaId) return true;
    }
    return false;
}

} // namespace

WebhookReceiver::Answer WebhookReceiver::receive(const std::string& rawBody, const std::string& signatureHeader) {
    const auto signers = signersOf(rawBody, signatureHeader, secrets_.get());
    if (signers.empty()) {
        // A changed app secret shows up here first; the log says so without any secret in it.
        log_.warning("campaigns: webhook refused: X-Hub-Signature-256 %s matches no enabled account's app secret",
                     std::string(signatureHeader.empty() ? "missing" : "present but wrong"));
        return {401, "firma inválida", 0};
    }
    std::vector<WebhookEvent> events;
    try {
        events = parseWebhookBody(rawBody);
    } catch (const Poco::Exception& e) {
        // Signed by Meta but not JSON we understand: keep it whole rather than lose it.
        log_.error("campaigns: signed webhook body could not be parsed (%s); stored raw", e.displayText());
        Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
        sha.update(rawBody);
        WebhookEvent raw;
        raw.kind = WebhookEvent::Kind::Other;
        raw.status = "unparsed";
        raw.payload = rawBody;
        raw.dedupeKey = "raw:" + Poco::DigestEngine::digestToHex(sha.digest());
        events.push_back(std::move(raw));
    }
    const auto foreign = std::stable_partition(events.begin(), events.end(), [&](const auto& e) { return signedBy(e, signers); });
    if (foreign != events.end()) {
        log_.warning(
            "campaigns: webhook: %z event(s) for number %s / WABA %s dropped: the app secret that signed the body is "
            "not that account's",
            static_cast<std::size_t>(events.end() - foreign), foreign->phoneNumberId, foreign->wabaId);
        events.erase(foreign, events.end());
    }
    const std::size_t stored = store_.append(events);
    if (stored > 0 && onStored_) onStored_();
    return {200, "", stored};
}

void WebhookReceiver::handleGet(helpdesk::RequestContext& ctx) {
    Poco::Net::HTMLForm form(ctx.request);
    auto a = verify(form.get("hub.mode", ""), form.get("hub.verify_token", ""), form.get("hub.challenge", ""));
    ctx.response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(a.status));
    ctx.response.setContentType("text/plain; charset=utf-8");
    ctx.response.setContentLength(static_cast<std::streamsize>(a.body.size()));
    ctx.response.send() << a.body;
}

void WebhookReceiver::registerRoutes(helpdesk::Router& router) {
    const std::string path = "/campaigns/webhooks/whatsapp";
    router.add({"GET", path, helpdesk::Role::PublicSigned, [this](auto& ctx) { handleGet(ctx); }});
    router.add({"POST", path, helpdesk::Role::PublicSigned, [this](auto& ctx) { handlePost(ctx); }});
}

void WebhookReceiver::handlePost(helpdesk::RequestContext& ctx) {
    std::string body;
    try {
        body = helpdesk::readRequestBody(ctx.request, kMaxBody);
    } catch (const helpdesk::HttpError& e) {
        // Meta reads only the status: an empty 413, as before.
        ctx.response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(e.status));
        ctx.response.setContentLength(0);
        ctx.response.send();
        return;
    }
    auto a = receive(body, ctx.request.get("X-Hub-Signature-256", ""));
    ctx.response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(a.status));
    ctx.response.setContentType("text/plain; charset=utf-8");
    ctx.response.setContentLength(static_cast<std::streamsize>(a.body.size()));
    ctx.response.send() << a.body;
}

} // namespace campaigns::webhooks
