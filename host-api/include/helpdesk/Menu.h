#pragma once
#include "Roles.h"

#include <string>

namespace helpdesk {

// An entry in the host's top menu, e.g. section "Administrador", label "Mis Campañas".
struct MenuEntry {
    std::string section; // "Administrador", "Analítica", ...
    std::string label;   // shown text (Spanish)
    std::string labelEn; // English label, may be empty
    std::string path;    // URL the entry opens
    Role role = Role::Administrator;
};

class Menu {
public:
    virtual ~Menu() = default;
    // Called from Plugin::start(). Entries of a stopped plugin are removed by the host.
    virtual void add(const MenuEntry& entry) = 0;
};

} // namespace helpdesk
