// Checks the "template" object of a send against the catalogue the way Meta does: name and
// language (132001), status (132015/132016), parameter counts per component (132000), media
// header presence and parameter formats (132012), named vs positional parameters.
#pragma once

#include "GraphError.h"
#include "TemplateCatalog.h"

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <vector>

namespace cloudsim {

struct QuickReply {
    std::string text;
    std::string payload;
};

struct SendCheck {
    std::optional<GraphError> error;
    TemplatePtr templ;
    std::vector<QuickReply> quickReplies; // the template's quick replies with the payloads sent
};

SendCheck validateTemplateSend(const TemplateCatalog& catalog, const Poco::JSON::Object& templateObject);

// The same checks for a template already found; exposed for unit tests.
SendCheck checkParameters(const TemplatePtr& templ, const Poco::JSON::Object& templateObject);

} // namespace cloudsim
