#pragma once
#include "HostText.h"
#include "MenuRegistry.h"

#include <helpdesk/Http.h>

#include <string>

namespace refhost {

// Wraps page bodies in the host's layout: top bar with the menu the user may see, user name and
// "Salir" in the request's language, and the session's CSRF token in <meta name="csrf-token"> for scripts.
class PageShellRenderer : public helpdesk::PageShell {
public:
    PageShellRenderer(MenuRegistry& menu, const HostText& text) : menu_(menu), text_(text) {}
    std::string html(const helpdesk::RequestContext& ctx, const std::string& title, const std::string& bodyHtml,
                     const std::string& extraHead = {}) const;
    void render(helpdesk::RequestContext& ctx, const std::string& title, const std::string& bodyHtml,
                const std::string& extraHead = {}) override;
    // Same, with a status other than 200 (form errors).
    void renderStatus(helpdesk::RequestContext& ctx, int status, const std::string& title, const std::string& bodyHtml);

private:
    MenuRegistry& menu_;
    const HostText& text_;
};

} // namespace refhost
