#include "suppressions/SuppressionsPage.h"

namespace campaigns::suppressions {

void registerSuppressionsPage(helpdesk::Router& router, web::PageTemplates& templates, helpdesk::PageShell& shell) {
    router.add(
        {"GET", "/campaigns/suppressions", helpdesk::Role::Administrator, [&templates, &shell](helpdesk::RequestContext& ctx) {
             const std::string body =
                 templates.render("suppressions.html", ctx.locale, {{"locale_json", templates.localeJson(ctx.locale)}});
             shell.render(ctx, templates.text(ctx.locale, "supp.title"), body,
                          "<link rel=\"stylesheet\" href=\"/campaigns/static/campaigns.css\">"
                          "<link rel=\"stylesheet\" href=\"/campaigns/static/accounts.css\">"
                          "<script defer src=\"/campaigns/static/page-kit.js\"></script>"
                          "<script defer src=\"/campaigns/static/suppressions.js\"></script>");
         }});
}

} // namespace campaigns::suppressions
