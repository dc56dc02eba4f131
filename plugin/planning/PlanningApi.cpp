#include "planning/PlanningApi.h"

#include "storage/SqlDialect.h"
#include "web/ApiRequest.h"
#include "web/ErrorCodes.h"
#include "web/JsonHttp.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

namespace campaigns::planning {

namespace {

const std::string kBase = "/campaigns/api/v1/campaigns/{id}";
constexpr std::size_t kMaxTestBody = 16 * 1024;

Poco::JSON::Object limitJson(const LimitCheck& l) {
    Poco::JSON::Object o;
    o.set("waba_id", l.wabaId);
    o.set("tier", l.tier);
    o.set("daily_limit", l.dailyLimit);
    o.set("used_last_24h", l.usedLast24h);
    o.set("free_now", l.dailyLimit == 0 ? 0LL : std::max(0LL, l.dailyLimit - l.usedLast24h));
    o.set("campaign_unique", l.campaignUnique);
    o.set("shared_by_numbers", l.wabaAccounts);
    o.set("ok", l.ok);
    o.set("message", l.message);
    return o;
}

Poco::JSON::Object phoneJson(const PhoneStatus& p) {
    Poco::JSON::Object o;
    o.set("ok", p.ok);
    if (p.ok) {
        o.set("quality_rating", p.info.qualityRating);
        o.set("messaging_limit_tier", p.info.messagingLimit);
        o.set("throughput_level", p.info.throughputLevel);
        o.set("throughput_per_second", p.throughputPerSecond);
        o.set("display_phone_number", p.info.displayPhoneNumber);
    } else {
        o.set("error", p.error);
    }
    if (p.reported) {
        Poco::JSON::Object r;
        r.set("quality_rating", p.reported->qualityRating);
        r.set("messaging_limit_tier", p.reported->messagingLimitTier);
        r.set("last_event", p.reported->lastEvent);
        r.set("restricted", p.reported->restricted);
        r.set("updated_at", p.reported->updatedAt);
        o.set("reported", r);
    }
    return o;
}

Poco::JSON::Object costJson(const CostEstimate& c) {
    Poco::JSON::Object o;
    o.set("estimated", true);
    o.set("available", c.available);
    o.set("currency", c.currency);
    o.set("prices_date", c.pricesDate);
    o.set("source", c.source);
    o.set("category", c.category);
    o.set("total", c.total);
    o.set("unpriced_messages", c.unpricedMessages);
    Poco::JSON::Array countries, errors;
    for (const auto& k : c.countries) {
        Poco::JSON::Object row;
        row.set("calling_code", k.callingCode);
        row.set("country", k.country);
        row.set("messages", k.messages);
        if (k.unitPrice)
            row.set("unit_price", *k.unitPrice);
        else
            row.set("unit_price", Poco::Dynamic::Var());
        row.set("cost", k.cost);
        countries.add(row);
    }
    for (const auto& e : c.tableErrors) errors.add(e);
    o.set("countries", countries);
    o.set("price_file_errors", errors);
    return o;
}

Poco::JSON::Object planJson(const SendPlan& p) {
    Poco::JSON::Object o;
    o.set("campaign_id", p.campaignId);
    o.set("state", p.state);
    o.set("recipients", p.recipients);
    o.set("messages", p.messages);
    Poco::JSON::Object excluded;
    // Rows the cap holds are sent later, not excluded: only a campaign that skips them leaves them out.
    const long long capExcluded = p.frequencyCapAction == "skip" ? p.excludedFrequencyCap : 0;
    excluded.set("suppressed", p.excludedSuppressed);
    excluded.set("frequency_cap", capExcluded);
    excluded.set("total", p.excludedSuppressed + capExcluded);
    o.set("excluded", excluded);
    Poco::JSON::Object cap;
    cap.set("per_day", p.frequencyCapPerDay); // 0: no cap applies
    cap.set("action", p.frequencyCapAction);
    cap.set("affected", p.excludedFrequencyCap);
    o.set("frequency_cap", cap);
    o.set("limit", limitJson(p.limit));
    o.set("phone", phoneJson(p.phone));
    o.set("configured_rate_per_second", p.configuredRate);
    o.set("rate_per_second", p.rate);
    o.set("eta_seconds", p.etaSeconds);
    Poco::JSON::Array waves;
    for (const auto& w : p.waves) {
        Poco::JSON::Object wave;
        wave.set("number", w.number);
        wave.set("starts_at", storage::isoUtc(storage::utcText(w.startsAt)));
        wave.set("recipients", w.recipients);
        wave.set("eta_seconds", w.etaSeconds);
        waves.add(wave);
    }
    o.set("waves", waves);
    o.set("cost", costJson(p.cost));
    return o;
}

Poco::JSON::Object testJson(const TestMessage& t) {
    Poco::JSON::Object o;
    o.set("id", t.id);
    o.set("campaign_id", t.campaignId);
    o.set("row", t.rowNo);
    o.set("phone", t.phone);
    o.set("state", t.state);
    o.set("error_code", t.errorCode);
    o.set("error_reason", t.errorReason);
    o.set("created_at", storage::isoUtc(t.createdAt));
    o.set("updated_at", storage::isoUtc(t.updatedAt));
    return o;
}

long long campaignOf(const helpdesk::RequestContext& ctx) {
    return web::pathId(ctx, "id", "la campaña", web::codes::kCampaignNotFound);
}

long long userOf(const helpdesk::RequestContext& ctx) { return ctx.user ? ctx.user->id : 0; }

} // namespace

PlanningApi::PlanningApi(helpdesk::Database& db, PriceBook& prices, PhoneInfoSource phoneInfo, TestMessages& tests,
                         std::string timeZone)
    : db_(db), prices_(prices), phoneInfo_(std::move(phoneInfo)), tests_(tests), timeZone_(std::move(timeZone)) {}

void PlanningApi::registerRoutes(helpdesk::Router& router) {
    using helpdesk::Role;
    router.add({"GET", kBase + "/send-plan", Role::Administrator, [this](auto& ctx) { sendPlan(ctx); }});
    router.add({"POST", kBase + "/test-messages", Role::Administrator, [this](auto& ctx) { sendTest(ctx); }});
    router.add({"GET", kBase + "/test-messages/{tid}", Role::Administrator, [this](auto& ctx) { showTest(ctx); }});
    router.add({"POST", "/campaigns/api/v1/prices/reload", Role::Administrator, [this](auto& ctx) { reloadPrices(ctx); }});
}

void PlanningApi::sendPlan(helpdesk::RequestContext& ctx) {
    const long long id = campaignOf(ctx);
    prices_.refreshIfChanged();
    const auto plan = buildSendPlan(db_, id, prices_.table(), prices_.lastErrors(), phoneInfo_);
    auto body = planJson(plan);
    body.set("time_zone", timeZone_);
    const auto [first, last] = tests_.rowRange(id);
    Poco::JSON::Object test;
    test.set("first_row", first);
    test.set("last_row", last);
    test.set("default_row", first > 0 ? first : TestMessages::kFirstDataRow);
    test.set("last_phone", tests_.lastPhone(userOf(ctx)));
    test.set("max_per_minute", TestMessages::kMaxPerMinute);
    body.set("test", test);
    web::sendJson(ctx, body);
}

void PlanningApi::sendTest(helpdesk::RequestContext& ctx) {
    const auto body = web::readJsonObject(ctx, kMaxTestBody);
    const long long id = campaignOf(ctx);
    std::vector<web::FieldProblem> problems;
    const auto phone = web::optString(*body, "phone", problems);
    const auto row = web::optInt(*body, "row", problems);
    if (!problems.empty()) web::throwValidation(problems);
    if (!phone || phone->empty()) web::throwValidation({{"phone", "Escribe el teléfono al que se envía la prueba."}});
    const auto sent = tests_.send(id, userOf(ctx), row.value_or(TestMessages::kFirstDataRow), *phone);
    web::sendJson(ctx, testJson(sent), 201);
}

void PlanningApi::showTest(helpdesk::RequestContext& ctx) {
    const long long id = campaignOf(ctx);
    const long long tid = web::pathId(ctx, "tid", "el mensaje de prueba", web::codes::kTestMessageNotFound);
    const auto t = tests_.find(id, tid);
    if (!t)
        throw helpdesk::HttpError(404, web::codes::kTestMessageNotFound,
                                  "No existe el mensaje de prueba " + std::to_string(tid) + ".");
    web::sendJson(ctx, testJson(*t));
}

// Reads the price file now; a file with errors answers them (each naming its line) and the
// previous table stays in use.
void PlanningApi::reloadPrices(helpdesk::RequestContext& ctx) {
    const auto errors = prices_.reload();
    if (!errors.empty()) {
        Poco::JSON::Array details;
        for (const auto& e : errors) {
            Poco::JSON::Object d;
            d.set("field", "file");
            d.set("message", e);
            details.add(d);
        }
        std::ostringstream out;
        details.stringify(out);
        throw helpdesk::HttpError(
            422, web::codes::kInvalidPriceFile,
            "El archivo de precios " + prices_.path() + " tiene errores; se siguen usando los precios anteriores.", out.str());
    }
    const auto table = prices_.table();
    Poco::JSON::Object body;
    body.set("file", prices_.path());
    body.set("prices_date", table->date);
    body.set("currency", table->currency);
    body.set("source", table->source);
    body.set("countries", static_cast<Poco::UInt64>(table->byCallingCode.size()));
    web::sendJson(ctx, body);
}

} // namespace campaigns::planning
