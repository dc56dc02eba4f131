#pragma once
// A campaign as the list page and the API show it: Spanish state label, department name, the
// actions the seed allows in its state, validation progress.
#include "campaign/CampaignStore.h"

#include <helpdesk/Directory.h>

#include <Poco/JSON/Object.h>

#include <map>

namespace campaigns::campaign {

Poco::JSON::Object campaignJson(const CampaignRecord& c, const std::map<long long, std::string>& departmentNames);
std::map<long long, std::string> departmentNames(helpdesk::Directory& directory);

// A spreadsheet cell that a program could read as a formula (= + - @ TAB CR first) gets a leading
// apostrophe, so a downloaded file never runs what a user typed.
std::string neutralizeCell(const std::string& text);

} // namespace campaigns::campaign
