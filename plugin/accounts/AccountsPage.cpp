#include "AccountsPage.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <sstream>

namespace campaigns::accounts {

namespace {
// The departments go into a <script type="application/json"> block: "</" must not end it early.
std::string scriptSafe(std::string json) {
    std::string out;
    for (char c : json) out += c == '<' ? std::string("\\u003c") : std::string(1, c);
    return out;
}
} // namespace

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
                    const std::string body = templates.render(
                        "accounts.html", ctx.locale,
                        {{"locale_json", scriptSafe(templates.localeJson(ctx.locale))},
                         {"departments_json", scriptSafe(deps.str())}});
                    shell.render(ctx, templates.text(ctx.locale, "accounts.title"), body,
                                 "<link rel=\"stylesheet\" href=\"/campaigns/static/campaigns.css\">"
                                 "<link rel=\"stylesheet\" href=\"/campaigns/static/accounts.css\">"
                                 "<script defer src=\"/campaigns/static/accounts.js\"></script>");
                }});
}

} // namespace campaigns::accounts
