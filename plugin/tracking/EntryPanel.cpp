#include "tracking/EntryPanel.h"

#include "analytics/LocalDays.h"
#include "campaign/CampaignState.h"
#include "storage/RowMapping.h"
#include "storage/SqlDialect.h"
#include "tracking/TicketSync.h"
#include "web/ApiRequest.h"
#include "web/ErrorCodes.h"
#include "web/JsonHttp.h"
#include "web/PageTemplates.h"

#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Object.h>

using namespace Poco::Data::Keywords;

namespace campaigns::tracking {
namespace {
// An entry as the panel shows it (kEntryState).
struct EntryRow {
    Poco::Int64 campaignId = 0;
    std::string campaignName, state;
    int progress = 0, readSeen = 0, failedAfterAccept = 0;
    std::string errorReason, acceptedAt;
};
} // namespace
} // namespace campaigns::tracking

template <>
class Poco::Data::TypeHandler<campaigns::tracking::EntryRow>
    : public campaigns::storage::RowHandler<
          campaigns::tracking::EntryRow, &campaigns::tracking::EntryRow::campaignId, &campaigns::tracking::EntryRow::campaignName,
          &campaigns::tracking::EntryRow::state, &campaigns::tracking::EntryRow::progress,
          &campaigns::tracking::EntryRow::readSeen, &campaigns::tracking::EntryRow::failedAfterAccept,
          &campaigns::tracking::EntryRow::errorReason, &campaigns::tracking::EntryRow::acceptedAt> {};

namespace campaigns::tracking {

namespace {

const std::string kEntryState =
    "SELECT e.campaign_id, c.name, e.state, e.progress, e.read_seen, e.failed_after_accept,"
    " COALESCE(e.error_reason, ''), COALESCE(";
const std::string kEntryStateFrom =
    ", '') FROM campaigns_entries e JOIN campaigns_campaigns c ON c.id = e.campaign_id WHERE e.id = ?";

// The label an agent reads, in the order a message moves (Progress.h): its locale key
// (templates/locales: panel.state.<name>) and the badge's tone.
struct Look {
    const char* key;
    const char* tone;
};

Look lookOf(const EntryRow& r) {
    using campaign::EntryState;
    if (r.state == code(EntryState::Failed) || r.failedAfterAccept != 0) return {"panel.state.failed", "bad"};
    if (r.state == code(EntryState::Unknown)) return {"panel.state.unknown", "warn"};
    if (r.state != code(EntryState::Accepted)) return {"panel.state.queued", "muted"};
    if (r.progress >= campaign::Progress::Addressed) return {"panel.state.addressed", "ok"};
    if (r.progress == campaign::Progress::Replied) return {"panel.state.replied", "ok"};
    if (r.progress == campaign::Progress::Read || r.readSeen != 0) return {"panel.state.read", "ok"};
    if (r.progress == campaign::Progress::Delivered) return {"panel.state.delivered", "ok"};
    if (r.progress == campaign::Progress::Sent) return {"panel.state.sent", "muted"};
    return {"panel.state.accepted", "muted"};
}

} // namespace

EntryPanel::EntryPanel(helpdesk::Database& db, web::PageTemplates& text, std::string agentStaticUrl, std::string timeZone)
    : db_(db), text_(text), staticUrl_(std::move(agentStaticUrl)), timeZone_(std::move(timeZone)) {}

void EntryPanel::registerRoutes(helpdesk::Router& router, helpdesk::Tickets& tickets) {
    tickets.addPanel(
        {"campaigns:entry:", [this](const helpdesk::TicketState& t, const std::string& locale) { return html(t, locale); }});
    router.add({"GET", "/campaigns/api/v1/entries/{id}/whatsapp-state", helpdesk::Role::Agent,
                [this](helpdesk::RequestContext& ctx) { stateRoute(ctx); }});
}

std::optional<EntryWhatsAppState> EntryPanel::state(long long entryId, const std::string& locale) {
    std::vector<EntryRow> rows;
    auto s = db_.session();
    Poco::Int64 id = entryId;
    s << kEntryState + storage::timeAsText(db_.dialect(), "e.accepted_at") + kEntryStateFrom, use(id), into(rows), now;
    if (rows.empty()) return std::nullopt;
    const EntryRow& r = rows.front();
    EntryWhatsAppState out;
    out.entryId = entryId;
    out.campaignId = r.campaignId;
    out.campaignName = r.campaignName;
    if (!r.acceptedAt.empty()) {
        int tz = 0;
        out.acceptedAt = analytics::localDateTimeText(
            Poco::DateTimeParser::parse("%Y-%m-%d %H:%M:%S", r.acceptedAt, tz).timestamp(), timeZone_);
    }
    const Look look = lookOf(r);
    out.label = text_.text(locale, look.key);
    out.tone = look.tone;
    if (std::string_view(look.tone) == "bad") out.detail = r.errorReason;
    return out;
}

std::string EntryPanel::html(const helpdesk::TicketState& ticket, const std::string& locale) {
    const auto entry = entryIdFromTicketKey(ticket.externalKey);
    if (!entry) return {};
    const auto st = state(*entry, locale);
    if (!st) return {};
    using web::htmlEscape;
    const std::string id = std::to_string(st->entryId);
    auto t = [&](const char* key) { return htmlEscape(text_.text(locale, key)); };
    std::string out = "<h2>" + t("panel.title") + "</h2><dl class=\"meta-values\" data-campaigns-entry=\"" + id + "\"><dt>" +
                      t("panel.campaign") +
                      "</dt><dd>"
                      "<a href=\"/campaigns/analytics?campaign=" +
                      std::to_string(st->campaignId) + "\">" + htmlEscape(st->campaignName) + "</a></dd>";
    if (!st->acceptedAt.empty()) out += "<dt>" + t("panel.sent_at") + "</dt><dd>" + htmlEscape(st->acceptedAt) + "</dd>";
    out += "<dt>" + t("panel.state") + "</dt><dd><span class=\"badge wa-state\" data-tone=\"" + st->tone + "\">" +
           htmlEscape(st->label) + "</span> <span class=\"wa-detail\">" + htmlEscape(st->detail) +
           "</span></dd></dl>"
           "<link rel=\"stylesheet\" href=\"" +
           staticUrl_ +
           "/ticket-panel.css\">"
           "<script src=\"" +
           staticUrl_ + "/ticket-panel.js\" defer></script>";
    return out;
}

void EntryPanel::stateRoute(helpdesk::RequestContext& ctx) {
    const auto st = state(web::pathId(ctx, "id", "el mensaje de campaña", web::codes::kEntryNotFound), ctx.locale);
    if (!st) throw helpdesk::HttpError(404, web::codes::kEntryNotFound, "El mensaje de campaña no existe.");
    Poco::JSON::Object body;
    body.set("entry_id", st->entryId);
    body.set("campaign_id", st->campaignId);
    body.set("label", st->label);
    body.set("detail", st->detail);
    body.set("tone", st->tone);
    web::sendJson(ctx, body);
}

} // namespace campaigns::tracking
