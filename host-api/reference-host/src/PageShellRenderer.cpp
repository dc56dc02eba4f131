#include "PageShellRenderer.h"

#include "HttpUtil.h"

namespace refhost {

std::string PageShellRenderer::html(const helpdesk::RequestContext& ctx, const std::string& title, const std::string& bodyHtml,
                                    const std::string& extraHead) const {
    const std::string lang = HostText::language(ctx.locale);
    std::string page = "<!DOCTYPE html>\n<html lang=\"" + lang +
                       "\"><head><meta charset=\"utf-8\">"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                       "<meta name=\"csrf-token\" content=\"" +
                       htmlEscape(ctx.csrfToken) +
                       "\">"
                       "<title>" +
                       htmlEscape(title) + " · " + htmlEscape(text_.get(lang, "shell.titleSuffix")) +
                       "</title>"
                       "<link rel=\"stylesheet\" href=\"/static/host.css\"><script src=\"/static/host.js\" defer></script>" +
                       extraHead + "</head><body>";
    page += "<header class=\"topbar\"><a class=\"brand\" href=\"/\">" + htmlEscape(text_.get(lang, "shell.brand")) +
            "</a><nav class=\"menu\">";
    if (ctx.user) {
        for (const auto& section : menu_.visibleTo(*ctx.user)) {
            page +=
                "<details class=\"menu-section\"><summary>" + htmlEscape(text_.section(lang, section.name)) + "</summary><ul>";
            for (const auto& e : section.entries) {
                const std::string& label = (lang == "en" && !e.labelEn.empty()) ? e.labelEn : e.label;
                page += "<li><a href=\"" + htmlEscape(e.path) + "\">" + htmlEscape(label) + "</a></li>";
            }
            page += "</ul></details>";
        }
    }
    page += "</nav>";
    if (ctx.user) {
        page += "<div class=\"user\"><span class=\"user-name\">" + htmlEscape(ctx.user->displayName) +
                "</span><form method=\"post\" action=\"/logout\" class=\"inline\"><input type=\"hidden\" name=\"csrf_token\" "
                "value=\"" +
                htmlEscape(ctx.csrfToken) + "\"><button type=\"submit\" class=\"link\">" +
                htmlEscape(text_.get(lang, "shell.logout")) + "</button></form></div>";
    }
    page += "</header><main>" + bodyHtml + "</main></body></html>";
    return page;
}

void PageShellRenderer::render(helpdesk::RequestContext& ctx, const std::string& title, const std::string& bodyHtml,
                               const std::string& extraHead) {
    sendHtml(ctx.response, 200, html(ctx, title, bodyHtml, extraHead));
}

void PageShellRenderer::renderStatus(helpdesk::RequestContext& ctx, int status, const std::string& title,
                                     const std::string& bodyHtml) {
    sendHtml(ctx.response, status, html(ctx, title, bodyHtml));
}

} // namespace refhost
