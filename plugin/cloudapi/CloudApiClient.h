#pragma once
// The Cloud API calls the campaigns module makes, over pooled kept-alive connections. Safe to use
// from many threads at once; holds no per-account state.
//
// Delivery guarantee of sendMessage: the Cloud API has no idempotency key, so the client never
// resends on its own. It reports Retryable only when the complete request provably did not reach
// Meta (connection refused, failure while writing) or Meta answered with a retryable error code;
// once the last byte of the request was written, a missing or unreadable answer is Ambiguous.

#include "cloudapi/CloudApiTypes.h"
#include "cloudapi/ConnectionPool.h"
#include "cloudapi/Outcome.h"

#include <memory>
#include <string>
#include <string_view>

namespace campaigns::cloudapi {

class CloudApiClient {
public:
    explicit CloudApiClient(std::shared_ptr<ConnectionPool> pool);

    // POST {base}/{version}/{phone-number-id}/messages with a body from PayloadBuilder.
    SendOutcome sendMessage(const AccountEndpoint& account, std::string_view jsonBody) const;

    // GET {base}/{version}/{waba-id}/message_templates, following the `after` cursor for as long
    // as Meta reports a next page. Throws CloudApiError.
    TemplateListing listTemplates(const AccountEndpoint& account, int pageSize = 100) const;

    // POST {base}/{version}/{phone-number-id}/media (multipart); returns the media id.
    // Throws CloudApiError.
    std::string uploadMedia(const AccountEndpoint& account, std::string_view bytes, const std::string& mimeType,
                            const std::string& filename) const;

    // GET {base}/{version}/{phone-number-id}?fields=... for the account's "test connection".
    // Throws CloudApiError.
    PhoneNumberInfo phoneNumberInfo(const AccountEndpoint& account) const;

    // Larger answers are not expected from the Cloud API and are not kept.
    static constexpr std::size_t kMaxResponseBytes = 4 * 1024 * 1024;

private:
    struct Exchange;
    Exchange exchange(const AccountEndpoint& account, const std::string& method, const std::string& pathAndQuery,
                      const std::string& contentType, std::string_view body) const;
    std::string getJson(const AccountEndpoint& account, const std::string& pathAndQuery) const;

    std::shared_ptr<ConnectionPool> pool_;
};

} // namespace campaigns::cloudapi
