#pragma once
// Per-account settings and results of the Cloud API client's management calls.

#include "cloudapi/Outcome.h"
#include "cloudapi/TemplateModel.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace campaigns::cloudapi {

// Everything that differs between accounts, passed with every call so that one client (and one
// connection pool) serves all accounts from all worker threads.
struct AccountEndpoint {
    std::string baseUrl = "https://graph.facebook.com"; // a path prefix is allowed (simulators)
    std::string apiVersion = "v23.0";
    std::string phoneNumberId;
    std::string wabaId;
    std::string accessToken; // never logged, never put in an exception text
};

struct PhoneNumberInfo {
    std::string displayPhoneNumber;
    std::string verifiedName;
    std::string qualityRating;   // GREEN / YELLOW / RED / UNKNOWN
    std::string throughputLevel; // STANDARD / HIGH ...
    std::string messagingLimit;  // TIER_250 / TIER_2K / ... / TIER_UNLIMITED
};

struct TemplateListing {
    std::vector<cloudapi::Template> templates;
    // Templates Meta returned that this module cannot send, with the reason ("name (lang): why").
    std::vector<std::string> skipped;
    int pages = 0;
};

// A management call (templates, media, phone info) that did not succeed. outcome() says what kind
// of failure it was (PauseSender for a bad token, Retryable for a refused connection, ...).
class CloudApiError : public std::runtime_error {
public:
    CloudApiError(SendOutcome outcome, int httpStatus);

    const SendOutcome& outcome() const { return outcome_; }
    int httpStatus() const { return httpStatus_; } // 0 when no HTTP answer arrived

private:
    SendOutcome outcome_;
    int httpStatus_;
};

} // namespace campaigns::cloudapi
