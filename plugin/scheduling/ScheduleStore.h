#pragma once
// The scheduling columns of campaigns_campaigns (migration 017): every write of issue 13 that is
// not the start itself (that is sending/SendStart's), each one conditional UPDATE on the state it
// expects, so two hosts or a click and the scheduler never both win.
#include "scheduling/SendWindow.h"

#include <helpdesk/Database.h>

#include <Poco/Timestamp.h>

#include <optional>
#include <string>
#include <vector>

namespace campaigns::scheduling {

// One campaign as the scheduler and the routes read it.
struct ScheduleRow {
    long long id = 0;
    std::string state;
    long long createdBy = 0;
    std::string startAt; // UTC "YYYY-MM-DD HH:MM:SS" or empty
    int windowFrom = -1; // -1: no window
    int windowTo = -1;
    int windowDays = 0;
    std::string holdUntil; // UTC or empty
    long long approvalRequestedBy = 0;
    std::string approvedAt;
    std::string name;

    std::optional<SendWindow> window() const;
};

class ScheduleStore {
public:
    explicit ScheduleStore(helpdesk::Database& db);

    std::optional<ScheduleRow> get(long long id);
    // loaded|scheduled -> scheduled at `startAt`; false when the campaign is in another state.
    bool schedule(long long id, const Poco::Timestamp& startAt);
    // scheduled -> loaded; false when it was not scheduled.
    bool unschedule(long long id);
    // Sets (or with nullopt removes) the send window and drops any hold, so the scheduler computes
    // it again. False when the campaign is finished.
    bool setWindow(long long id, const std::optional<SendWindow>& window);
    // Scheduled campaigns whose start is at or before `now`.
    std::vector<ScheduleRow> due(const Poco::Timestamp& now);
    // scheduled -> loaded with the Spanish reason, only if still scheduled and due at `now`.
    bool refuseDue(long long id, const Poco::Timestamp& now, const std::string& reason);
    // Sending campaigns with a send window.
    std::vector<ScheduleRow> windowed();
    // Holds a sending campaign until `until` (when it has no hold yet).
    bool hold(long long id, const Poco::Timestamp& until);
    // Lets it go on when its hold has passed at `now`.
    bool release(long long id, const Poco::Timestamp& now);
    // Stores the approval; false when already approved.
    bool approve(long long id, long long userId, const std::string& userName, const Poco::Timestamp& at);

    // Stored UTC text <-> instant.
    static std::string text(const Poco::Timestamp& t);
    static Poco::Timestamp instant(const std::string& utcText);

private:
    std::vector<ScheduleRow> select(const std::string& where, const std::vector<std::string>& values);
    // SET values, then the id, then WHERE values after it.
    bool update(const char* sql, std::vector<std::string> set, long long id, std::vector<std::string> where = {});

    helpdesk::Database& db_;
};

} // namespace campaigns::scheduling
