#include "campaign/CampaignJson.h"

#include <Poco/JSON/Array.h>

namespace campaigns::campaign {

std::map<long long, std::string> departmentNames(helpdesk::Directory& directory) {
    std::map<long long, std::string> names;
    for (const auto& d : directory.departments()) names[d.id] = d.name;
    return names;
}

std::string neutralizeCell(const std::string& text) {
    if (!text.empty() &&
        (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r'))
        return "'" + text;
    return text;
}

namespace {
Poco::Dynamic::Var isoOrNull(const std::string& utcText) {
    if (utcText.size() < 19) return {};
    return utcText.substr(0, 10) + "T" + utcText.substr(11, 8) + "Z";
}
std::string clockOf(int minuteOfDay) {
    const int h = minuteOfDay / 60, m = minuteOfDay % 60;
    return std::string{static_cast<char>('0' + h / 10), static_cast<char>('0' + h % 10), ':', static_cast<char>('0' + m / 10),
                       static_cast<char>('0' + m % 10)};
}
// Issue 13's fields of the campaign object.
void scheduleFields(Poco::JSON::Object& o, const CampaignSchedule& s) {
    o.set("scheduled_at", isoOrNull(s.startAt));
    o.set("schedule_problem", s.scheduleProblem);
    if (s.windowFrom >= 0 && s.windowTo >= 0) {
        Poco::JSON::Object w;
        w.set("from", clockOf(s.windowFrom));
        w.set("to", clockOf(s.windowTo));
        Poco::JSON::Array days;
        for (int d = 1; d <= 7; ++d)
            if (s.windowDays & (1 << (d - 1))) days.add(d);
        w.set("days", days);
        o.set("send_window", w);
    } else {
        o.set("send_window", Poco::Dynamic::Var());
    }
    o.set("hold_until", isoOrNull(s.holdUntil));
    o.set("approval_requested", s.approvalRequestedBy != 0 && s.approvedAt.empty());
    o.set("approved_by_name", s.approvedAt.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(s.approvedByName));
    o.set("approved_at", isoOrNull(s.approvedAt));
    // "Programar en tandas": the stored waves (the list shows "Tanda 1 de 3 · siguiente: ...").
    Poco::JSON::Array waves;
    for (std::size_t i = 0; i < s.waves.size(); ++i) {
        Poco::JSON::Object w;
        w.set("number", static_cast<int>(i + 1));
        w.set("starts_at", isoOrNull(s.waves[i].startsAt));
        w.set("recipients", s.waves[i].recipients);
        waves.add(w);
    }
    o.set("waves", waves);
}
} // namespace

// Over 60 lines on purpose: one line per field of the API's campaign object, in the documented
// order; splitting it would scatter one object over several functions.
Poco::JSON::Object campaignJson(const CampaignRecord& c, const std::map<long long, std::string>& departments,
                                const Words& words) {
    Poco::JSON::Object o;
    o.set("id", c.id);
    o.set("name", c.name);
    o.set("contacts", c.entriesTotal);
    o.set("send_date", c.firstSentAt.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(c.firstSentAt));
    o.set("end_date", c.responseDeadline.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(c.responseDeadline));
    if (c.departmentId) {
        o.set("department_id", *c.departmentId);
        auto it = departments.find(*c.departmentId);
        o.set("department_name", it != departments.end() ? it->second : "Departamento " + std::to_string(*c.departmentId));
    } else {
        o.set("department_id", Poco::Dynamic::Var());
        o.set("department_name", words("create.noDepartment"));
    }
    o.set("expects_response", c.expectsResponse);
    o.set("wait_hours", c.waitHours);
    o.set("template_id", c.templateId);
    o.set("template_name", c.templateName);
    o.set("account_id", c.accountId);
    o.set("account_name", c.accountName);
    o.set("state", std::string(code(c.state)));
    o.set("state_label", stateLabel(c.state, words));
    // Why a paused campaign is paused (issue 13): code (admin, template_red, failure_rate, ...) and Spanish text.
    o.set("pause_code", c.pauseCode.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(c.pauseCode));
    o.set("pause_reason", c.pauseReason.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(c.pauseReason));
    o.set("file_name", c.fileName);
    o.set("allow_duplicates", c.allowDuplicates);
    o.set("has_header_image", !c.headerMediaId.empty());
    o.set("created_at", c.createdAt);
    o.set("created_by", c.createdBy);
    o.set("created_by_name", c.createdByName);
    o.set("finished_at", c.finishedAt.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(c.finishedAt));
    // "Activa hasta <fecha>" with "N tickets abiertos" while a finished campaign waits for answers.
    o.set("waiting_response", !c.activeUntil.empty());
    o.set("active_until", c.activeUntil.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(c.activeUntil));
    o.set("open_tickets", c.openTickets);
    Poco::JSON::Object counters;
    counters.set("entries_total", c.entriesTotal);
    counters.set("unique_phones", c.uniquePhones);
    counters.set("queued", c.nQueued);
    counters.set("accepted", c.nAccepted);
    counters.set("failed_send", c.nFailedSend);
    counters.set("unknown", c.nUnknown);
    counters.set("delivered", c.nDelivered);
    counters.set("read", c.nRead);
    counters.set("replied", c.nReplied);
    counters.set("suppressed", c.nSuppressed); // entries not sent: number on the suppression list
    counters.set("capped", c.nCapped);         // entries not sent: the frequency cap, campaign chose "skip"
    counters.set("deferred", c.nDeferred);     // entries waiting >= 24 h after a 131049
    counters.set("failed_after_accept", c.nFailedAfterAccept);
    counters.set("retried", c.nRetried); // entries sent again by "Reintentar fallidos", each once
    o.set("counters", counters);
    Poco::JSON::Object progress;
    progress.set("rows_processed", c.rowsProcessed);
    progress.set("rows_total", c.rowsTotal);
    o.set("progress", progress);
    o.set("error_count", c.errorCount);
    o.set("excluded_count", c.excludedCount);
    o.set("include_suppressed_for_utility", c.includeSuppressedForUtility); // rows left out: number on the suppression list
    o.set("frequency_cap_action", code(c.frequencyCapAction));              // hold | skip
    Poco::JSON::Object actions;
    actions.set("rename", canRename(c.state));
    actions.set("download", canDownload(c.state));
    actions.set("results", true);
    actions.set("send", c.state == CampaignState::Loaded);
    // "Reintentar fallidos": a finished campaign with messages that did not arrive; its dialog
    // (sending/FailedRetry) says which of them may be sent again.
    actions.set("retry_failed", (c.state == CampaignState::CompletedWithErrors || c.state == CampaignState::Failed) &&
                                    (c.nFailedSend > 0 || c.nUnknown > 0 || c.nFailedAfterAccept > 0));
    // Plan and schedule a send (issue 13): the scheduled start, a refused start's reason, the send
    // window and its hold, the approval ("Aprobar"). Times UTC ISO 8601; the page shows them in the
    // installation's time zone.
    actions.set("schedule", c.state == CampaignState::Loaded || c.state == CampaignState::Scheduled);
    actions.set("unschedule", c.state == CampaignState::Scheduled);
    scheduleFields(o, c.schedule);
    o.set("actions", actions);
    // What "Descargar" opens (the page uses it as is): results, an invalid campaign's errors, or null.
    const std::string base = "/campaigns/api/v1/campaigns/" + std::to_string(c.id);
    switch (downloadOf(c.state)) {
        case Download::Results:
            o.set("download_url", base + "/results?format=xlsx");
            break;
        case Download::Errors:
            o.set("download_url", base + "/errors?format=xlsx");
            break;
        case Download::None:
            o.set("download_url", Poco::Dynamic::Var());
            break;
    }
    return o;
}

} // namespace campaigns::campaign
