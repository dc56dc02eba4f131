#include "analytics/AnalyticsApi.h"

#include "analytics/KpiCalculator.h"
#include "analytics/LocalDays.h"
#include "web/ErrorCodes.h"
#include "web/JsonHttp.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/NumberParser.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>

#include <set>
#include <sstream>

namespace campaigns::analytics {

namespace {

helpdesk::HttpError badFilter(const std::string& message) { return {400, web::codes::kInvalidParameter, message}; }

long long parseId(const std::string& text, const std::string& what) {
    Poco::Int64 v = 0;
    if (!Poco::NumberParser::tryParse64(text, v) || v <= 0) throw badFilter("El filtro «" + what + "» no es válido: " + text);
    return v;
}

Poco::Dynamic::Var rateValue(const Kpi& k) {
    // Exact: rounding here and again in the page would show 4,6 % for 1/22.
    if (!k.rate) return Poco::Dynamic::Var();
    return *k.rate;
}

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string percent(const std::optional<double>& rate) {
    if (!rate) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", *rate * 100.0);
    return buf;
}

} // namespace

AnalyticsApi::AnalyticsApi(helpdesk::HostContext& host, web::PageTemplates& templates)
    : host_(host), templates_(templates), query_(host.database()), timeZone_(host.timeZone()) {
    // A misconfigured time zone would silently shift every day; refuse it at start instead.
    requireKnownTimeZone(timeZone_);
}

void AnalyticsApi::registerRoutes(helpdesk::Router& router) {
    using helpdesk::Role;
    router.add({"GET", "/campaigns/analytics", Role::Administrator, [this](auto& ctx) { page(ctx); }});
    router.add({"GET", "/campaigns/api/v1/analytics", Role::Administrator, [this](auto& ctx) { figures(ctx); }});
    router.add({"GET", "/campaigns/api/v1/analytics.csv", Role::Administrator, [this](auto& ctx) { csv(ctx); }});
    router.add({"GET", "/campaigns/api/v1/analytics/options", Role::Administrator, [this](auto& ctx) { options(ctx); }});
}

Filter AnalyticsApi::parseFilter(const std::string& uriText) const {
    Filter f;
    f.timeZone = timeZone_;
    std::string presetCode, fromText, toText;
    for (const auto& [key, value] : Poco::URI(uriText).getQueryParameters()) {
        if (value.empty()) continue;
        if (key == "account")
            f.accountId = parseId(value, "cuenta");
        else if (key == "department")
            f.departmentId = value == "none" ? 0 : parseId(value, "departamento");
        else if (key == "campaign") {
            std::set<long long> seen;
            Poco::StringTokenizer ids(value, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
            for (const auto& text : ids) {
                const long long id = parseId(text, "campaña");
                if (seen.insert(id).second) f.campaignIds.push_back(id);
            }
        } else if (key == "preset")
            presetCode = value;
        else if (key == "from")
            fromText = value;
        else if (key == "to")
            toText = value;
    }
    if (f.campaignIds.size() > kMaxCampaignIds)
        throw badFilter("Puedes elegir como máximo " + std::to_string(kMaxCampaignIds) + " campañas a la vez.");
    // "Resultados" opens one campaign without a preset: show all of it, not a window that may cut it.
    if (presetCode.empty()) presetCode = f.campaignIds.empty() ? "last30" : "all";
    const auto preset = presetFromCode(presetCode);
    if (!preset) throw badFilter("El rango de fechas «" + presetCode + "» no existe.");
    std::optional<CivilDate> from, to;
    if (*preset == Preset::Custom) {
        from = CivilDate::parse(fromText);
        to = CivilDate::parse(toText);
        if (!fromText.empty() && !from) throw badFilter("La fecha de inicio no es válida (AAAA-MM-DD): " + fromText);
        if (!toText.empty() && !to) throw badFilter("La fecha de término no es válida (AAAA-MM-DD): " + toText);
    }
    try {
        f.range = resolveRange(*preset, localDay(Poco::Timestamp(), timeZone_), from, to);
    } catch (const std::invalid_argument& e) {
        throw badFilter(e.what());
    }
    return f;
}

void AnalyticsApi::page(helpdesk::RequestContext& ctx) {
    const std::string body =
        templates_.render("analytics.html", ctx.locale, {{"locale_json", templates_.localeJson(ctx.locale)}});
    host_.pages().render(ctx, templates_.text(ctx.locale, "analytics.title"), body,
                         "<link rel=\"stylesheet\" href=\"/campaigns/static/campaigns.css\">"
                         "<link rel=\"stylesheet\" href=\"/campaigns/static/analytics.css\">"
                         "<script defer src=\"/campaigns/static/page-kit.js\"></script>"
                         "<script defer src=\"/campaigns/static/analytics.js\"></script>");
}

void AnalyticsApi::figures(helpdesk::RequestContext& ctx) {
    const Filter f = parseFilter(ctx.request.getURI());
    const auto result = query_.run(f);
    const std::string& loc = ctx.locale;

    Poco::JSON::Object body;
    body.set("range", rangeJson(f, result));
    body.set("kpis", kpisJson(result, loc));
    body.set("pending", result.state.pending);
    body.set("unknown", result.state.unknown);
    body.set("suppressed", result.state.suppressed);
    body.set("deferred", result.state.deferred);
    body.set("retried", result.state.retried);
    body.set("unique_numbers", result.state.uniquePhones);
    body.set("entries_total", result.state.entriesTotal);
    body.set("campaigns_in_view", result.state.campaigns);
    body.set("funnel", funnelJson(result, loc));
    body.set("response_time", responseTimeJson(result.responseTimes));
    body.set("series", seriesJson(result));
    if (f.campaignIds.size() == 1) {
        auto d = query_.details(f.campaignIds.front());
        if (!d) throw helpdesk::HttpError(404, web::codes::kCampaignNotFound, "La campaña elegida no existe.");
        body.set("campaign", campaignJson(*d, loc));
    }
    web::sendJson(ctx, body);
}

Poco::JSON::Object AnalyticsApi::rangeJson(const Filter& f, const AnalyticsResult& result) const {
    Poco::JSON::Object range;
    range.set("preset", std::string(code(f.range.preset)));
    range.set("from", f.range.from ? f.range.from->iso() : (result.series.empty() ? "" : result.series.front().day.iso()));
    range.set("to", f.range.to ? f.range.to->iso() : (result.series.empty() ? "" : result.series.back().day.iso()));
    range.set("tz", timeZone_);
    return range;
}

Poco::JSON::Array AnalyticsApi::kpisJson(const AnalyticsResult& result, const std::string& loc) const {
    Poco::JSON::Array kpis;
    for (const auto& k : computeKpis(result.totals)) {
        Poco::JSON::Object o;
        o.set("key", k.key);
        o.set("label", templates_.text(loc, "analytics.kpi." + k.key));
        o.set("count", k.count);
        o.set("denominator", k.denominator);
        o.set("rate", rateValue(k));
        o.set("formula", templates_.text(loc, "analytics.kpi." + k.key + ".formula"));
        kpis.add(o);
    }
    return kpis;
}

Poco::JSON::Array AnalyticsApi::funnelJson(const AnalyticsResult& result, const std::string& loc) const {
    Poco::JSON::Array steps;
    for (const auto& step : funnel(result.totals)) {
        Poco::JSON::Object o;
        o.set("key", step.key);
        o.set("label", templates_.text(loc, "analytics.funnel." + step.key));
        o.set("count", step.count);
        steps.add(o);
    }
    return steps;
}

// "Tiempo de respuesta (mediana)", "(p90)" and "Respuestas sin atender" (ResponseTimes.h).
Poco::JSON::Object AnalyticsApi::responseTimeJson(const ResponseTimeSummary& rt) {
    Poco::JSON::Object response;
    response.set("answered", rt.answered);
    response.set("waiting", rt.waiting);
    response.set("median_seconds", rt.medianSeconds ? Poco::Dynamic::Var(*rt.medianSeconds) : Poco::Dynamic::Var());
    response.set("p90_seconds", rt.p90Seconds ? Poco::Dynamic::Var(*rt.p90Seconds) : Poco::Dynamic::Var());
    response.set("median_label", humanDuration(rt.medianSeconds));
    response.set("p90_label", humanDuration(rt.p90Seconds));
    return response;
}

Poco::JSON::Array AnalyticsApi::seriesJson(const AnalyticsResult& result) {
    Poco::JSON::Array series;
    for (const auto& p : result.series) {
        Poco::JSON::Object o;
        o.set("day", p.day.iso());
        o.set("sent", sentMessages(p.counters));
        o.set("delivered", p.counters.delivered);
        o.set("read", readMessages(p.counters));
        o.set("replied", p.counters.replied);
        series.add(o);
    }
    return series;
}

// The one campaign a "Resultados" view opens: its creation, template, file and sending facts.
Poco::JSON::Object AnalyticsApi::campaignJson(const CampaignDetails& d, const std::string& loc) const {
    Poco::JSON::Object c;
    c.set("id", d.id);
    c.set("name", d.name);
    c.set("created_at", d.createdAt);
    c.set("created_by", d.createdBy);
    c.set("state", d.state);
    c.set("state_label", templates_.text(loc, "state." + d.state));
    c.set("account", d.accountName);
    std::string department = templates_.text(loc, "analytics.noDepartment");
    if (d.departmentId) {
        auto dep = host_.directory().department(*d.departmentId);
        department = dep ? dep->name : "#" + std::to_string(*d.departmentId);
    }
    c.set("department", department);
    c.set("template_name", d.templateName);
    c.set("template_language", d.templateLanguage);
    c.set("template_text", d.templateText);
    c.set("expects_response", d.expectsResponse);
    c.set("wait_hours", d.waitHours);
    c.set("file_name", d.fileName);
    c.set("contacts", d.contacts);
    c.set("allow_duplicates", d.allowDuplicates);
    c.set("send_requested_at", d.sendRequestedAt);
    c.set("first_sent_at", d.firstSentAt);
    c.set("finished_at", d.finishedAt);
    c.set("response_deadline", d.responseDeadline);
    c.set("header_image", d.headerImage);
    c.set("waiting_response", !d.activeUntil.empty());
    c.set("active_until", d.activeUntil.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(d.activeUntil));
    c.set("open_tickets", d.openTickets);
    return c;
}

void AnalyticsApi::csv(helpdesk::RequestContext& ctx) {
    const Filter f = parseFilter(ctx.request.getURI());
    const auto result = query_.run(f);
    const std::string& loc = ctx.locale;
    std::ostringstream out;
    out << "\xEF\xBB\xBF"; // UTF-8 BOM: spreadsheet programs otherwise misread the accents
    out << templates_.text(loc, "analytics.csv.header") << "\r\n"; // already a CSV row
    for (const auto& k : computeKpis(result.totals))
        out << csvField(templates_.text(loc, "analytics.kpi." + k.key)) << ',' << k.count << ',' << percent(k.rate) << ','
            << csvField(templates_.text(loc, "analytics.kpi." + k.key + ".formula")) << "\r\n";
    out << csvField(templates_.text(loc, "analytics.pending")) << ',' << result.state.pending << ",,\r\n";
    out << csvField(templates_.text(loc, "analytics.unknown")) << ',' << result.state.unknown << ",,\r\n";
    out << csvField(templates_.text(loc, "analytics.suppressed")) << ',' << result.state.suppressed << ",,\r\n";
    out << csvField(templates_.text(loc, "analytics.deferred")) << ',' << result.state.deferred << ",,\r\n";
    out << csvField(templates_.text(loc, "analytics.retried")) << ',' << result.state.retried << ",,\r\n";
    out << csvField(templates_.text(loc, "analytics.uniqueNumbers")) << ',' << result.state.uniquePhones << ",,\r\n";
    const auto& rt = result.responseTimes;
    out << csvField(templates_.text(loc, "analytics.response.median")) << ','
        << (rt.medianSeconds ? std::to_string(*rt.medianSeconds) : "") << ",,"
        << csvField(templates_.text(loc, "analytics.response.seconds")) << "\r\n";
    out << csvField(templates_.text(loc, "analytics.response.p90")) << ','
        << (rt.p90Seconds ? std::to_string(*rt.p90Seconds) : "") << ",,"
        << csvField(templates_.text(loc, "analytics.response.seconds")) << "\r\n";
    out << csvField(templates_.text(loc, "analytics.response.waiting")) << ',' << rt.waiting << ",,\r\n";
    const std::string from = f.range.from ? f.range.from->iso() : (result.series.empty() ? "" : result.series.front().day.iso());
    const std::string to = f.range.to ? f.range.to->iso() : (result.series.empty() ? "" : result.series.back().day.iso());
    out << csvField(templates_.text(loc, "analytics.csv.range")) << ",," << ','
        << csvField(from + " / " + to + " (" + timeZone_ + ")") << "\r\n";
    const std::string text = out.str();
    auto& r = ctx.response;
    r.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
    r.setContentType("text/csv; charset=utf-8");
    r.set("Content-Disposition",
          "attachment; filename=\"analitica-" + (from.empty() ? std::string("todo") : from + "_" + to) + ".csv\"");
    r.set("Cache-Control", "no-store");
    r.setContentLength(static_cast<std::streamsize>(text.size()));
    r.send() << text;
}

void AnalyticsApi::options(helpdesk::RequestContext& ctx) {
    Poco::JSON::Object body;
    Poco::JSON::Array accounts;
    for (const auto& a : query_.accounts()) {
        Poco::JSON::Object o;
        o.set("id", a.id);
        o.set("name", a.name);
        accounts.add(o);
    }
    body.set("accounts", accounts);
    Poco::JSON::Array departments;
    {
        Poco::JSON::Object none;
        none.set("id", "none");
        none.set("name", templates_.text(ctx.locale, "analytics.noDepartment"));
        departments.add(none);
    }
    for (const auto& d : host_.directory().departments()) {
        Poco::JSON::Object o;
        o.set("id", std::to_string(d.id));
        o.set("name", d.name);
        departments.add(o);
    }
    body.set("departments", departments);
    Poco::JSON::Array campaigns;
    for (const auto& c : query_.campaigns()) {
        Poco::JSON::Object o;
        o.set("id", c.id);
        o.set("name", c.name);
        o.set("account_id", c.accountId);
        o.set("department_id", c.departmentId == 0 ? std::string("none") : std::to_string(c.departmentId));
        o.set("state", c.state);
        o.set("created_at", c.createdAt);
        campaigns.add(o);
    }
    body.set("campaigns", campaigns);
    body.set("tz", timeZone_);
    web::sendJson(ctx, body);
}

} // namespace campaigns::analytics
