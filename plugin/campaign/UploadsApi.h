#pragma once
// POST uploads (the recipients sheet and its validation report), POST uploads/{id}/validate (the
// report again with the modal's link choices), POST media (the header image), under /campaigns/api/v1.
#include <helpdesk/Http.h>

namespace campaigns::campaign {

class CreationModule;

class UploadsApi {
public:
    explicit UploadsApi(CreationModule& module);

    void registerRoutes(helpdesk::Router& router);

private:
    void uploadSheet(helpdesk::RequestContext& ctx);
    void validate(helpdesk::RequestContext& ctx);
    void uploadImage(helpdesk::RequestContext& ctx);

    CreationModule& m_;
};

} // namespace campaigns::campaign
