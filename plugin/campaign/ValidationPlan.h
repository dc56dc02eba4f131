#pragma once
// Everything the upload validator needs for one template, department and set of link choices.
#include "campaign/CampaignTemplate.h"
#include "validation/UploadValidator.h"

#include <helpdesk/Directory.h>

#include <Poco/Data/Session.h>

#include <memory>
#include <optional>
#include <vector>

namespace campaigns::campaign {

struct ValidationPlan {
    CampaignTemplate tmpl;
    std::shared_ptr<validation::MetadataLinker> linker; // options.linker points here
    validation::ValidationOptions options;
};

// Throws CreationRefused (404 template, 422 not approved or not available to the department,
// unknown department).
ValidationPlan makeValidationPlan(Poco::Data::Session& session, helpdesk::Directory& directory, long long templateId,
                                  std::optional<long long> departmentId, bool allowDuplicates,
                                  std::vector<validation::LinkOverride> links);

// Link choices as stored on the campaign row and sent by the modal: [{"column": 4, "metadata_id": 7|null}].
std::string linksToJson(const std::vector<validation::LinkOverride>& links);
std::vector<validation::LinkOverride> linksFromJson(const std::string& json);

// Issues as the API and the campaign row carry them.
std::string issuesToJson(const std::vector<validation::UploadIssue>& issues, std::size_t max);

} // namespace campaigns::campaign
