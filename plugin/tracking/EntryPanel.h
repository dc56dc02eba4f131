#pragma once
// The campaign's block on the helpdesk ticket of one of its messages: which campaign (linked to
// its analytics), when the message was accepted, and its WhatsApp state (sent, delivered, read,
// replied, failed with the reason). The state stays current on an open page: a small script asks
// GET /campaigns/api/v1/entries/{id}/whatsapp-state every few seconds while the tab is visible.
#include "web/PageTemplates.h"

#include <helpdesk/Database.h>
#include <helpdesk/Http.h>
#include <helpdesk/Tickets.h>

#include <string>

namespace campaigns::tracking {

struct EntryWhatsAppState {
    long long entryId = 0, campaignId = 0;
    std::string campaignName;
    std::string acceptedAt; // "dd/MM/yyyy HH:mm" in the installation's time zone, empty when not accepted
    std::string label;      // "Entregado", "Leído", "Fallido", ... in the reader's language (panel.state.*)
    std::string detail;     // the failure's reason, empty otherwise
    std::string tone;       // "ok", "warn", "bad", "muted": the badge's colour
};

class EntryPanel {
public:
    // `text`: the plugin's locale strings (panel.*), so an agent reads the panel in the language the
    // host picked for the request; `agentStaticUrl`: where the agent-readable static files are
    // served (the panel's script and style); `timeZone`: the installation's, for the times shown.
    EntryPanel(helpdesk::Database& db, web::PageTemplates& text, std::string agentStaticUrl, std::string timeZone);

    // The ticket panel for "campaigns:entry:" tickets and the state route (role Agent).
    void registerRoutes(helpdesk::Router& router, helpdesk::Tickets& tickets);

    // None when the entry does not exist.
    std::optional<EntryWhatsAppState> state(long long entryId, const std::string& locale);
    std::string html(const helpdesk::TicketState& ticket, const std::string& locale);

private:
    void stateRoute(helpdesk::RequestContext& ctx);

    helpdesk::Database& db_;
    web::PageTemplates& text_;
    std::string staticUrl_;
    std::string timeZone_;
};

} // namespace campaigns::tracking
