// /_sim controls that send the quality webhooks the campaigns module's quality breaker reacts to
// (issue 13): the number's quality, a template's quality score, and account_update restrictions.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>

namespace cloudsim {

class Simulator;

struct ControlAnswer {
    int status = 200;
    std::string body;
};

// POST /_sim/phone/quality {"quality":"RED","event":"DOWNGRADE","limit":"TIER_2K"[,"display_phone_number":"..."]}
ControlAnswer phoneQualityControl(Simulator& sim, const Poco::JSON::Object& body);
// POST /_sim/templates/{name}/quality {"quality":"RED","language":"es"}
ControlAnswer templateQualityControl(Simulator& sim, const std::string& name, const Poco::JSON::Object& body);
// POST /_sim/account/update {"event":"ACCOUNT_RESTRICTION","restriction_type":"RESTRICTED_BIZ_INITIATED_MESSAGING"}
ControlAnswer accountUpdateControl(Simulator& sim, const Poco::JSON::Object& body);

} // namespace cloudsim
