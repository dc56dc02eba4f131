// Meta's error shapes: the synchronous Graph error object and the errors[] item of a failed
// status webhook, with the titles and default details of the codes the simulator produces.
#pragma once

#include <string>

namespace cloudsim {

struct GraphError {
    int code = 0;
    int httpStatus = 400;
    std::string type = "OAuthException";
    std::string title;
    std::string details;
    int subcode = 0;

    std::string toJson() const; // {"error":{...}}
};

GraphError graphError(int code, const std::string& details = std::string());
std::string errorTitle(int code);
std::string defaultDetails(int code);

// One item of statuses[].errors[] for a failed status webhook.
std::string asyncErrorJson(int code, const std::string& details = std::string());

} // namespace cloudsim
