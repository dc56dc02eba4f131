#pragma once
#include "HostDatabase.h"

#include <helpdesk/Directory.h>

#include <optional>
#include <string>
#include <vector>

namespace refhost {

const char* metadataTypeCode(helpdesk::MetadataType t);  // "text" | "paragraph" | "yesno"
const char* metadataTypeLabel(helpdesk::MetadataType t); // "Texto" | "Párrafo" | "Sí/No"
std::optional<helpdesk::MetadataType> parseMetadataType(const std::string& code);
const char* metadataScopeCode(helpdesk::MetadataScope s); // "ticket" | "client"
std::optional<helpdesk::MetadataScope> parseMetadataScope(const std::string& code);

// Departments, ticket metadata definitions and users, read by plugins and edited by the admin pages.
// Edits throw std::invalid_argument with a Spanish message for input the user must correct.
class DirectoryService : public helpdesk::Directory {
public:
    explicit DirectoryService(HostDatabase& db) : db_(db) {}

    std::vector<helpdesk::Department> departments() override;
    std::optional<helpdesk::Department> department(long long id) override;
    std::vector<helpdesk::MetadataDefinition> metadata() override;
    std::optional<helpdesk::User> user(long long id) override;

    std::optional<helpdesk::Department> departmentByName(const std::string& name);
    long long addDepartment(const std::string& name);
    void renameDepartment(long long id, const std::string& name);
    void deleteDepartment(long long id);

    std::optional<helpdesk::MetadataDefinition> metadataByKey(const std::string& integrationKey);
    long long addMetadata(const helpdesk::MetadataDefinition& definition);
    void deleteMetadata(long long id);

    std::vector<helpdesk::User> users();
    std::optional<helpdesk::User> userByLogin(const std::string& login);

private:
    HostDatabase& db_;
};

} // namespace refhost
