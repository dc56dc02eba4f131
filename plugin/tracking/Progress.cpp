#include "tracking/Progress.h"

namespace campaigns::tracking {

namespace {
// Counts every level passed on the way up: read implies delivered implies sent, a reply implies
// all three (delivered may never arrive when delivery and reading happen at once).
void climb(Step& s, int target) {
    for (int level = s.after.progress + 1; level <= target; ++level) {
        switch (level) {
        case 1: ++s.delta.sent; break;
        case 2: ++s.delta.delivered; break;
        case 4:
            ++s.delta.replied;
            if (!s.after.readSeen) ++s.delta.repliedUnread;
            break;
        case 5: ++s.delta.addressed; break;
        default: break;
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
    case Happening::Sent: climb(s, 1); break;
    case Happening::Delivered: climb(s, 2); break;
    case Happening::Read:
        climb(s, 3);
        if (!s.after.readSeen) {
            s.after.readSeen = true;
            s.changed = true;
            ++s.delta.read;
            // It was counted as "replied but never read"; now it is simply read.
            if (s.after.progress >= 4) --s.delta.repliedUnread;
        }
        break;
    case Happening::Replied: climb(s, 4); break;
    case Happening::Addressed:
        // Addressed means an agent answered after the customer replied.
        if (s.after.progress == 4) climb(s, 5);
        break;
    case Happening::Failed:
        if (s.after.failedAfterAccept) break;
        if (s.after.progress >= 2) {
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
