#pragma once
// The one way a campaign starts sending: "Enviar Campaña" (SendApi) and the scheduler
// (scheduling/CampaignScheduler) both call startSending, so a scheduled start passes exactly the
// checks of a manual one: the campaign's state, the approval a large campaign needs, the account's
// daily limit. The move is one conditional UPDATE, so of several callers at once (hosts, a click
// and the scheduler) only one starts the campaign; the WABA's limit check and that UPDATE are one
// transaction serialised per WABA (planning::lockWaba), so two campaigns of one WABA started at once
// cannot both pass the check and together exceed the limit.
//
// "Programar en tandas" (startInWaves) is the same start for a campaign the WABA's messaging limit
// (unique users per moving 24 h) does not cover: the waves are proposed again here, from the
// database at this moment (planning::proposeWaves, as the plan shows them), and the limit check
// applies to the first wave only. Each entry of a later wave gets next_attempt_at = its wave's
// start, in the same transaction as the start and the stored waves (campaigns_campaign_waves).
// That column is what the outbox already obeys for retries (OutboxStore claims queued entries
// whose next_attempt_at has come, in id order), so the waves need no new claim logic and survive
// restarts as they are: pause and resume flip the campaign's state and leave the entries' times
// alone (a resume never sends a future wave early), cancel cancels every queued entry, and a
// campaign with a wave still waiting has queued entries, so it does not finish. A per-campaign cap
// in the claim would have to count unique phones while claiming, and be kept right after pauses,
// failures and restarts; a time per entry is written once.
#include "planning/WavePlan.h"

#include <helpdesk/Database.h>

#include <Poco/Timestamp.h>

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

// Starts the campaign in the waves the WABA's limit allows at `now` and returns them as stored;
// nullopt when the campaign was no longer in a `from` state at the UPDATE (as startSending). The
// same refusals as startSending, except: 409 waves_not_needed when one wave covers the campaign
// (the normal send does), and 409 daily_limit when nothing of the limit is free now (the first
// wave could not start). Nothing is stored when it refuses or loses the race.
std::optional<std::vector<planning::Wave>> startInWaves(helpdesk::Database& db, const StartRequest& request,
                                                        const Poco::Timestamp& now);

// Throws 409 approval_required when the campaign needs a second administrator's approval and has
// none (records `requestedBy` as the one who asked). Used before sending and before scheduling.
void requireApproval(helpdesk::Database& db, long long campaignId, long long approvalMinRecipients, long long requestedBy);

} // namespace campaigns::sending
