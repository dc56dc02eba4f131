#pragma once
// What campaign creation needs of a stored template: its model, its account, its departments and
// the upload columns with their value rules. Read-only; the templates capability owns the table.
#include "TemplateModel.h"
#include "uploads-validation/ParameterRules.h"

#include <Poco/Data/Session.h>

#include <optional>
#include <string>
#include <vector>

namespace campaigns {

struct CampaignTemplate {
    long long id = 0;
    long long accountId = 0;
    std::string status;
    templates::Template model;
    std::vector<long long> departmentIds;

    // A department sees only the templates assigned to it; "Sin departamento" sees them all.
    bool availableTo(std::optional<long long> departmentId) const;
    bool needsHeaderImage() const { return model.headerFormat == templates::HeaderFormat::Image; }
};

// Throws templates::TemplateParseError when the stored listing item no longer parses.
std::optional<CampaignTemplate> findCampaignTemplate(Poco::Data::Session& session, long long id);

struct UploadColumns {
    std::vector<std::string> names;            // file column per template parameter, in template order
    std::vector<uploads::ParameterRule> rules; // one per name
};
UploadColumns uploadColumnsOf(const templates::Template& t);

} // namespace campaigns
