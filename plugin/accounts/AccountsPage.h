#pragma once
// The "Cuentas de Origen" page (/campaigns/accounts): accounts and their templates ("Plantillas
// HSM"), driven by accounts.js over the JSON API.
#include "web/PageTemplates.h"

#include <helpdesk/Directory.h>
#include <helpdesk/Http.h>

namespace campaigns::accounts {

void registerAccountsPage(helpdesk::Router& router, web::PageTemplates& templates, helpdesk::PageShell& shell,
                          helpdesk::Directory& directory);

} // namespace campaigns::accounts
