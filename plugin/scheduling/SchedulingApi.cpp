#include "scheduling/SchedulingApi.h"

#include "analytics/LocalDays.h"
#include "scheduling/LocalTime.h"
#include "sending/SendStart.h"
#include "storage/SqlDialect.h"
#include "web/ApiRequest.h"
#include "web/ErrorCodes.h"
#include "web/JsonHttp.h"

#include <Poco/JSON/Array.h>

#include <cstdio>

namespace campaigns::scheduling {

namespace {

// Largest body the routes read: a few fields.
constexpr std::size_t kMaxBody = 16 * 1024;
const char* const kNotSchedulable = "Solo se puede programar una campaña Cargada, o cambiar la hora de una Programada.";

std::string shown(const LocalDateTime& l) {
    char text[64];
    std::snprintf(text, sizeof text, "%02d/%02d/%04d %02d:%02d", l.date.day, l.date.month, l.date.year, l.minuteOfDay / 60,
                  l.minuteOfDay % 60);
    return text;
}

long long campaignId(const helpdesk::RequestContext& ctx) {
    return web::pathId(ctx, "id", "la campaña", web::codes::kCampaignNotFound);
}

[[noreturn]] void badStartAt(const std::string& message) {
    throw helpdesk::HttpError(400, web::codes::kInvalidStartAt, message,
                              R"([{"field":"start_at","message":")" + message + "\"}]");
}

[[noreturn]] void badWindow(const std::string& message) {
    throw helpdesk::HttpError(422, web::codes::kInvalidSendWindow, message);
}

int windowDays(const Poco::JSON::Object& w) {
    auto days = w.getArray("days");
    if (!days || days->size() == 0)
        badWindow("Elige al menos un día de la semana para la ventana de envío (campo send_window.days).");
    int bits = 0;
    for (std::size_t i = 0; i < days->size(); ++i) {
        int d = 0;
        if (!days->get(i).isInteger() || (d = days->get(i).convert<int>()) < 1 || d > 7)
            badWindow("Los días de la ventana de envío (campo send_window.days) van de 1 (lunes) a 7 (domingo).");
        bits |= 1 << (d - 1);
    }
    return bits;
}

} // namespace

SendWindow parseSendWindow(const Poco::JSON::Object& w) {
    const auto from = parseClock(w.optValue<std::string>("from", ""), false);
    const auto to = parseClock(w.optValue<std::string>("to", ""), true);
    if (!from)
        badWindow("Indica la hora de inicio de la ventana de envío (campo send_window.from) como HH:MM, por ejemplo 09:00.");
    if (!to) badWindow("Indica la hora de término de la ventana de envío (campo send_window.to) como HH:MM, por ejemplo 20:00.");
    SendWindow window{*from, *to, windowDays(w)};
    if (auto problem = window.problem()) badWindow(*problem);
    return window;
}

SchedulingApi::SchedulingApi(helpdesk::Database& db, SchedulerOptions options)
    : db_(db), options_(std::move(options)), store_(db) {}

void SchedulingApi::registerRoutes(helpdesk::Router& router) {
    using helpdesk::Role;
    const std::string base = "/campaigns/api/v1/campaigns/{id}";
    router.add({"POST", base + "/schedule", Role::Administrator, [this](auto& ctx) { schedule(ctx); }});
    router.add({"DELETE", base + "/schedule", Role::Administrator, [this](auto& ctx) { unschedule(ctx); }});
    router.add({"POST", base + "/unschedule", Role::Administrator, [this](auto& ctx) { unschedule(ctx); }});
    router.add({"POST", base + "/waves", Role::Administrator, [this](auto& ctx) { scheduleWaves(ctx); }});
    router.add({"PUT", base + "/send-window", Role::Administrator, [this](auto& ctx) { putWindow(ctx); }});
    router.add({"DELETE", base + "/send-window", Role::Administrator, [this](auto& ctx) { deleteWindow(ctx); }});
    router.add({"POST", base + "/approve", Role::Administrator, [this](auto& ctx) { approve(ctx); }});
    router.add({"GET", "/campaigns/api/v1/scheduling/settings", Role::Administrator, [this](auto& ctx) { settings(ctx); }});
}

Poco::Timestamp SchedulingApi::now() const { return options_.clock ? options_.clock() : Poco::Timestamp(); }

ScheduleRow SchedulingApi::rowOrThrow(long long id) {
    auto row = store_.get(id);
    if (!row) throw helpdesk::HttpError(404, web::codes::kCampaignNotFound, "La campaña no existe.");
    return *row;
}

// NOLINTNEXTLINE(readability-function-size): one refusal per way a local time can be wrong, in order.
Poco::Timestamp SchedulingApi::startInstant(const Poco::JSON::Object& body) const {
    const std::string& tz = options_.timeZone;
    if (!body.has("start_at") || !body.get("start_at").isString())
        badStartAt("Indica la fecha y hora de inicio (campo start_at) como AAAA-MM-DDTHH:MM, en la hora de " + tz + ".");
    const auto local = LocalDateTime::parse(body.getValue<std::string>("start_at"));
    if (!local)
        badStartAt("La fecha y hora de inicio (campo start_at) debe ser una fecha y hora reales como 2026-12-08T09:00 (hora de " +
                   tz + ").");
    std::optional<int> offset;
    if (body.has("utc_offset") && !body.get("utc_offset").isEmpty()) {
        offset = body.get("utc_offset").isString() ? parseOffset(body.getValue<std::string>("utc_offset")) : std::nullopt;
        if (!offset) badStartAt("El campo utc_offset debe ser un desfase como -03:00 o -04:00.");
    }
    const auto instants = instantsOf(*local, tz);
    if (instants.empty())
        throw helpdesk::HttpError(
            422, web::codes::kStartAtSkipped,
            "La hora " + shown(*local) + " (campo start_at) no existe en " + tz +
                ": ese día los relojes se adelantan por el cambio de horario. Elige otra hora, por ejemplo " +
                analytics::localDateTimeText(firstInstantAtOrAfter(*local, tz), tz) + ".");
    const LocalInstant* chosen = instants.size() == 1 && !offset ? &instants.front() : nullptr;
    for (const auto& i : instants)
        if (offset && i.offsetMinutes == *offset) chosen = &i;
    if (!chosen && offset)
        badStartAt("El desfase utc_offset " + offsetText(*offset) + " no corresponde a " + shown(*local) + " en " + tz + ".");
    if (!chosen) {
        const std::string a = offsetText(instants[0].offsetMinutes), b = offsetText(instants[1].offsetMinutes);
        throw helpdesk::HttpError(422, web::codes::kStartAtAmbiguous,
                                  "La hora " + shown(*local) + " (campo start_at) ocurre dos veces en " + tz +
                                      " por el cambio de horario: primero con UTC" + a + " y luego con UTC" + b +
                                      ". Elige cuál con el campo utc_offset.",
                                  "[\"" + a + "\",\"" + b + "\"]");
    }
    if (chosen->at <= now())
        throw helpdesk::HttpError(422, web::codes::kStartAtInPast,
                                  "La fecha y hora de inicio " + shown(*local) +
                                      " (campo start_at) ya pasó: elige un momento futuro (hora de " + tz + ").");
    return chosen->at;
}

Poco::JSON::Object SchedulingApi::answer(long long id) {
    const auto row = rowOrThrow(id);
    Poco::JSON::Object body;
    body.set("id", id);
    body.set("state", row.state);
    body.set("time_zone", options_.timeZone);
    if (!row.startAt.empty()) {
        const auto at = ScheduleStore::instant(row.startAt);
        body.set("start_at", row.startAt.substr(0, 10) + "T" + row.startAt.substr(11, 8) + "Z");
        body.set("start_at_local", localOf(at, options_.timeZone).iso());
        body.set("utc_offset", offsetText(offsetMinutesAt(at, options_.timeZone)));
    } else {
        body.set("start_at", Poco::Dynamic::Var());
    }
    if (const auto w = row.window()) {
        Poco::JSON::Object window;
        window.set("from", clockText(w->fromMinute));
        window.set("to", clockText(w->toMinute));
        Poco::JSON::Array days;
        for (int d : w->weekdays()) days.add(d);
        window.set("days", days);
        body.set("send_window", window);
    } else {
        body.set("send_window", Poco::Dynamic::Var());
    }
    return body;
}

void SchedulingApi::schedule(helpdesk::RequestContext& ctx) {
    const long long id = campaignId(ctx);
    const auto body = web::readJsonObject(ctx, kMaxBody);
    const auto row = rowOrThrow(id);
    std::optional<SendWindow> window;
    if (body->has("send_window") && !body->get("send_window").isEmpty()) {
        auto w = body->getObject("send_window");
        if (!w) badWindow("La ventana de envío (campo send_window) debe ser un objeto {from, to, days}.");
        window = parseSendWindow(*w);
    }
    const Poco::Timestamp at = startInstant(*body);
    if (row.state != "loaded" && row.state != "scheduled")
        throw helpdesk::HttpError(409, web::codes::kInvalidState, kNotSchedulable, "[\"" + row.state + "\"]");
    sending::requireApproval(db_, id, options_.approvalMinRecipients, ctx.user ? ctx.user->id : 0);
    if (!store_.schedule(id, at))
        throw helpdesk::HttpError(409, web::codes::kInvalidState, kNotSchedulable, "[\"" + rowOrThrow(id).state + "\"]");
    if (window) store_.setWindow(id, window);
    web::sendJson(ctx, answer(id));
}

void SchedulingApi::unschedule(helpdesk::RequestContext& ctx) {
    const long long id = campaignId(ctx);
    const auto row = rowOrThrow(id);
    if (!store_.unschedule(id))
        throw helpdesk::HttpError(409, web::codes::kInvalidState,
                                  "Solo se puede cancelar la programación de una campaña Programada.", "[\"" + row.state + "\"]");
    web::sendJson(ctx, answer(id));
}

// "Programar en tandas": the waves are proposed again here, never taken from the request; the start
// is "Enviar Campaña"'s (state, approval, quality, the send window's hold) with the WABA's limit
// checked for the first wave. Two clicks at once start it once: the loser gets invalid_state.
void SchedulingApi::scheduleWaves(helpdesk::RequestContext& ctx) {
    const long long id = campaignId(ctx);
    const auto row = rowOrThrow(id);
    const Poco::Timestamp at = now();
    sending::StartRequest start;
    start.campaignId = id;
    start.approvalMinRecipients = options_.approvalMinRecipients;
    start.requestedBy = ctx.user ? ctx.user->id : 0;
    start.stateRefusal = "Solo se puede enviar en tandas una campaña en estado Cargada.";
    if (const auto w = row.window(); w && !w->contains(at, options_.timeZone))
        start.holdUntil = ScheduleStore::text(w->nextStart(at, options_.timeZone));
    const auto waves = sending::startInWaves(db_, start, at);
    if (!waves)
        throw helpdesk::HttpError(409, web::codes::kInvalidState, start.stateRefusal, "[\"" + rowOrThrow(id).state + "\"]");
    if (options_.wake) options_.wake();
    auto body = answer(id);
    Poco::JSON::Array list;
    for (const auto& w : *waves) {
        Poco::JSON::Object wave;
        wave.set("number", w.number);
        wave.set("starts_at", storage::isoUtc(ScheduleStore::text(w.startsAt)));
        wave.set("starts_at_local", localOf(w.startsAt, options_.timeZone).iso());
        wave.set("recipients", w.recipients);
        list.add(wave);
    }
    body.set("waves", list);
    web::sendJson(ctx, body);
}

void SchedulingApi::putWindow(helpdesk::RequestContext& ctx) {
    const long long id = campaignId(ctx);
    const auto body = web::readJsonObject(ctx, kMaxBody);
    const auto row = rowOrThrow(id);
    const SendWindow window = parseSendWindow(*body);
    if (!store_.setWindow(id, window))
        throw helpdesk::HttpError(409, web::codes::kInvalidState, "La ventana de envío solo se cambia antes o durante el envío.",
                                  "[\"" + row.state + "\"]");
    // A sending campaign whose new window is closed now holds at once, before the engine is woken,
    // not at the scheduler's next look (the sender drops what it buffered when it sees the hold).
    const Poco::Timestamp at = options_.clock ? options_.clock() : Poco::Timestamp();
    if (!window.contains(at, options_.timeZone)) store_.hold(id, window.nextStart(at, options_.timeZone));
    if (options_.wake) options_.wake();
    web::sendJson(ctx, answer(id));
}

void SchedulingApi::deleteWindow(helpdesk::RequestContext& ctx) {
    const long long id = campaignId(ctx);
    const auto row = rowOrThrow(id);
    if (!store_.setWindow(id, std::nullopt))
        throw helpdesk::HttpError(409, web::codes::kInvalidState, "La ventana de envío solo se quita antes o durante el envío.",
                                  "[\"" + row.state + "\"]");
    if (options_.wake) options_.wake(); // a held campaign goes on at once
    web::sendJson(ctx, answer(id));
}

void SchedulingApi::approve(helpdesk::RequestContext& ctx) {
    const long long id = campaignId(ctx);
    const auto row = rowOrThrow(id);
    const long long me = ctx.user ? ctx.user->id : 0;
    if (me != 0 && (me == row.approvalRequestedBy || (row.approvalRequestedBy == 0 && me == row.createdBy)))
        throw helpdesk::HttpError(409, web::codes::kSelfApproval,
                                  "Otro administrador debe aprobar la campaña: quien pidió enviarla no puede aprobarla.");
    if (row.state != "loaded" && row.state != "scheduled")
        throw helpdesk::HttpError(409, web::codes::kInvalidState, "Solo se aprueba una campaña Cargada o Programada.",
                                  "[\"" + row.state + "\"]");
    store_.approve(id, me, ctx.user ? ctx.user->displayName : std::string(), now());
    auto body = answer(id);
    const auto after = rowOrThrow(id);
    body.set("approved_at", after.approvedAt.substr(0, 10) + "T" + after.approvedAt.substr(11, 8) + "Z");
    web::sendJson(ctx, body);
}

void SchedulingApi::settings(helpdesk::RequestContext& ctx) {
    Poco::JSON::Object body;
    body.set("time_zone", options_.timeZone);
    body.set("approval_min_recipients", options_.approvalMinRecipients);
    web::sendJson(ctx, body);
}

} // namespace campaigns::scheduling
