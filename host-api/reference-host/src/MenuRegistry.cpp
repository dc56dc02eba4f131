#include "MenuRegistry.h"

#include <algorithm>
#include <stdexcept>

namespace refhost {

void MenuRegistry::add(const helpdesk::MenuEntry& entry, const std::string& owner) {
    if (entry.section.empty() || entry.label.empty() || entry.path.empty() || entry.path[0] != '/') {
        throw std::invalid_argument("menu entry needs a section, a label and an absolute path");
    }
    std::lock_guard lock(mutex_);
    entries_.push_back({entry, owner});
}

void MenuRegistry::removeOwner(const std::string& owner) {
    std::lock_guard lock(mutex_);
    std::erase_if(entries_, [&](const auto& e) { return e.owner == owner; });
}

std::vector<MenuSection> MenuRegistry::visibleTo(const helpdesk::User& user) const {
    std::lock_guard lock(mutex_);
    std::vector<MenuSection> sections;
    for (const auto& e : entries_) {
        if (!helpdesk::hasRole(user, e.entry.role)) continue;
        auto it = std::find_if(sections.begin(), sections.end(), [&](const auto& s) { return s.name == e.entry.section; });
        if (it == sections.end()) {
            sections.push_back({e.entry.section, {}});
            it = sections.end() - 1;
        }
        it->entries.push_back(e.entry);
    }
    return sections;
}

} // namespace refhost
