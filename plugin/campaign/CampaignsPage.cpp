#include "campaign/CampaignsPage.h"

namespace campaigns::campaign {

void registerCampaignsPage(helpdesk::Router& router, web::PageTemplates& templates, helpdesk::PageShell& shell) {
    router.add({"GET", "/campaigns", helpdesk::Role::Administrator, [&templates, &shell](helpdesk::RequestContext& ctx) {
                    const std::string body =
                        templates.render("campaigns.html", ctx.locale, {{"locale_json", templates.localeJson(ctx.locale)}});
                    shell.render(ctx, templates.text(ctx.locale, "campaigns.title"), body,
                                 "<link rel=\"stylesheet\" href=\"/campaigns/static/campaigns.css\">");
                }});
}

} // namespace campaigns::campaign
