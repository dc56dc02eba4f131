#pragma once
// The campaigns_campaigns rows: creation, the validating -> loaded | invalid transitions with the
// counters they set, progress, listing and renaming. Entries are written by EntryWriter.
#include "campaign/CampaignSchedule.h"
#include "campaign/CampaignState.h"
#include "campaign/FrequencyCap.h"

#include <helpdesk/Database.h>

#include <Poco/Data/Session.h>

#include <optional>
#include <string>
#include <vector>

namespace campaigns::campaign {

struct NewCampaign {
    std::string name;
    bool includeSuppressedForUtility = false;       // UTILITY templates only: suppressed numbers are sent
    CapAction frequencyCapAction = CapAction::Hold; // entries over the frequency cap: wait or skip
    long long accountId = 0;
    long long templateId = 0;
    std::optional<long long> departmentId;
    CampaignState state = CampaignState::Validating;
    bool expectsResponse = false;
    int waitHours = 0;
    bool allowDuplicates = false;
    std::string headerMediaId;
    std::string headerImageFile;
    std::string fileName;
    std::string metadataLinksJson = "[]";
    long long createdBy = 0;
    std::string createdByName;
    std::size_t rowsTotal = 0;
};

struct CampaignRecord {
    long long id = 0;
    std::string name;
    long long accountId = 0, templateId = 0;
    std::string accountName, templateName;
    std::optional<long long> departmentId;
    CampaignState state = CampaignState::Loaded;
    bool expectsResponse = false;
    int waitHours = 0;
    bool allowDuplicates = false;
    std::string headerMediaId, headerImageFile, fileName, metadataLinksJson;
    long long createdBy = 0;
    std::string createdByName;
    std::string createdAt, firstSentAt, finishedAt, responseDeadline; // ISO 8601 UTC or empty
    long long rowsTotal = 0, rowsProcessed = 0, errorCount = 0;
    std::string errorsJson;      // filled by get() only, not by list()
    long long excludedCount = 0; // rows left out: their number is on the suppression list
    std::string excludedJson;    // their notices (capped); filled by get() only
    long long entriesTotal = 0, uniquePhones = 0, nQueued = 0, nAccepted = 0, nFailedSend = 0, nUnknown = 0;
    long long nDelivered = 0, nRead = 0, nReplied = 0;
    // While a finished campaign waits for answers (ResponseWindows.h): until when (ISO 8601 UTC)
    // and its open tickets. Empty and 0 otherwise. Filled by get() and list().
    std::string activeUntil;
    long long openTickets = 0;
    long long nSuppressed = 0, nDeferred = 0, nCapped = 0;
    long long nFailedAfterAccept = 0, nRetried = 0; // n_retried: entries sent again by "Reintentar fallidos"
    bool includeSuppressedForUtility = false;
    CapAction frequencyCapAction = CapAction::Hold;
    // Why it is paused (issue 13): English code (quality/PauseCodes.h) and Spanish text; '' otherwise.
    std::string pauseCode, pauseReason;
    CampaignSchedule schedule; // issue 13: scheduled start, send window, approval
};

struct CampaignFilter {
    std::optional<std::string> state;
    std::optional<long long> accountId;
    std::optional<long long> departmentId;
    bool withoutDepartment = false; // "Sin departamento"
    std::string text;               // part of the name
    int page = 1;
    int pageSize = 25;
};

struct CampaignPage {
    std::vector<CampaignRecord> items;
    long long total = 0;
};

class CampaignStore {
public:
    explicit CampaignStore(helpdesk::Database& db);

    // On the caller's transaction.
    long long insert(Poco::Data::Session& s, const NewCampaign& c);
    // validating -> loaded with the counters of its stored entries (CampaignState.h).
    void markLoaded(Poco::Data::Session& s, long long id, std::size_t entries, std::size_t uniquePhones);
    // validating -> invalid; errorsJson is the capped list, errorCount the full count.
    void markInvalid(Poco::Data::Session& s, long long id, std::size_t errorCount, const std::string& errorsJson);
    void setProgress(Poco::Data::Session& s, long long id, std::size_t rowsProcessed);
    // Rows left out of the file because their number is suppressed: the full count and the capped
    // notices (issuesToJson), on the caller's transaction.
    void setExcluded(Poco::Data::Session& s, long long id, std::size_t count, const std::string& noticesJson);
    // Deletes a campaign's entries in bounded batches, each committed (used for invalid campaigns).
    void deleteEntries(long long id);

    std::optional<CampaignRecord> get(long long id);
    CampaignPage list(const CampaignFilter& filter);
    // Ids of campaigns in `validating` whose last change is older than `minutes`.
    std::vector<long long> staleValidating(int minutes);

    enum class Rename { Done, NotFound, NotAllowed };
    Rename rename(long long id, const std::string& name, CampaignState* stateOut = nullptr);

private:
    // One aggregate query for all of `records`.
    void addResponseWindows(std::vector<CampaignRecord>& records);
    // The stored waves of `records` ("Programar en tandas"), one query.
    void addWaves(Poco::Data::Session& s, std::vector<CampaignRecord>& records);

    helpdesk::Database& db_;
};

} // namespace campaigns::campaign
