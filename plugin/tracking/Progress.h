#pragma once
// Pure rules for moving an accepted entry forward, shared by webhook statuses, replies and agent
// messages. Given the entry's current marks and what happened, they say the new marks and which
// counters move (plugin/campaign/CampaignState.h defines each counter).
#include "counters/CounterBook.h"

namespace campaigns::tracking {

struct Marks {
    int progress = 0;      // a campaigns::campaign::Progress (campaign::CampaignState.h): 0 none ... 5 addressed
    bool readSeen = false; // a real read receipt arrived
    bool failedAfterAccept = false;
};

enum class Happening { Sent, Delivered, Read, Failed, Replied, Addressed };

struct Step {
    Marks after;
    counters::CounterDelta delta;
    bool changed = false;
    bool ignoredFailure = false; // a failed status after delivery: the positive outcome stands
};

Step advance(const Marks& before, Happening what);

} // namespace campaigns::tracking
