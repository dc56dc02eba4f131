#include "scheduling/CampaignScheduler.h"

#include "analytics/LocalDays.h"
#include "sending/SendStart.h"
#include "storage/DatabaseErrors.h"
#include "web/ErrorCodes.h"

#include <helpdesk/Http.h>

namespace campaigns::scheduling {

namespace {
std::string lateness(const Poco::Timestamp& due, const Poco::Timestamp& now) {
    const long long seconds = (now - due) / Poco::Timestamp::resolution();
    if (seconds < 60) return "on time";
    const long long minutes = seconds / 60;
    if (minutes < 120) return std::to_string(minutes) + " min late";
    return std::to_string(minutes / 60) + " h " + std::to_string(minutes % 60) + " min late";
}
} // namespace

CampaignScheduler::CampaignScheduler(helpdesk::Database& db, Poco::Logger& logger, SchedulerOptions options)
    : db_(db), logger_(logger), options_(std::move(options)), store_(db) {}

Poco::Timestamp CampaignScheduler::now() const { return options_.clock ? options_.clock() : Poco::Timestamp(); }

void CampaignScheduler::wake() const {
    if (options_.wake) options_.wake();
}

std::optional<std::string> CampaignScheduler::holdFor(long long campaignId) {
    const auto row = store_.get(campaignId);
    const auto window = row ? row->window() : std::nullopt;
    const Poco::Timestamp at = now();
    if (!window || window->contains(at, options_.timeZone)) return std::nullopt;
    return ScheduleStore::text(window->nextStart(at, options_.timeZone));
}

CampaignScheduler::Round CampaignScheduler::runOnce() {
    Round round;
    const Poco::Timestamp at = now();
    // One campaign's failure (a database error on its row) is logged and retried next round; it
    // does not keep the campaigns after it from starting or holding.
    const auto each = [&](const ScheduleRow& row, auto&& step) {
        try {
            step(row);
        } catch (const std::exception& e) {
            logger_.error("campaigns: scheduler: campaign %s \"%s\" skipped this round: %s", std::to_string(row.id), row.name,
                          storage::briefError(e));
        }
    };
    for (const auto& row : store_.due(at)) each(row, [&](const ScheduleRow& r) { startDue(r, at, round); });
    for (const auto& row : store_.windowed()) each(row, [&](const ScheduleRow& r) { applyWindow(r, at, round); });
    return round;
}

void CampaignScheduler::startDue(const ScheduleRow& row, const Poco::Timestamp& at, Round& round) {
    sending::StartRequest start;
    start.campaignId = row.id;
    start.from = {"scheduled"};
    start.extraWhere = " AND start_at <= ?";
    start.extraWhereValues = {ScheduleStore::text(at)};
    start.approvalMinRecipients = options_.approvalMinRecipients;
    start.stateRefusal = "La campaña ya no está programada.";
    const auto window = row.window();
    Poco::Timestamp holdUntil;
    if (window && !window->contains(at, options_.timeZone)) {
        holdUntil = window->nextStart(at, options_.timeZone);
        start.holdUntil = ScheduleStore::text(holdUntil);
    }
    const Poco::Timestamp due = ScheduleStore::instant(row.startAt);
    try {
        if (!sending::startSending(db_, start)) return; // another host started it
    } catch (const helpdesk::HttpError& e) {
        if (e.status == 404 || e.code == web::codes::kInvalidState) return; // changed meanwhile
        if (store_.refuseDue(row.id, at, e.what())) {
            ++round.refused;
            logger_.warning("campaigns: scheduled campaign %s \"%s\" not started (%s, %s): back to loaded",
                            std::to_string(row.id), row.name, e.code, lateness(due, at));
        }
        return;
    }
    ++round.started;
    logger_.information("campaigns: scheduled campaign %s \"%s\" started, %s (due %s UTC)%s", std::to_string(row.id), row.name,
                        lateness(due, at), row.startAt,
                        start.holdUntil
                            ? " and held by its send window until " + analytics::localDateTimeText(holdUntil, options_.timeZone)
                            : std::string());
    wake();
}

void CampaignScheduler::applyWindow(const ScheduleRow& row, const Poco::Timestamp& at, Round& round) {
    const auto window = row.window();
    if (!window) return;
    bool held = !row.holdUntil.empty();
    if (held && ScheduleStore::instant(row.holdUntil) <= at && store_.release(row.id, at)) {
        held = false;
        ++round.released;
        logger_.information("campaigns: campaign %s \"%s\" resumes: its send window opened", std::to_string(row.id), row.name);
        wake();
    }
    if (held || window->contains(at, options_.timeZone)) return;
    const Poco::Timestamp next = window->nextStart(at, options_.timeZone);
    if (store_.hold(row.id, next)) {
        ++round.held;
        logger_.information("campaigns: campaign %s \"%s\" held outside its send window until %s", std::to_string(row.id),
                            row.name, analytics::localDateTimeText(next, options_.timeZone));
    }
}

} // namespace campaigns::scheduling
