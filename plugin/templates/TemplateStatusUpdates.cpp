#include "templates/TemplateStatusUpdates.h"

#include "storage/DatabaseErrors.h"
#include "storage/Transaction.h"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cctype>

namespace campaigns::templates {

namespace {

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

bool isStatusWord(const std::string& s) {
    return !s.empty() && s.size() <= 32 &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isupper(c) || c == '_'; });
}

std::string textOf(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    if (!o || !o->has(key) || o->isNull(key)) return {};
    return o->get(key).convert<std::string>();
}

struct TemplateEvent {
    std::string wabaId, name, language, otherInfoTitle;
};

TemplateEvent readPayload(const std::string& payload) {
    Poco::JSON::Parser parser;
    auto root = parser.parse(payload).extract<Poco::JSON::Object::Ptr>();
    TemplateEvent e;
    e.wabaId = textOf(root, "waba_id");
    auto value = root ? root->getObject("value") : nullptr;
    e.name = textOf(value, "message_template_name");
    e.language = textOf(value, "message_template_language");
    if (value) e.otherInfoTitle = textOf(value->getObject("other_info"), "title");
    return e;
}

} // namespace

std::optional<std::string> statusAfterEvent(const std::string& event, const std::string& otherInfoTitle) {
    const std::string e = upper(event);
    if (upper(otherInfoTitle) == "UNPAUSE") return std::string("APPROVED");
    if (e == "REINSTATED" || e == "UNPAUSE" || e == "UNPAUSED" || e == "UNARCHIVED") return std::string("APPROVED");
    if (e == "FLAGGED") return std::nullopt;
    if (!isStatusWord(e)) return std::nullopt;
    return e; // APPROVED, PENDING, REJECTED, PAUSED, DISABLED, IN_APPEAL, LIMIT_EXCEEDED, LOCKED, ARCHIVED, ...
}

TemplateStatusUpdates::TemplateStatusUpdates(helpdesk::Database& db, webhooks::WebhookEventStore& events, TemplateStore& store,
                                             Poco::Logger& log)
    : db_(db), events_(events), store_(store), log_(log) {}

std::size_t TemplateStatusUpdates::drain(std::size_t limit) {
    const auto pending = events_.pending(limit, webhooks::WebhookEvent::Kind::TemplateStatus);
    for (const auto& stored : pending) apply(stored);
    return pending.size();
}

void TemplateStatusUpdates::apply(const webhooks::StoredEvent& stored) {
    TemplateEvent e;
    try {
        e = readPayload(stored.event.payload);
    } catch (const Poco::Exception& ex) {
        // The receiver stored it from valid JSON; an unreadable payload will never become readable,
        // so it is recorded as handled rather than retried forever.
        log_.error("campaigns: template event %s has an unreadable payload (%s); marked processed", std::to_string(stored.id),
                   ex.displayText());
    }
    const auto status = statusAfterEvent(stored.event.status, e.otherInfoTitle);
    // Marked first, before the listener pauses campaigns: the lock order of the status processor
    // (its queue, then the campaigns), as in quality::QualityEvents; a lock conflict is run again.
    AfterCommit afterCommit;
    const int changed = storage::retryOnLockConflict([&] {
        return storage::inWriteTransaction(db_, [&](Poco::Data::Session& s) {
            events_.markProcessed(s, {stored.id});
            int n = 0;
            afterCommit = nullptr;
            if (status) n = store_.updateStatus(s, stored.event.wamid, e.wabaId, e.name, normalizeLanguage(e.language), *status);
            // Whether or not the row changed: the template sync may have stored PAUSED before this event.
            if (status && listener_)
                afterCommit = listener_(s, stored.event.wamid, e.wabaId, e.name, normalizeLanguage(e.language), *status);
            return n;
        });
    });
    if (afterCommit) afterCommit();
    log_.information("campaigns: template %s (%s, id %s) event %s -> %s, %d stored template(s) changed", e.name, e.language,
                     stored.event.wamid, stored.event.status, status ? *status : std::string("sin cambio"), changed);
}

} // namespace campaigns::templates
