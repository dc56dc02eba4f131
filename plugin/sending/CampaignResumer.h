#pragma once
// The one way a paused campaign resumes: back to `sending` with its pause code and reason cleared,
// resumed_at now (the quality breaker judges what is sent from then on), and hold_until set in the
// same UPDATE to its send window's next opening when the window is closed now, or cleared. Used by
// the administrator's "Reanudar" (sending/SendApi) and by the resume after a Cloud API outage
// (sending/OutboxStore::resumeAfterOutage), so the two cannot drift apart. The hold is asked of the
// HoldPolicy (scheduling's send windows) before any transaction: its rules read the database.
#include <Poco/Data/Session.h>
#include <Poco/Nullable.h>

#include <functional>
#include <optional>
#include <string>

namespace campaigns::sending {

class CampaignResumer {
public:
    // A campaign's send-window hold if it resumes (or starts) now, as UTC text, or nullopt to send
    // at once. Not set (an empty function): never held.
    using HoldPolicy = std::function<std::optional<std::string>(long long campaignId)>;

    // The hold_until a campaign resuming now gets: the policy's answer, or null.
    static Poco::Nullable<std::string> holdFor(const HoldPolicy& policy, long long campaignId);
    // Resumes the campaign in `s` if it is paused and, when `onlyPauseCode` is given, paused with
    // that code; true when this call resumed it.
    static bool resumeIn(Poco::Data::Session& s, long long campaignId, const Poco::Nullable<std::string>& holdUntil,
                         const std::optional<std::string>& onlyPauseCode = std::nullopt);
};

} // namespace campaigns::sending
