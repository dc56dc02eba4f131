#pragma once
// The module's own service routes: GET /campaigns/api/v1/openapi.yaml (every capability's fragment
// merged once, at start, so a broken fragment fails the start) and GET /campaigns/api/v1/health
// (plugin, host API and database, and the schema version the migrations reached).
#include <helpdesk/Database.h>
#include <helpdesk/Http.h>

#include <string>

namespace campaigns::web {

class ServiceApi {
public:
    // `apiDir`: templates/api, the OpenAPI head and fragments.
    ServiceApi(helpdesk::Database& db, const std::string& apiDir);

    void registerRoutes(helpdesk::Router& router);

private:
    void openApi(helpdesk::RequestContext& ctx);
    void health(helpdesk::RequestContext& ctx);

    helpdesk::Database& db_;
    std::string openApi_;
};

} // namespace campaigns::web
