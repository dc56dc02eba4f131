#pragma once
// Brings an account's stored templates in line with its WABA's listing (every page), on demand
// and on a schedule.
#include "accounts/AccountStore.h"
#include "cloudapi/CloudApiClient.h"
#include "templates/TemplateStore.h"

#include <Poco/Logger.h>

#include <mutex>

namespace campaigns::templates {

struct SyncReport {
    long long accountId = 0;
    SyncCounts counts;
    int pages = 0;
    std::size_t listed = 0; // templates the listing carried that this module can use
};

class TemplateSync {
public:
    TemplateSync(accounts::AccountStore& accounts, cloudapi::CloudApiClient& client, TemplateStore& store, Poco::Logger& log,
                 int pageSize = 100);

    // Throws std::out_of_range for an unknown account and cloudapi::CloudApiError when the listing
    // fails (then nothing is changed).
    SyncReport syncAccount(long long accountId);

    // Every enabled account. A failing account is logged with its reason and does not stop the
    // others; returns how many failed.
    std::size_t syncAll();

private:
    accounts::AccountStore& accounts_;
    cloudapi::CloudApiClient& client_;
    TemplateStore& store_;
    Poco::Logger& log_;
    int pageSize_;
    // One sync at a time in this process: the scheduled run and an administrator's click would
    // otherwise insert the same new templates twice.
    std::mutex running_;
};

} // namespace campaigns::templates
