#pragma once
// The "Crear campaña" pipeline: checks the request, then reader -> UploadValidator (with the
// template's parameter columns and rules, and the metadata links) -> EntryWriter.
//
// Small files (at most `backgroundRows` data rows): the campaign, its entries and its counters
// are stored in ONE transaction while the request waits; a file with errors stores nothing.
// Large files: the campaign is stored as `validating` and a background job validates and stores
// the entries in committed chunks (progress on the campaign row), ending `loaded` with its counters
// in one transaction, or `invalid` with its row errors (its partial entries deleted).
#include "accounts/AccountStore.h"
#include "campaign/CampaignStore.h"
#include "campaign/CreationErrors.h"
#include "campaign/FrequencyCap.h"
#include "campaign/SuppressionFilter.h"
#include "campaign/UploadStore.h"
#include "campaign/ValidationPlan.h"

#include <helpdesk/Database.h>
#include <helpdesk/Directory.h>

#include <Poco/Logger.h>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace campaigns::campaign {

struct CreationRequest {
    std::string name;
    std::optional<long long> departmentId;
    long long accountId = 0;
    long long templateId = 0;
    long long uploadId = 0;
    std::vector<validation::LinkOverride> links;
    bool allowDuplicates = false;
    // Only with a UTILITY template: numbers on the suppression list are not left out.
    bool includeSuppressedForUtility = false;
    // What the sender does with an entry over the frequency cap (MARKETING only): wait or skip it.
    CapAction frequencyCapAction = CapAction::Hold;
    bool expectsResponse = false;
    int waitHours = 0;
    std::optional<long long> mediaFileId;
    bool consent = false;
    long long userId = 0;
    std::string userName;
};

struct CreationResult {
    long long campaignId = 0;
    CampaignState state = CampaignState::Loaded;
    std::size_t entries = 0;
    std::size_t uniquePhones = 0;
};

struct CreationOptions {
    std::size_t backgroundRows = 50'000; // above this, validation runs in the background
    std::size_t chunkRows = 20'000;      // background: rows per committed chunk
    std::size_t storedIssues = 10'000;   // invalid campaigns keep this many row errors
    std::size_t maxNameChars = 200;
    // Opens the sheet; replaceable so tests can make a file fail halfway.
    std::function<std::unique_ptr<uploads::RowReader>(const StoredUpload&)> openReader;
};

class CampaignCreation {
public:
    // Uploads the header image to the account's Cloud API media endpoint; returns the media id.
    using MediaUploader = std::function<std::string(const accounts::Account&, const StoredUpload&)>;
    // Runs a job later on another thread (BackgroundValidation).
    using Defer = std::function<void(long long campaignId)>;

    CampaignCreation(helpdesk::Database& db, helpdesk::Directory& directory, accounts::AccountStore& accounts,
                     UploadStore& uploads, CampaignStore& campaigns, MediaUploader mediaUploader, Poco::Logger& logger,
                     CreationOptions options = {});

    void setDefer(Defer defer) { defer_ = std::move(defer); }

    // Throws CreationRefused; with issues when the file has errors (nothing stored).
    CreationResult create(const CreationRequest& request);

    // The background part for a campaign in `validating`; `cancelled` is polled between chunks
    // (the campaign then stays `validating` and is resumed later).
    void completeInBackground(long long campaignId, const std::atomic<bool>& cancelled);

    std::unique_ptr<uploads::RowReader> openSheet(const StoredUpload& upload) const;

    // The WABA whose suppression list applies to an account's campaigns; empty when unknown.
    std::string wabaOf(long long accountId) const;

private:
    // What a background validation run ended with (when not cancelled or rejected).
    struct BackgroundOutcome {
        validation::ValidationSummary summary;
        std::size_t written = 0;
    };

    void checkRequest(const CreationRequest& r, std::vector<FieldProblem>& problems) const;
    // The steps of create(); each throws CreationRefused with the field at fault.
    accounts::Account usableAccount(long long accountId) const;
    StoredUpload availableSheet(long long uploadId) const;
    ValidationPlan planFor(const CreationRequest& r) const;
    static NewCampaign newCampaign(const CreationRequest& r, const StoredUpload& sheet);
    // Uploads the template's header image to Meta (before any transaction) and sets it on `c`;
    // nothing when the template has none.
    std::optional<StoredUpload> uploadHeaderImage(const CreationRequest& r, const ValidationPlan& plan,
                                                  const accounts::Account& account, NewCampaign& c);
    // A large sheet: the campaign is stored as `validating` and validated by completeInBackground.
    CreationResult storeForBackground(NewCampaign c, const CreationRequest& r, const StoredUpload& sheet,
                                      const std::optional<StoredUpload>& image);
    // The steps of completeInBackground().
    std::optional<ValidationPlan> backgroundPlan(const CampaignRecord& campaign);
    BackgroundOutcome validateAndStore(const CampaignRecord& campaign, const StoredUpload& sheet, ValidationPlan& plan,
                                       const std::atomic<bool>& cancelled);
    // Removes the campaign's entries and marks it invalid with these errors (or one file-level error).
    void markInvalid(long long campaignId, std::size_t count, const std::string& errorsJson);
    void markInvalid(long long campaignId, const std::string& why);
    CreationResult storeSmall(NewCampaign campaign, const CreationRequest& r, ValidationPlan& plan, const StoredUpload& sheet);
    // Stores the rows the suppression list left out (count and notices) on the campaign.
    void recordExcluded(Poco::Data::Session& s, long long campaignId, const SuppressionFilter& filter);

    helpdesk::Database& db_;
    helpdesk::Directory& directory_;
    accounts::AccountStore& accounts_;
    UploadStore& uploads_;
    CampaignStore& campaigns_;
    MediaUploader mediaUploader_;
    Poco::Logger& logger_;
    CreationOptions options_;
    Defer defer_;
};

} // namespace campaigns::campaign
