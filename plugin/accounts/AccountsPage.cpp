#include "accounts/AccountsPage.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

namespace campaigns::accounts {

void registerAccountsPage(helpdesk::Router& router, web::PageTemplates& templates, helpdesk::PageShell& shell,
                          helpdesk::Directory& directory) {
    router.add({"GET", "/campaigns/accounts", helpdesk::Role::Administrator,
                [&templates, &shell, &directory](helpdesk::RequestContext& ctx) {
                    Poco::JSON::Array departments;
                    for (const auto& d : directory.departments()) {
                        Poco::JSON::Object o;
                        o.set("id", d.id);
                        o.set("name", d.name);
                        departments.add(o);
                    }
                    std::ostringstream deps;
                    departments.stringify(deps);
                    const std::string body = templates.render("accounts.html", ctx.locale,
                                                              {{"locale_json", templates.localeJson(ctx.locale)},
                                                               {"departments_json", web::scriptSafeJson(deps.str())}});
                    shell.render(ctx, templates.text(ctx.locale, "accounts.title"), body,
                                 "<link rel=\"stylesheet\" href=\"/campaigns/static/campaigns.css\">"
                                 "<link rel=\"stylesheet\" href=\"/campaigns/static/accounts.css\">"
                                 "<script defer src=\"/campaigns/static/page-kit.js\"></script>"
                                 "<script defer src=\"/campaigns/static/accounts.js\"></script>");
                }});
}

} // namespace campaigns::accounts
