#pragma once
#include "Roles.h"

#include <optional>
#include <string>
#include <vector>

namespace helpdesk {

struct Department {
    long long id = 0;
    std::string name;
};

enum class MetadataType { Text, Paragraph, YesNo }; // Texto, Párrafo, Sí/No
enum class MetadataScope { Ticket, Client };

struct MetadataDefinition {
    long long id = 0;
    std::string name;           // shown name, e.g. "Número de caso"
    std::string integrationKey; // e.g. "numero_caso"; may be empty (then not linkable by campaigns)
    MetadataType type = MetadataType::Text;
    MetadataScope scope = MetadataScope::Ticket;
    // Empty = available to every department.
    std::vector<long long> departmentIds;
};

// Read access to the host's departments, ticket metadata and users. Thread-safe; values are
// snapshots read from the host's database at call time. Throws Poco::Exception on database errors.
class Directory {
public:
    virtual ~Directory() = default;
    virtual std::vector<Department> departments() = 0;
    virtual std::optional<Department> department(long long id) = 0;
    virtual std::vector<MetadataDefinition> metadata() = 0;
    virtual std::optional<User> user(long long id) = 0;
};

} // namespace helpdesk
