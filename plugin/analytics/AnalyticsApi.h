#pragma once
// Analítica > Mis campañas: the page and its JSON/CSV API (administrators only).
//   GET /campaigns/analytics                      the page (filters in the URL)
//   GET /campaigns/api/v1/analytics               figures for a filter
//   GET /campaigns/api/v1/analytics.csv           the KPIs of the same filter as CSV
//   GET /campaigns/api/v1/analytics/options       accounts, departments, campaigns for the selects
// Filter parameters: account, department (id or "none"), campaign (comma-separated ids),
// preset (last7 | last30 | prev_month | custom | all), from/to (YYYY-MM-DD, custom only).
#include "analytics/AnalyticsQuery.h"
#include "web/PageTemplates.h"

#include <helpdesk/HostContext.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace campaigns::analytics {

class AnalyticsApi {
public:
    AnalyticsApi(helpdesk::HostContext& host, web::PageTemplates& templates);
    void registerRoutes(helpdesk::Router& router);

    // Parses and validates the query string; throws helpdesk::HttpError 400 with a Spanish message.
    Filter parseFilter(const std::string& uri) const;

private:
    void page(helpdesk::RequestContext& ctx);
    void figures(helpdesk::RequestContext& ctx);
    void csv(helpdesk::RequestContext& ctx);
    void options(helpdesk::RequestContext& ctx);

    // The parts of the figures answer.
    Poco::JSON::Object rangeJson(const Filter& f, const AnalyticsResult& result) const;
    Poco::JSON::Array kpisJson(const AnalyticsResult& result, const std::string& loc) const;
    Poco::JSON::Array funnelJson(const AnalyticsResult& result, const std::string& loc) const;
    static Poco::JSON::Object responseTimeJson(const ResponseTimeSummary& rt);
    static Poco::JSON::Array seriesJson(const AnalyticsResult& result);
    Poco::JSON::Object campaignJson(const CampaignDetails& d, const std::string& loc) const;

    helpdesk::HostContext& host_;
    web::PageTemplates& templates_;
    AnalyticsQuery query_;
    std::string timeZone_;
};

} // namespace campaigns::analytics
