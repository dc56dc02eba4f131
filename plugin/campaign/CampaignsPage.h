#pragma once
// The "Mis Campañas" page (/campaigns): the campaign list and the creation form, driven by
// campaigns.js over the JSON API.
#include "web/PageTemplates.h"

#include <helpdesk/Http.h>

namespace campaigns::campaign {

void registerCampaignsPage(helpdesk::Router& router, web::PageTemplates& templates, helpdesk::PageShell& shell);

} // namespace campaigns::campaign
