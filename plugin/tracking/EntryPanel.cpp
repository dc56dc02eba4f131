#include "EntryPanel.h"

#include "ApiRequest.h"
#include "ErrorCodes.h"
#include "JsonHttp.h"
#include "LocalDays.h"
#include "PageTemplates.h"
#include "SqlDialect.h"
#include "TicketSync.h"

#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Object.h>
#include <Poco/Tuple.h>

using namespace Poco::Data::Keywords;

namespace campaigns::tracking {

namespace {

const std::string kEntryState =
    "SELECT e.campaign_id, c.name, e.state, e.progress, e.read_seen, e.failed_after_accept,"
    " COALESCE(e.error_reason, ''), COALESCE(";
const std::string kEntryStateFrom =
    ", '') FROM campaigns_entries e JOIN campaigns_campaigns c ON c.id = e.campaign_id WHERE e.id = ?";

struct EntryRow {
    long long campaignId = 0;
    std::string campaignName, state;
    int progress = 0;
    bool readSeen = false, failedAfterAccept = false;
    std::string errorReason, acceptedAt;
};

// The label an agent reads, in the order a message moves (Progress.h).
void describe(const EntryRow& r, EntryWhatsAppState& out) {
    auto set = [&](const char* label, const char* tone) {
        out.label = label;
        out.tone = tone;
    };
    if (r.state == "failed" || r.failedAfterAccept) {
        set("Fallido", "bad");
        out.detail = r.errorReason;
    } else if (r.state == "unknown") {
        set("Sin confirmar por WhatsApp", "warn");
    } else if (r.state != "accepted") {
        set("En cola", "muted");
    } else if (r.progress >= 5) {
        set("Respondido y atendido", "ok");
    } else if (r.progress == 4) {
        set("Respondido", "ok");
    } else if (r.progress == 3 || r.readSeen) {
        set("Leído", "ok");
    } else if (r.progress == 2) {
        set("Entregado", "ok");
    } else if (r.progress == 1) {
        set("Enviado", "muted");
    } else {
        set("Aceptado por WhatsApp", "muted");
    }
}

} // namespace

EntryPanel::EntryPanel(helpdesk::Database& db, std::string agentStaticUrl, std::string timeZone)
    : db_(db), staticUrl_(std::move(agentStaticUrl)), timeZone_(std::move(timeZone)) {}

void EntryPanel::registerRoutes(helpdesk::Router& router, helpdesk::Tickets& tickets) {
    tickets.addPanel({"campaigns:entry:", [this](const helpdesk::TicketState& t, const std::string&) { return html(t); }});
    router.add({"GET", "/campaigns/api/v1/entries/{id}/whatsapp-state", helpdesk::Role::Agent,
                [this](helpdesk::RequestContext& ctx) { stateRoute(ctx); }});
}

std::optional<EntryWhatsAppState> EntryPanel::state(long long entryId) {
    using Row = Poco::Tuple<Poco::Int64, std::string, std::string, int, int, int, std::string, std::string>;
    std::vector<Row> rows;
    auto s = db_.session();
    Poco::Int64 id = entryId;
    s << kEntryState + storage::timeAsText(db_.dialect(), "e.accepted_at") + kEntryStateFrom, use(id), into(rows), now;
    if (rows.empty()) return std::nullopt;
    const auto& t = rows.front();
    const EntryRow r{t.get<0>(), t.get<1>(), t.get<2>(), t.get<3>(), t.get<4>() != 0, t.get<5>() != 0, t.get<6>(), t.get<7>()};
    EntryWhatsAppState out;
    out.entryId = entryId;
    out.campaignId = r.campaignId;
    out.campaignName = r.campaignName;
    if (!r.acceptedAt.empty()) {
        int tz = 0;
        out.acceptedAt = analytics::localDateTimeText(Poco::DateTimeParser::parse("%Y-%m-%d %H:%M:%S", r.acceptedAt, tz).timestamp(),
                                                      timeZone_);
    }
    describe(r, out);
    return out;
}

std::string EntryPanel::html(const helpdesk::TicketState& ticket) {
    const auto entry = entryIdFromTicketKey(ticket.externalKey);
    if (!entry) return {};
    const auto st = state(*entry);
    if (!st) return {};
    using web::htmlEscape;
    const std::string id = std::to_string(st->entryId);
    std::string out = "<h2>Campaña de WhatsApp</h2><dl class=\"meta-values\" data-campaigns-entry=\"" + id + "\"><dt>Campaña</dt><dd>"
                      "<a href=\"/campaigns/analytics?campaign=" + std::to_string(st->campaignId) + "\">" +
                      htmlEscape(st->campaignName) + "</a></dd>";
    if (!st->acceptedAt.empty()) out += "<dt>Enviado</dt><dd>" + htmlEscape(st->acceptedAt) + "</dd>";
    out += "<dt>Estado en WhatsApp</dt><dd><span class=\"badge wa-state\" data-tone=\"" + st->tone + "\">" +
           htmlEscape(st->label) + "</span> <span class=\"wa-detail\">" + htmlEscape(st->detail) + "</span></dd></dl>"
           "<link rel=\"stylesheet\" href=\"" + staticUrl_ + "/ticket-panel.css\">"
           "<script src=\"" + staticUrl_ + "/ticket-panel.js\" defer></script>";
    return out;
}

void EntryPanel::stateRoute(helpdesk::RequestContext& ctx) {
    const auto st = state(api::pathId(ctx, "id", "el mensaje de campaña", web::codes::kEntryNotFound));
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
