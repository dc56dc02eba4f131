#pragma once
// Whether a campaign may START sending given what Meta last said about its number and template.
// The breaker pauses campaigns that are already sending; without this check a campaign scheduled
// for 09:00 (or sent by hand) on a number that turned RED or was restricted at 08:00 started and
// sent until the first error or the next rate check. sending::startSending asks it before moving a
// campaign to sending, so "Enviar Campaña", the scheduler and every other start refuse alike.
#include <helpdesk/Database.h>

#include <optional>
#include <string>

namespace campaigns::quality {

// The Spanish reason a start is refused, or nothing when it may start.
std::optional<std::string> startRefusal(helpdesk::Database& db, long long campaignId);

} // namespace campaigns::quality
