#pragma once
// A campaign as the list page and the API show it: state label in the reader's language,
// department name, the actions the seed allows in its state, validation progress.
#include "campaign/CampaignStore.h"

#include <helpdesk/Directory.h>

#include <Poco/JSON/Object.h>

#include <map>
#include <string>

namespace campaigns::campaign {

// `words` (campaign/CampaignState.h) in the reader's language: state.<code> and create.noDepartment.
Poco::JSON::Object campaignJson(const CampaignRecord& c, const std::map<long long, std::string>& departmentNames,
                                const Words& words);
std::map<long long, std::string> departmentNames(helpdesk::Directory& directory);

// A spreadsheet cell that a program could read as a formula (= + - @ TAB CR first) gets a leading
// apostrophe, so a downloaded file never runs what a user typed.
std::string neutralizeCell(const std::string& text);

} // namespace campaigns::campaign
