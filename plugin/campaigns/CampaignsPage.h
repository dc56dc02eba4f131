#pragma once
// The "Mis Campañas" page (/campaigns): the campaign list and the creation form, driven by
// campaigns.js over the JSON API.
#include "PageTemplates.h"

#include <helpdesk/Http.h>

namespace campaigns {

void registerCampaignsPage(helpdesk::Router& router, web::PageTemplates& templates, helpdesk::PageShell& shell);

} // namespace campaigns
