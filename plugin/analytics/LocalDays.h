#pragma once
// The installation's local calendar (helpdesk::HostContext::timeZone(), an IANA name such as
// "America/Santiago"). Per-day counters are keyed by the LOCAL date of the event, so a date range
// chosen by an administrator counts exactly the events of those local days: the sending engine
// and the webhook applier call dayKeyFor() when they book a counter, the analytics read with the
// same days. Thread-safe (each call uses its own ICU objects).
#include "analytics/CivilDate.h"

#include <Poco/Timestamp.h>

#include <string>

namespace campaigns::analytics {

// Throws std::invalid_argument for a time zone ICU does not know.
void requireKnownTimeZone(const std::string& tz);

// The local day of an instant in `tz`, e.g. 2026-03-01T02:30Z in America/Santiago -> 2026-02-28.
CivilDate localDay(Poco::Timestamp when, const std::string& tz);
// The same as "YYYY-MM-DD": the value stored in campaigns_daily_counters.day.
std::string dayKeyFor(Poco::Timestamp when, const std::string& tz);

// "dd/MM/yyyy HH:mm" on the wall clock of `tz`, as the helpdesk shows times to its people.
std::string localDateTimeText(Poco::Timestamp when, const std::string& tz);

// The instant local midnight of `day` begins in `tz` (a day that starts with a DST jump begins at
// the first instant that exists).
Poco::Timestamp localDayStart(const CivilDate& day, const std::string& tz);

} // namespace campaigns::analytics
