#pragma once
// /campaigns/api/v1/templates and POST accounts/{id}/templates/sync (administrators).
#include "templates/TemplateStore.h"
#include "templates/TemplateSync.h"

#include <helpdesk/Directory.h>
#include <helpdesk/Http.h>

namespace campaigns::templates {

class TemplatesApi {
public:
    TemplatesApi(TemplateStore& store, TemplateSync& sync, helpdesk::Directory& directory);

    void registerRoutes(helpdesk::Router& router);

    void sync(helpdesk::RequestContext& ctx);
    void list(helpdesk::RequestContext& ctx);
    void show(helpdesk::RequestContext& ctx);
    void setDepartments(helpdesk::RequestContext& ctx);
    void format(helpdesk::RequestContext& ctx);

    // The list filter of a query string: account, department (an id or "none"), status,
    // approved_only. Throws HttpError 400 naming the parameter that is wrong.
    static TemplateFilter filterFrom(const std::map<std::string, std::string>& query);

private:
    StoredTemplate templateOrThrow(helpdesk::RequestContext& ctx);

    TemplateStore& store_;
    TemplateSync& sync_;
    helpdesk::Directory& directory_;
};

} // namespace campaigns::templates
