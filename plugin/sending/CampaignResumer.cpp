#include "sending/CampaignResumer.h"

#include "storage/SqlDialect.h"

#include <Poco/Data/Statement.h>

using namespace Poco::Data::Keywords;

namespace campaigns::sending {

namespace {

// hold_until: the send window's next opening, or none (NULL).
const std::string kResumePaused =
    "UPDATE campaigns_campaigns SET state = 'sending', pause_code = '', pause_reason = '', resumed_at = ?, updated_at = ?,"
    " hold_until = ? WHERE id = ? AND state = 'paused'";
const std::string kResumePausedFor = kResumePaused + " AND pause_code = ?";

} // namespace

Poco::Nullable<std::string> CampaignResumer::holdFor(const HoldPolicy& policy, long long campaignId) {
    const auto hold = policy ? policy(campaignId) : std::nullopt;
    return hold ? Poco::Nullable<std::string>(*hold) : Poco::Nullable<std::string>();
}

bool CampaignResumer::resumeIn(Poco::Data::Session& s, long long campaignId, const Poco::Nullable<std::string>& holdUntil,
                               const std::optional<std::string>& onlyPauseCode) {
    std::string ts = storage::utcNowText();
    Poco::Nullable<std::string> hold = holdUntil; // bound by reference
    Poco::Int64 id = campaignId;
    std::string code = onlyPauseCode.value_or("");
    Poco::Data::Statement st(s);
    st << (onlyPauseCode ? kResumePausedFor : kResumePaused), use(ts), use(ts), use(hold), use(id);
    if (onlyPauseCode) st, use(code);
    return st.execute() > 0;
}

} // namespace campaigns::sending
