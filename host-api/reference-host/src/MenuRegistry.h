#pragma once
#include <helpdesk/Menu.h>

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace refhost {

struct MenuSection {
    std::string name;
    std::vector<helpdesk::MenuEntry> entries;
};

// The top menu: sections in the order they first appeared, entries tagged with their owner.
class MenuRegistry {
public:
    void add(const helpdesk::MenuEntry& entry, const std::string& owner);
    void removeOwner(const std::string& owner);
    // Sections with at least one entry the user may open.
    std::vector<MenuSection> visibleTo(const helpdesk::User& user) const;

private:
    struct Owned {
        helpdesk::MenuEntry entry;
        std::string owner;
    };
    mutable std::mutex mutex_;
    std::vector<Owned> entries_;
};

class OwnedMenu : public helpdesk::Menu {
public:
    OwnedMenu(MenuRegistry& registry, std::string owner) : registry_(registry), owner_(std::move(owner)) {}
    void add(const helpdesk::MenuEntry& entry) override { registry_.add(entry, owner_); }

private:
    MenuRegistry& registry_;
    std::string owner_;
};

} // namespace refhost
