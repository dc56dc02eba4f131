#pragma once
// Files uploaded in the "Crear Campaña" modal before a campaign exists: the recipients sheet and
// the header image. Bytes on disk under the plugin's data folder, facts in campaigns_uploads.
#include <helpdesk/Database.h>

#include <Poco/Data/Session.h>
#include <Poco/Timestamp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
    // Retention (plugin/retention): uploads no campaign took, created before `before`; and the
    // sheets of campaigns that ended (completed, completed with errors, failed, cancelled, or
    // invalid: none of them reads its sheet again) before `before`. At most `limit` uploads with
    // ids above `afterId`, in id order, so a caller pages through them whatever it removes.
    std::vector<StoredUpload> unusedBefore(const Poco::Timestamp& before, long long afterId, std::size_t limit);
    std::vector<StoredUpload> endedSheetsBefore(const Poco::Timestamp& before, long long afterId, std::size_t limit);
    // Deletes the upload's row and its file in one transaction: the row only while it is still
    // unused when `u` was read unused (a campaign that claims it meanwhile keeps it), and the
    // transaction commits only once the file is gone, so a file that cannot be removed (throws
    // Poco::FileException) keeps its row for the next purge. A file already missing is fine.
    // False when the row was no longer there to delete (another host purged it, or it was claimed).
    bool remove(const StoredUpload& u);

private:
    helpdesk::Database& db_;
    std::string directory_;
};

// "YYYY-MM-DD HH:MM:SS.mmm" in UTC: how the plugin writes DATETIME(3) values from code.
std::string utcNowText();
std::string utcText(const Poco::Timestamp& t);

} // namespace campaigns::campaign
