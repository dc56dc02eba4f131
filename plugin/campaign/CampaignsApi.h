#pragma once
// The campaigns routes of /campaigns/api/v1/campaigns: create (with Idempotency-Key), list, show,
// rename, and the errors file of an invalid campaign.
#include "campaign/CampaignJson.h"
#include "campaign/CampaignStore.h"

#include <helpdesk/Http.h>

namespace campaigns::campaign {

class CreationModule;

class CampaignsApi {
public:
    explicit CampaignsApi(CreationModule& module);

    void registerRoutes(helpdesk::Router& router);

private:
    void create(helpdesk::RequestContext& ctx);
    void list(helpdesk::RequestContext& ctx);
    void show(helpdesk::RequestContext& ctx);
    void rename(helpdesk::RequestContext& ctx);
    void errorsFile(helpdesk::RequestContext& ctx);
    CampaignRecord campaignOrThrow(helpdesk::RequestContext& ctx);
    // The request's language for the JSON's words (state_label, department name).
    Words wordsFor(const helpdesk::RequestContext& ctx);
    // Spanish words, for error messages (always Spanish) that name a state.
    Words spanishWords();

    CreationModule& m_;
};

} // namespace campaigns::campaign
