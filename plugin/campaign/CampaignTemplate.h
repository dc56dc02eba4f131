#pragma once
// What campaign creation needs of a stored template: its model, its account, its departments and
// the upload columns with their value rules. Read-only; the templates capability owns the table.
#include "cloudapi/TemplateModel.h"
#include "validation/ParameterRules.h"

#include <Poco/Data/Session.h>

#include <optional>
#include <string>
#include <vector>

namespace campaigns::campaign {

struct CampaignTemplate {
    long long id = 0;
    long long accountId = 0;
    std::string status;
    cloudapi::Template model;
    std::vector<long long> departmentIds;

    // A department sees only the templates assigned to it; "Sin departamento" sees them all.
    bool availableTo(std::optional<long long> departmentId) const;
    bool needsHeaderImage() const { return model.headerFormat == cloudapi::HeaderFormat::Image; }
};

// Throws cloudapi::TemplateParseError when the stored listing item no longer parses.
std::optional<CampaignTemplate> findCampaignTemplate(Poco::Data::Session& session, long long id);

struct UploadColumns {
    std::vector<std::string> names;               // file column per template parameter, in template order
    std::vector<validation::ParameterRule> rules; // one per name
};
UploadColumns uploadColumnsOf(const cloudapi::Template& t);

} // namespace campaigns::campaign
