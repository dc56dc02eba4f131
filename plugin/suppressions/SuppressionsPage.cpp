#include "SuppressionsPage.h"

namespace campaigns::suppressions {

namespace {
// The locale goes into a <script type="application/json"> block: "</" must not end it early.
std::string scriptSafe(const std::string& json) {
    std::string out;
    for (char c : json) out += c == '<' ? std::string("\\u003c") : std::string(1, c);
    return out;
}
}  // namespace

void registerSuppressionsPage(helpdesk::Router& router, web::PageTemplates& templates, helpdesk::PageShell& shell) {
    router.add({"GET", "/campaigns/suppressions", helpdesk::Role::Administrator,
                [&templates, &shell](helpdesk::RequestContext& ctx) {
                    const std::string body = templates.render(
                        "suppressions.html", ctx.locale, {{"locale_json", scriptSafe(templates.localeJson(ctx.locale))}});
                    shell.render(ctx, templates.text(ctx.locale, "supp.title"), body,
                                 "<link rel=\"stylesheet\" href=\"/campaigns/static/campaigns.css\">"
                                 "<link rel=\"stylesheet\" href=\"/campaigns/static/accounts.css\">"
                                 "<script defer src=\"/campaigns/static/suppressions.js\"></script>");
                }});
}

}  // namespace campaigns::suppressions
