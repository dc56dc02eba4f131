#include "SeedDemo.h"

namespace refhost {

void seedDemo(HostServices& host, std::ostream& out) {
    struct DemoUser {
        const char* login;
        const char* name;
        helpdesk::Role role;
        const char* password;
    };
    for (const auto& u : {DemoUser{"admin", "Administrador", helpdesk::Role::Administrator, "admin123"},
                          DemoUser{"agente", "Agente", helpdesk::Role::Agent, "agente123"}}) {
        if (host.directory.userByLogin(u.login)) continue;
        host.auth.addUser(u.login, u.name, u.role, u.password);
        out << "usuario creado: " << u.login << " (" << helpdesk::roleName(u.role) << ")\n";
    }
    for (const char* name : {"Ventas", "Soporte"}) {
        if (host.directory.departmentByName(name)) continue;
        host.directory.addDepartment(name);
        out << "departamento creado: " << name << "\n";
    }
    const long long support = host.directory.departmentByName("Soporte")->id;
    struct DemoField {
        const char* name;
        const char* key;
        helpdesk::MetadataType type;
        helpdesk::MetadataScope scope;
        bool supportOnly;
    };
    using T = helpdesk::MetadataType;
    using S = helpdesk::MetadataScope;
    for (const auto& f :
         {DemoField{"Número de caso", "numero_caso", T::Text, S::Ticket, false},
          DemoField{"Comentario", "comentario", T::Paragraph, S::Ticket, false},
          DemoField{"Cliente VIP", "cliente_vip", T::YesNo, S::Ticket, false}, DemoField{"RUT", "rut", T::Text, S::Client, false},
          DemoField{"Prioridad Soporte", "prioridad_soporte", T::Text, S::Ticket, true}}) {
        if (host.directory.metadataByKey(f.key)) continue;
        helpdesk::MetadataDefinition d;
        d.name = f.name;
        d.integrationKey = f.key;
        d.type = f.type;
        d.scope = f.scope;
        if (f.supportOnly) d.departmentIds.push_back(support);
        host.directory.addMetadata(d);
        out << "metadato creado: " << f.name << " (" << f.key << ")\n";
    }
}

} // namespace refhost
