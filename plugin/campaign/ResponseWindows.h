#pragma once
// "La campaña se considera activa durante el tiempo que esté programada para esperar respuesta":
// which finished campaigns still wait for their customers' answers, until when, and how many of
// their tickets are open. Read for a whole page of campaigns from the counter n_open_tickets
// (migration 026, kept by tracking) and one index seek per waiting campaign for its last deadline.
//
// The window ends at the latest ticket_deadline of the campaign's open tickets: TicketSync gives
// every ticket of a campaign that expects a response the deadline accepted_at + wait_hours and
// closes it then (unless the customer answered). "Fecha de término" (response_deadline) is
// first_sent_at + wait_hours, the deadline of the FIRST message; a long send keeps tickets open
// after it, so the campaign shows as active until its last ticket's deadline instead.
#include "campaign/CampaignState.h"

#include <helpdesk/Database.h>

#include <Poco/Timestamp.h>

#include <map>
#include <string>
#include <vector>

namespace campaigns::campaign {

// What decides whether a campaign may still wait, from its row alone.
struct WindowCandidate {
    long long id = 0;
    CampaignState state = CampaignState::Loaded;
    bool expectsResponse = false;
    int waitHours = 0;
    std::string finishedAt; // ISO 8601 UTC ("2026-03-01T10:00:00Z") or empty
};

// A campaign that waits for answers now.
struct ResponseWindow {
    std::string activeUntil;   // ISO 8601 UTC: the latest deadline of its open tickets
    long long openTickets = 0; // its tickets the plugin has not closed (answered ones stay open)
};

// Whether a campaign can still be waiting at `now`: it finished sending (Completada or Finalizada
// con errores), expects a response and finished less than wait_hours ago. Every ticket's deadline
// is its message's acceptance + wait_hours, and every message was accepted before the campaign
// finished, so a campaign that fails this has no deadline left; its entries are not read.
bool mayStillWait(const WindowCandidate& c, const Poco::Timestamp& now);

class ResponseWindows {
public:
    explicit ResponseWindows(helpdesk::Database& db) : db_(db) {}

    // The campaigns among `campaigns` that wait at `now`, by id; the others are absent.
    std::map<long long, ResponseWindow> waiting(const std::vector<WindowCandidate>& campaigns,
                                                const Poco::Timestamp& now = Poco::Timestamp());

private:
    helpdesk::Database& db_;
};

} // namespace campaigns::campaign
