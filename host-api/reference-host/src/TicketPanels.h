#pragma once
#include <helpdesk/Tickets.h>

#include <shared_mutex>
#include <string>
#include <vector>

namespace refhost {

// The plugins' blocks on the ticket page (helpdesk::TicketPanel), tagged with their owner so a
// stopped plugin's panels go with it.
class TicketPanels {
public:
    void add(helpdesk::TicketPanel panel, const std::string& owner);
    // Returns once no panel of `owner` is rendering, so its code may then be unloaded.
    void removeOwner(const std::string& owner);
    // The HTML of every panel whose prefix starts the ticket's external key, each in a
    // <section class="card plugin-panel">. A panel that throws is logged with the ticket id and
    // left out.
    std::string render(const helpdesk::TicketState& ticket, const std::string& locale) const;
    std::size_t size() const;

private:
    struct Owned {
        helpdesk::TicketPanel panel;
        std::string owner;
    };
    // Shared while panels render (their code must stay loaded), exclusive to change the list.
    mutable std::shared_mutex mutex_;
    std::vector<Owned> panels_;
};

} // namespace refhost
