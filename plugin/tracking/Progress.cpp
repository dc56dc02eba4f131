#include "tracking/Progress.h"

#include "campaign/CampaignState.h"

namespace campaigns::tracking {

namespace {
// Counts every level passed on the way up: read implies delivered implies sent, a reply implies
// all three (delivered may never arrive when delivery and reading happen at once).
void climb(Step& s, campaign::Progress target) {
    for (int level = s.after.progress + 1; level <= target; ++level) {
        switch (level) {
            case campaign::Progress::Sent:
                ++s.delta.sent;
                break;
            case campaign::Progress::Delivered:
                ++s.delta.delivered;
                break;
            case campaign::Progress::Replied:
                ++s.delta.replied;
                if (!s.after.readSeen) ++s.delta.repliedUnread;
                break;
            case campaign::Progress::Addressed:
                ++s.delta.addressed;
                break;
            default:
                break;
        }
    }
    if (target > s.after.progress) {
        s.after.progress = target;
        s.changed = true;
    }
}
} // namespace

Step advance(const Marks& before, Happening what) {
    Step s;
    s.after = before;
    switch (what) {
        case Happening::Sent:
            climb(s, campaign::Progress::Sent);
            break;
        case Happening::Delivered:
            climb(s, campaign::Progress::Delivered);
            break;
        case Happening::Read:
            climb(s, campaign::Progress::Read);
            if (!s.after.readSeen) {
                s.after.readSeen = true;
                s.changed = true;
                ++s.delta.read;
                // It was counted as "replied but never read"; now it is simply read.
                if (s.after.progress >= campaign::Progress::Replied) --s.delta.repliedUnread;
            }
            break;
        case Happening::Replied:
            climb(s, campaign::Progress::Replied);
            break;
        case Happening::Addressed:
            // Addressed means an agent answered after the customer replied.
            if (s.after.progress == campaign::Progress::Replied) climb(s, campaign::Progress::Addressed);
            break;
        case Happening::Failed:
            if (s.after.failedAfterAccept) break;
            if (s.after.progress >= campaign::Progress::Delivered) {
                s.ignoredFailure = true;
                break;
            }
            s.after.failedAfterAccept = true;
            s.changed = true;
            ++s.delta.failedAfterAccept;
            break;
    }
    return s;
}

} // namespace campaigns::tracking
