#pragma once
// Files uploaded in the "Crear Campaña" modal before a campaign exists: the recipients sheet and
// the header image. Bytes on disk under the plugin's data folder, facts in campaigns_uploads.
#include <helpdesk/Database.h>

#include <Poco/Data/Session.h>
#include <Poco/Timespan.h>

#include <cstdint>
#include <optional>
#include <string>

namespace campaigns::campaign {

inline constexpr const char* kSheetUpload = "sheet";
inline constexpr const char* kImageUpload = "image";

struct StoredUpload {
    long long id = 0;
    std::string kind;     // kSheetUpload | kImageUpload
    std::string fileName; // as the user named it
    std::string path;     // where the bytes are
    std::string mime;
    std::uint64_t size = 0;
    std::size_t dataRows = 0; // sheets: rows after the header, as counted at upload
    long long createdBy = 0;
    std::optional<long long> campaignId;
};

class UploadStore {
public:
    UploadStore(helpdesk::Database& db, std::string directory);

    const std::string& directory() const { return directory_; }
    // A fresh path inside the directory for a file being received.
    std::string newFilePath() const;

    long long add(const StoredUpload& upload);
    std::optional<StoredUpload> get(long long id);
    void setDataRows(long long id, std::size_t rows);
    // Marks the upload as used by a campaign (kept from then on), on the caller's transaction.
    void attach(Poco::Data::Session& session, long long id, long long campaignId);
    // Marks the upload as used by `campaignId` only if no campaign uses it yet, on the caller's
    // transaction; false when another campaign already took it (the caller must roll back). The
    // row is locked until the caller commits, so of two concurrent claims exactly one succeeds.
    bool claim(Poco::Data::Session& session, long long id, long long campaignId);
    // The upload of `kind` a campaign was created from.
    std::optional<StoredUpload> findByCampaign(long long campaignId, const std::string& kind);
    // Deletes unused uploads older than `age`, rows and files. Returns how many.
    int expire(Poco::Timespan age);

private:
    helpdesk::Database& db_;
    std::string directory_;
};

// "YYYY-MM-DD HH:MM:SS.mmm" in UTC: how the plugin writes DATETIME(3) values from code.
std::string utcNowText();
std::string utcText(const Poco::Timestamp& t);

} // namespace campaigns::campaign
