#pragma once
// Applies the quality webhooks (phone_number_quality_update, account_update,
// message_template_quality_update: webhooks kind "quality") from the durable inbox, the way
// templates/TemplateStatusUpdates applies template statuses: each event in one transaction that
// stores what it says (NumberQualityStore, campaigns_template_quality), pauses the sending campaigns
// it concerns (QualitySignal.h decides) and marks the event processed. Also the listener
// TemplateStatusUpdates calls for a template that became PAUSED or DISABLED, inside its own
// transaction. Events name a WABA (the entry id). account_update concerns every source account of
// that WABA; phone_number_quality_update only the account whose number is value.display_phone_number
// (compared by digits with the number the account's connection test learned): a RED or flagged
// number does not stop its WABA's other numbers. When no account of the WABA has that number, nothing
// is stored nor paused and a warning names the WABA: pausing every number would be a guess.
#include "quality/CampaignPauser.h"
#include "quality/QualitySignal.h"
#include "webhooks/WebhookEventStore.h"

#include <helpdesk/Database.h>

#include <Poco/Logger.h>

#include <functional>
#include <string>
#include <vector>

namespace campaigns::quality {

class QualityEvents {
public:
    QualityEvents(helpdesk::Database& db, webhooks::WebhookEventStore& events, CampaignPauser& pauser, Poco::Logger& log);

    // Applies up to `limit` pending quality events in arrival order; returns how many it handled.
    std::size_t drain(std::size_t limit = 200);

    // On TemplateStatusUpdates' transaction: an event says a template's status is `status`, whether
    // it changed the stored one or the template sync had stored it first. Pauses its campaigns;
    // returns the log lines' writer, for the caller to run after its commit.
    std::function<void()> templateStatusChanged(Poco::Data::Session& s, const std::string& metaId, const std::string& wabaId,
                                                const std::string& name, const std::string& language, const std::string& status);

private:
    void apply(const webhooks::StoredEvent& stored);
    // What applying one signal did, for the log after the commit.
    struct Applied {
        std::vector<CampaignPauser::Paused> paused;
        bool numberUnknown = false; // phone_number_quality_update for a number no account of the WABA has recorded
        std::size_t accounts = 0;   // accounts whose quality was stored
    };
    Applied applySignal(Poco::Data::Session& s, const QualitySignal& signal, const std::optional<QualityPause>& pause);

    helpdesk::Database& db_;
    webhooks::WebhookEventStore& events_;
    CampaignPauser& pauser_;
    Poco::Logger& log_;
};

// The stored templates an event names: by Meta's id, else by name and language within the WABA.
std::vector<long long> templatesNamed(Poco::Data::Session& s, const std::string& metaId, const std::string& wabaId,
                                      const std::string& name, const std::string& language);

} // namespace campaigns::quality
