#pragma once
// The sending number's quality as Meta last reported it, per source account: quality rating
// (GREEN, YELLOW, RED, UNKNOWN), messaging limit tier (TIER_250 ... UNLIMITED), the last event
// (DOWNGRADE, FLAGGED, ACCOUNT_RESTRICTION, ...), whether it is restricted, and when. Written by
// QualityEvents from phone_number_quality_update and account_update webhooks; read by whoever
// shows it (the pre-send plan) through get(). A table of its own, so the accounts table and its
// sealed secrets are not rewritten on every quality webhook.
#include <helpdesk/Database.h>

#include <Poco/Data/Session.h>

#include <optional>
#include <string>

namespace campaigns::quality {

struct NumberQuality {
    long long accountId = 0;
    std::string qualityRating;      // GREEN | YELLOW | RED | UNKNOWN | '' (not reported yet)
    std::string messagingLimitTier; // TIER_250 ... UNLIMITED | ''
    std::string lastEvent;          // the webhook event that changed it last
    bool restricted = false;        // flagged or restricted by Meta, until an event lifts it
    std::string updatedAt;          // ISO 8601 UTC
};

class NumberQualityStore {
public:
    explicit NumberQualityStore(helpdesk::Database& db);

    // What is known about the account's number; nothing before the first event.
    std::optional<NumberQuality> get(long long accountId);

    // On the caller's transaction: stores an event's fields over what is known. An empty
    // rating or tier keeps the stored one (an event carries only what changed).
    static void record(Poco::Data::Session& s, const NumberQuality& q);
    static std::optional<NumberQuality> get(Poco::Data::Session& s, helpdesk::Dialect d, long long accountId);

private:
    helpdesk::Database& db_;
};

} // namespace campaigns::quality
