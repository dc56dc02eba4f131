#pragma once
// The "Crear Campaña" capability as the plugin wires it: stores, the creation pipeline, the
// background validator, the Idempotency-Key expiry task, and the routes of the uploads, media and
// campaigns API (/campaigns/api/v1).
#include "campaign/BackgroundValidation.h"
#include "campaign/CampaignCreation.h"
#include "campaign/CampaignJson.h"
#include "campaign/CampaignStore.h"
#include "campaign/UploadStore.h"
#include "web/IdempotentRequests.h"
#include "web/PageTemplates.h"

#include <helpdesk/HostContext.h>

#include <memory>

namespace campaigns::cloudapi {
class CloudApiClient;
} // namespace campaigns::cloudapi

namespace campaigns::campaign {

class CampaignsApi;
class UploadsApi;

class CreationModule {
public:
    // `text`: the plugin's locale strings, for the words its JSON carries in the reader's language.
    CreationModule(helpdesk::HostContext& host, accounts::AccountStore& accounts, cloudapi::CloudApiClient& cloudApi,
                   web::PageTemplates& text);
    ~CreationModule();

    void registerRoutes(helpdesk::Router& router);
    // Resumes campaigns left validating and schedules the Idempotency-Key expiry task.
    void start();
    // Undoes start(): cancels the task and stops the background validator (an interrupted campaign
    // resumes at the next start).
    void stop();

    UploadStore& uploads() { return *uploads_; }
    CampaignStore& store() { return *store_; }
    CampaignCreation& creation() { return *creation_; }
    helpdesk::HostContext& host() { return host_; }
    web::PageTemplates& text() { return text_; }
    web::IdempotentRequests& idempotency() { return *idempotency_; }

private:
    void creationOptions(helpdesk::RequestContext& ctx);

    helpdesk::HostContext& host_;
    web::PageTemplates& text_;
    std::unique_ptr<UploadStore> uploads_;
    std::unique_ptr<CampaignStore> store_;
    std::unique_ptr<CampaignCreation> creation_;
    std::unique_ptr<BackgroundValidation> background_;
    std::unique_ptr<web::IdempotentRequests> idempotency_;
    long long expiryTask_ = 0;
    std::unique_ptr<UploadsApi> uploadsApi_;
    std::unique_ptr<CampaignsApi> campaignsApi_;
};

// POST /campaigns/api/v1/campaigns: reads the body (at most kMaxJsonBody), honours an
// Idempotency-Key, creates the campaign and answers 201 with it (or the refusal).
void answerCreateCampaign(helpdesk::RequestContext& ctx, CampaignCreation& creation, CampaignStore& store,
                          helpdesk::Directory& directory, web::IdempotentRequests& idempotency, const Words& words);

// Largest JSON body the campaigns and uploads API reads.
inline constexpr std::size_t kMaxJsonBody = 1024 * 1024;
// Upload size caps.
inline constexpr std::uint64_t kMaxSheetBytes = 100ull * 1024 * 1024;
inline constexpr std::uint64_t kMaxImageBytes = 5ull * 1024 * 1024;

// HttpError for a refusal, details = field problems and file issues.
[[noreturn]] void throwRefused(const CreationRefused& e);

} // namespace campaigns::campaign
