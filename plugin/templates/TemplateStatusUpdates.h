#pragma once
// Applies `message_template_status_update` webhook events from the durable inbox to the stored
// templates, each in one transaction with marking its event processed.
#include "templates/TemplateStore.h"
#include "webhooks/WebhookEventStore.h"

#include <helpdesk/Database.h>

#include <Poco/Logger.h>

#include <functional>
#include <optional>
#include <string>

namespace campaigns::templates {

// The stored status a template event leads to; nothing when the event does not change whether
// the template can be sent (FLAGGED only warns that a pause may follow).
std::optional<std::string> statusAfterEvent(const std::string& event, const std::string& otherInfoTitle = {});

class TemplateStatusUpdates {
public:
    TemplateStatusUpdates(helpdesk::Database& db, webhooks::WebhookEventStore& events, TemplateStore& store, Poco::Logger& log);

    // Applies up to `limit` pending template events in arrival order; returns how many it handled.
    std::size_t drain(std::size_t limit = 500);

    // Called inside the event's transaction with every status an event brings (meta id, WABA, name,
    // language, status), whether it changed the stored row or the template sync had stored it
    // already: the quality breaker pauses the campaigns of a PAUSED/DISABLED template (idempotent).
    // What it returns (may be empty) runs once the transaction committed: its log lines, so a
    // transaction run again after a lock conflict never logs a pause that was rolled back.
    using AfterCommit = std::function<void()>;
    using StatusListener = std::function<AfterCommit(Poco::Data::Session&, const std::string&, const std::string&,
                                                     const std::string&, const std::string&, const std::string&)>;
    void setStatusListener(StatusListener listener) { listener_ = std::move(listener); }

private:
    void apply(const webhooks::StoredEvent& stored);

    helpdesk::Database& db_;
    webhooks::WebhookEventStore& events_;
    TemplateStore& store_;
    Poco::Logger& log_;
    StatusListener listener_;
};

} // namespace campaigns::templates
