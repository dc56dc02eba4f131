#pragma once
// The HTTP side of issue 13: "Programar envío" (schedule, change, cancel), "Programar en tandas"
// (start now in the waves the WABA's limit allows: sending/SendStart.h startInWaves), the send
// window and "Aprobar". Local dates and times are read and shown in the installation's time zone; a time a
// DST change skips or repeats is refused with the choice spelled out, never guessed.
#include "scheduling/CampaignScheduler.h"
#include "scheduling/ScheduleStore.h"

#include <helpdesk/Http.h>

#include <Poco/JSON/Object.h>

namespace campaigns::scheduling {

class SchedulingApi {
public:
    SchedulingApi(helpdesk::Database& db, SchedulerOptions options);
    void registerRoutes(helpdesk::Router& router);

private:
    void schedule(helpdesk::RequestContext& ctx);
    void unschedule(helpdesk::RequestContext& ctx);
    void scheduleWaves(helpdesk::RequestContext& ctx);
    void putWindow(helpdesk::RequestContext& ctx);
    void deleteWindow(helpdesk::RequestContext& ctx);
    void approve(helpdesk::RequestContext& ctx);
    void settings(helpdesk::RequestContext& ctx);

    // The instant "start_at" (with an optional "utc_offset") names; throws the 400/422 answers.
    Poco::Timestamp startInstant(const Poco::JSON::Object& body) const;
    ScheduleRow rowOrThrow(long long id);
    Poco::JSON::Object answer(long long id);
    Poco::Timestamp now() const;

    helpdesk::Database& db_;
    SchedulerOptions options_;
    ScheduleStore store_;
};

// The "send_window" object {"from":"09:00","to":"20:00","days":[1,2,3,4,5]}; throws 422
// invalid_send_window with a Spanish message naming the field.
SendWindow parseSendWindow(const Poco::JSON::Object& w);

} // namespace campaigns::scheduling
