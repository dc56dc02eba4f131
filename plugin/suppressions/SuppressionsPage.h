#pragma once
// The "Lista de exclusión" page (/campaigns/suppressions, Administrador menu): numbers that must
// not receive campaigns, per WABA, driven by suppressions.js over /campaigns/api/v1/suppressions.
#include "web/PageTemplates.h"

#include <helpdesk/Http.h>

namespace campaigns::suppressions {

void registerSuppressionsPage(helpdesk::Router& router, web::PageTemplates& templates, helpdesk::PageShell& shell);

} // namespace campaigns::suppressions
