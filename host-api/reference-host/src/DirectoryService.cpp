#include "DirectoryService.h"

#include "AccessPolicy.h"

#include <Poco/Nullable.h>
#include <Poco/String.h>

#include <map>
#include <stdexcept>

using namespace Poco::Data::Keywords;

namespace refhost {

const char* metadataTypeCode(helpdesk::MetadataType t) {
    switch (t) {
        case helpdesk::MetadataType::Text:
            return "text";
        case helpdesk::MetadataType::Paragraph:
            return "paragraph";
        case helpdesk::MetadataType::YesNo:
            return "yesno";
    }
    return "text";
}

const char* metadataTypeLabel(helpdesk::MetadataType t) {
    switch (t) {
        case helpdesk::MetadataType::Text:
            return "Texto";
        case helpdesk::MetadataType::Paragraph:
            return "Párrafo";
        case helpdesk::MetadataType::YesNo:
            return "Sí/No";
    }
    return "Texto";
}

std::optional<helpdesk::MetadataType> parseMetadataType(const std::string& code) {
    if (code == "text") return helpdesk::MetadataType::Text;
    if (code == "paragraph") return helpdesk::MetadataType::Paragraph;
    if (code == "yesno") return helpdesk::MetadataType::YesNo;
    return std::nullopt;
}

const char* metadataScopeCode(helpdesk::MetadataScope s) { return s == helpdesk::MetadataScope::Client ? "client" : "ticket"; }

std::optional<helpdesk::MetadataScope> parseMetadataScope(const std::string& code) {
    if (code == "ticket") return helpdesk::MetadataScope::Ticket;
    if (code == "client") return helpdesk::MetadataScope::Client;
    return std::nullopt;
}

namespace {

std::string requireName(const std::string& raw, const char* what) {
    std::string name = Poco::trim(raw);
    if (name.empty()) throw std::invalid_argument(std::string("El nombre ") + what + " es obligatorio.");
    if (name.size() > 190) throw std::invalid_argument(std::string("El nombre ") + what + " es demasiado largo.");
    return name;
}

} // namespace

std::vector<helpdesk::Department> DirectoryService::departments() {
    auto s = db_.session();
    std::vector<Poco::Int64> ids;
    std::vector<std::string> names;
    s << "SELECT id, name FROM departments ORDER BY name", into(ids), into(names), now;
    std::vector<helpdesk::Department> out;
    for (std::size_t i = 0; i < ids.size(); ++i) out.push_back({ids[i], names[i]});
    return out;
}

std::optional<helpdesk::Department> DirectoryService::department(long long id) {
    auto s = db_.session();
    Poco::Int64 key = id;
    std::vector<std::string> names;
    s << "SELECT name FROM departments WHERE id = ?", use(key), into(names), now;
    if (names.empty()) return std::nullopt;
    return helpdesk::Department{id, names.front()};
}

std::optional<helpdesk::Department> DirectoryService::departmentByName(const std::string& name) {
    auto s = db_.session();
    std::string n = name;
    std::vector<Poco::Int64> ids;
    s << "SELECT id FROM departments WHERE name = ?", use(n), into(ids), now;
    if (ids.empty()) return std::nullopt;
    return helpdesk::Department{ids.front(), name};
}

long long DirectoryService::addDepartment(const std::string& rawName) {
    std::string name = requireName(rawName, "del departamento");
    if (departmentByName(name)) throw std::invalid_argument("Ya existe un departamento llamado «" + name + "».");
    auto s = db_.session();
    WriteTransaction tx(s, db_.dialect());
    s << "INSERT INTO departments (name) VALUES (?)", use(name), now;
    long long id = db_.lastInsertId(s);
    tx.commit();
    return id;
}

void DirectoryService::renameDepartment(long long id, const std::string& rawName) {
    std::string name = requireName(rawName, "del departamento");
    auto existing = departmentByName(name);
    if (existing && existing->id != id) throw std::invalid_argument("Ya existe un departamento llamado «" + name + "».");
    if (!department(id)) throw std::invalid_argument("El departamento no existe.");
    auto s = db_.session();
    Poco::Int64 key = id;
    s << "UPDATE departments SET name = ? WHERE id = ?", use(name), use(key), now;
}

void DirectoryService::deleteDepartment(long long id) {
    if (!department(id)) throw std::invalid_argument("El departamento no existe.");
    auto s = db_.session();
    Poco::Int64 key = id;
    WriteTransaction tx(s, db_.dialect());
    // Tickets keep existing as "Sin departamento"; done explicitly so both dialects agree.
    s << "UPDATE tickets SET department_id = NULL WHERE department_id = ?", use(key), now;
    s << "DELETE FROM ticket_metadata_departments WHERE department_id = ?", use(key), now;
    s << "DELETE FROM departments WHERE id = ?", use(key), now;
    tx.commit();
}

std::vector<helpdesk::MetadataDefinition> DirectoryService::metadata() {
    auto s = db_.session();
    std::vector<Poco::Int64> ids;
    std::vector<std::string> names, types, scopes;
    std::vector<Poco::Nullable<std::string>> keys;
    s << "SELECT id, name, integration_key, type, scope FROM ticket_metadata ORDER BY id", into(ids), into(names), into(keys),
        into(types), into(scopes), now;
    std::vector<Poco::Int64> linkMeta, linkDept;
    s << "SELECT metadata_id, department_id FROM ticket_metadata_departments ORDER BY department_id", into(linkMeta),
        into(linkDept), now;
    std::map<long long, std::vector<long long>> departmentsOf;
    for (std::size_t i = 0; i < linkMeta.size(); ++i) departmentsOf[linkMeta[i]].push_back(linkDept[i]);
    std::vector<helpdesk::MetadataDefinition> out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        helpdesk::MetadataDefinition d;
        d.id = ids[i];
        d.name = names[i];
        d.integrationKey = keys[i].isNull() ? std::string() : keys[i].value();
        d.type = parseMetadataType(types[i]).value_or(helpdesk::MetadataType::Text);
        d.scope = parseMetadataScope(scopes[i]).value_or(helpdesk::MetadataScope::Ticket);
        d.departmentIds = departmentsOf[d.id];
        out.push_back(std::move(d));
    }
    return out;
}

std::optional<helpdesk::MetadataDefinition> DirectoryService::metadataByKey(const std::string& integrationKey) {
    for (auto& d : metadata()) {
        if (!integrationKey.empty() && d.integrationKey == integrationKey) return d;
    }
    return std::nullopt;
}

long long DirectoryService::addMetadata(const helpdesk::MetadataDefinition& definition) {
    std::string name = requireName(definition.name, "del metadato");
    std::string key = Poco::trim(definition.integrationKey);
    for (char c : key) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) {
            throw std::invalid_argument("La clave de integración solo admite letras, números, '_' y '-'.");
        }
    }
    if (!key.empty() && metadataByKey(key)) throw std::invalid_argument("Ya existe un metadato con la clave «" + key + "».");
    for (long long dep : definition.departmentIds) {
        if (!department(dep)) throw std::invalid_argument("Departamento desconocido: " + std::to_string(dep));
    }
    Poco::Nullable<std::string> keyValue;
    if (!key.empty()) keyValue = key;
    std::string type = metadataTypeCode(definition.type);
    std::string scope = metadataScopeCode(definition.scope);
    auto s = db_.session();
    WriteTransaction tx(s, db_.dialect());
    s << "INSERT INTO ticket_metadata (name, integration_key, type, scope) VALUES (?, ?, ?, ?)", use(name), use(keyValue),
        use(type), use(scope), now;
    Poco::Int64 id = db_.lastInsertId(s);
    for (long long dep : definition.departmentIds) {
        Poco::Int64 d = dep;
        s << "INSERT INTO ticket_metadata_departments (metadata_id, department_id) VALUES (?, ?)", use(id), use(d), now;
    }
    tx.commit();
    return id;
}

void DirectoryService::deleteMetadata(long long id) {
    auto s = db_.session();
    Poco::Int64 key = id;
    WriteTransaction tx(s, db_.dialect());
    s << "DELETE FROM ticket_metadata_values WHERE metadata_id = ?", use(key), now;
    s << "DELETE FROM ticket_metadata_departments WHERE metadata_id = ?", use(key), now;
    s << "DELETE FROM ticket_metadata WHERE id = ?", use(key), now;
    tx.commit();
}

namespace {

std::vector<helpdesk::User> toUsers(const std::vector<Poco::Int64>& ids, const std::vector<std::string>& logins,
                                    const std::vector<std::string>& names, const std::vector<std::string>& roles) {
    std::vector<helpdesk::User> out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        out.push_back({ids[i], logins[i], names[i], parseRole(roles[i]).value_or(helpdesk::Role::Agent)});
    }
    return out;
}

} // namespace

std::vector<helpdesk::User> DirectoryService::users() {
    auto s = db_.session();
    std::vector<Poco::Int64> ids;
    std::vector<std::string> logins, names, roles;
    s << "SELECT id, login, display_name, role FROM users ORDER BY login", into(ids), into(logins), into(names), into(roles), now;
    return toUsers(ids, logins, names, roles);
}

std::optional<helpdesk::User> DirectoryService::user(long long id) {
    auto s = db_.session();
    Poco::Int64 key = id;
    std::vector<Poco::Int64> ids;
    std::vector<std::string> logins, names, roles;
    s << "SELECT id, login, display_name, role FROM users WHERE id = ?", use(key), into(ids), into(logins), into(names),
        into(roles), now;
    auto users = toUsers(ids, logins, names, roles);
    if (users.empty()) return std::nullopt;
    return users.front();
}

std::optional<helpdesk::User> DirectoryService::userByLogin(const std::string& login) {
    auto s = db_.session();
    std::string key = login;
    std::vector<Poco::Int64> ids;
    std::vector<std::string> logins, names, roles;
    s << "SELECT id, login, display_name, role FROM users WHERE login = ?", use(key), into(ids), into(logins), into(names),
        into(roles), now;
    auto users = toUsers(ids, logins, names, roles);
    if (users.empty()) return std::nullopt;
    return users.front();
}

} // namespace refhost
