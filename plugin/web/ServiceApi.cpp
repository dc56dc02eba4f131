#include "web/ServiceApi.h"

#include "storage/MigrationRunner.h"
#include "web/JsonHttp.h"
#include "web/OpenApiDocument.h"

#include <helpdesk/Version.h>

#include <Poco/JSON/Object.h>

namespace campaigns::web {

ServiceApi::ServiceApi(helpdesk::Database& db, const std::string& apiDir) : db_(db), openApi_(mergeOpenApi(apiDir)) {}

void ServiceApi::registerRoutes(helpdesk::Router& router) {
    using helpdesk::Role;
    router.add({"GET", "/campaigns/api/v1/openapi.yaml", Role::Agent, [this](auto& ctx) { openApi(ctx); }});
    router.add({"GET", "/campaigns/api/v1/health", Role::Agent, [this](auto& ctx) { health(ctx); }});
}

void ServiceApi::openApi(helpdesk::RequestContext& ctx) {
    ctx.response.setContentType("application/yaml; charset=utf-8");
    ctx.response.setContentLength(static_cast<std::streamsize>(openApi_.size()));
    ctx.response.send() << openApi_;
}

void ServiceApi::health(helpdesk::RequestContext& ctx) {
    Poco::JSON::Object body;
    body.set("status", "ok");
    body.set("plugin", "campaigns");
    body.set("hostApiVersion", HELPDESK_HOST_API_VERSION);
    body.set("database", std::string(helpdesk::dialectName(db_.dialect())));
    body.set("schemaVersion", storage::appliedSchemaVersion(db_));
    sendJson(ctx, body);
}

} // namespace campaigns::web
