#include "TicketPanels.h"

#include <Poco/Exception.h>
#include <Poco/Logger.h>

#include <mutex>
#include <stdexcept>

namespace refhost {

void TicketPanels::add(helpdesk::TicketPanel panel, const std::string& owner) {
    if (!panel.html) throw std::invalid_argument("a ticket panel needs an html function");
    std::unique_lock lock(mutex_);
    panels_.push_back({std::move(panel), owner});
}

void TicketPanels::removeOwner(const std::string& owner) {
    std::unique_lock lock(mutex_);
    std::erase_if(panels_, [&](const Owned& p) { return p.owner == owner; });
}

std::size_t TicketPanels::size() const {
    std::shared_lock lock(mutex_);
    return panels_.size();
}

std::string TicketPanels::render(const helpdesk::TicketState& ticket, const std::string& locale) const {
    std::string out;
    std::shared_lock lock(mutex_);
    for (const auto& p : panels_) {
        if (ticket.externalKey.rfind(p.panel.externalKeyPrefix, 0) != 0) continue;
        std::string why;
        try {
            out += "<section class=\"card plugin-panel\">" + p.panel.html(ticket, locale) + "</section>";
            continue;
        } catch (const Poco::Exception& e) {
            why = e.displayText();
        } catch (const std::exception& e) {
            why = e.what();
        } catch (...) {
            why = "unknown exception";
        }
        Poco::Logger::get("helpdesk.host.tickets")
            .error("panel of " + p.owner + " failed on ticket " + std::to_string(ticket.id) + ", page shown without it: " + why);
    }
    return out;
}

} // namespace refhost
