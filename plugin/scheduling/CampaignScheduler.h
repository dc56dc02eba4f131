#pragma once
// The background half of "Programar envío": each round starts the scheduled campaigns that are
// due and applies send windows. It is safe on several hosts at once and after restarts: a start is
// sending/SendStart's conditional UPDATE (state = 'scheduled' AND start_at <= now), so exactly
// one round anywhere starts a campaign, and a campaign that fell due while every host was down
// starts at the first round after, with a log line saying how late. A start the checks refuse
// (daily limit, approval) sends the campaign back to "Cargada" with the Spanish reason. The clock
// is injected so tests play minutes and DST changes without waiting.
#include "scheduling/ScheduleStore.h"

#include <helpdesk/Database.h>

#include <Poco/Logger.h>
#include <Poco/Timestamp.h>

#include <functional>
#include <optional>
#include <string>

namespace campaigns::scheduling {

struct SchedulerOptions {
    std::string timeZone = "UTC";           // the installation's (host.timeZone())
    long long approvalMinRecipients = 0;    // approval.min_recipients; 0 = off
    std::function<Poco::Timestamp()> clock; // empty: the real time
    std::function<void()> wake;             // nudges the send engine after a start or release
};

class CampaignScheduler {
public:
    CampaignScheduler(helpdesk::Database& db, Poco::Logger& logger, SchedulerOptions options);

    struct Round {
        int started = 0, refused = 0, held = 0, released = 0;
    };
    // One round at clock(); what it changed (tests read it, the task ignores it).
    Round runOnce();
    Poco::Timestamp now() const;
    // When the campaign's send window is closed now: the next window start as stored UTC text
    // (what a start stores as hold_until), else nullopt.
    std::optional<std::string> holdFor(long long campaignId);

private:
    void startDue(const ScheduleRow& row, const Poco::Timestamp& now, Round& round);
    void applyWindow(const ScheduleRow& row, const Poco::Timestamp& now, Round& round);
    void wake() const;

    helpdesk::Database& db_;
    Poco::Logger& logger_;
    SchedulerOptions options_;
    ScheduleStore store_;
};

} // namespace campaigns::scheduling
