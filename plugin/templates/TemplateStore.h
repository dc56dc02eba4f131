#pragma once
// Templates ("Plantillas HSM") as last synchronised from each account's WABA, and the departments
// allowed to use them.
#include "cloudapi/TemplateModel.h"

#include <helpdesk/Database.h>

#include <optional>
#include <string>
#include <vector>

namespace campaigns::templates {

struct StoredTemplate {
    long long id = 0;
    long long accountId = 0;
    std::string metaId, name, language, status, category;
    std::string parameterFormat; // POSITIONAL | NAMED
    int parameterCount = 0;
    std::string headerType;     // "" | TEXT | IMAGE | VIDEO | DOCUMENT | LOCATION
    std::string componentsJson; // the listing item as Meta sent it
    std::string syncedAt;       // ISO 8601 UTC
    std::vector<long long> departmentIds;

    bool approved() const { return status == "APPROVED"; }
    // The parsed model of componentsJson; throws TemplateParseError if it no longer parses.
    cloudapi::Template model() const;
};

// Which templates a list shows. A department sees only the templates assigned to it; "Sin
// departamento" (no department) sees every template.
struct TemplateFilter {
    std::optional<long long> accountId;
    std::optional<long long> departmentId; // empty = every template
    std::optional<std::string> status;
    bool approvedOnly = false;
};

struct SyncCounts {
    int added = 0;
    int updated = 0;
    int unchanged = 0;
    int removed = 0;                  // no longer listed upstream: kept, marked DELETED
    std::vector<std::string> skipped; // "name (language): reason", from the listing
};

// Status written for a template that the WABA no longer lists. Campaigns keep referencing it.
inline constexpr const char* kDeletedStatus = "DELETED";

// "POSITIONAL"/"NAMED" and the header type as stored.
std::string parameterFormatName(cloudapi::ParameterFormat f);
std::string headerTypeName(cloudapi::HeaderFormat f);
// Meta writes languages as en_US in listings and en-US in some webhooks.
std::string normalizeLanguage(std::string language);

class TemplateStore {
public:
    explicit TemplateStore(helpdesk::Database& db);

    // Makes the stored templates of the account equal to `listed`, in one transaction: inserts
    // new (name, language) pairs, updates changed ones, marks missing ones DELETED. Templates named
    // in `skipped` ("name (language): reason") are left as they are: they still exist upstream.
    SyncCounts applySync(long long accountId, const std::vector<cloudapi::Template>& listed,
                         const std::vector<std::string>& skipped);

    std::vector<StoredTemplate> list(const TemplateFilter& filter);
    std::optional<StoredTemplate> get(long long id);
    // Replaces the template's departments; false when the template does not exist.
    bool setDepartments(long long templateId, const std::vector<long long>& departmentIds);

    // Sets the status of the template Meta knows by `metaId`, else of the (name, language) pair
    // of an account of `wabaId`. Runs on the caller's session so a caller can commit it together
    // with other changes. Returns how many stored templates changed.
    int updateStatus(Poco::Data::Session& s, const std::string& metaId, const std::string& wabaId, const std::string& name,
                     const std::string& language, const std::string& status);

private:
    helpdesk::Database& db_;
};

} // namespace campaigns::templates
