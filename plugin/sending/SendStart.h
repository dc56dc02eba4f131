#pragma once
// The one way a campaign starts sending: "Enviar Campaña" (SendApi) and the scheduler
// (scheduling/CampaignScheduler) both call startSending, so a scheduled start passes exactly the
// checks of a manual one: the campaign's state, the approval a large campaign needs, the account's
// daily limit. The move is one conditional UPDATE, so of several callers at once (hosts, a click
// and the scheduler) only one starts the campaign; the WABA's limit check and that UPDATE are one
// transaction serialised per WABA (planning::lockWaba), so two campaigns of one WABA started at once
// cannot both pass the check and together exceed the limit.
#include <helpdesk/Database.h>

#include <optional>
#include <string>
#include <vector>

namespace campaigns::sending {

struct StartRequest {
    long long campaignId = 0;
    std::vector<std::string> from{"loaded"}; // states the campaign may start from
    // Extra fixed SQL condition of the UPDATE (e.g. " AND start_at <= ?") and its values.
    std::string extraWhere;
    std::vector<std::string> extraWhereValues;
    // When set, stored as hold_until in the same UPDATE (a send window that is closed now).
    std::optional<std::string> holdUntil;
    // Campaigns with more entries than this need approved_at (0 = approval off).
    long long approvalMinRecipients = 0;
    // The administrator asking (0 = the scheduler); recorded when approval is missing.
    long long requestedBy = 0;
    std::string stateRefusal = "Solo se puede enviar una campaña en estado Cargada.";
};

// Throws helpdesk::HttpError (404 campaign_not_found, 409 invalid_state / approval_required /
// daily_limit, with a Spanish message) when a check refuses. Returns false when the campaign was
// no longer in a `from` state (or extraWhere failed) at the moment of the UPDATE: someone else
// started or changed it.
bool startSending(helpdesk::Database& db, const StartRequest& request);

// Throws 409 approval_required when the campaign needs a second administrator's approval and has
// none (records `requestedBy` as the one who asked). Used before sending and before scheduling.
void requireApproval(helpdesk::Database& db, long long campaignId, long long approvalMinRecipients, long long requestedBy);

} // namespace campaigns::sending
