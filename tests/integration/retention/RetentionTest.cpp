// Retention (issue 15) against both databases: which webhook events and uploads a purge deletes,
// which it keeps, files on disk, a file that cannot be deleted, batches, and the daily claim.
#include "LogLines.h"
#include "TestDatabase.h"
#include "campaign/UploadStore.h"
#include "retention/DailyRun.h"
#include "retention/RetentionPurge.h"
#include "storage/MigrationRunner.h"
#include "storage/SqlDialect.h"
#include "webhooks/WebhookEventStore.h"

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Timespan.h>

#include <cppunit/extensions/HelperMacros.h>

#include <mutex>

using namespace campaigns;
using namespace Poco::Data::Keywords;
using webhooks::Processing;

namespace {

const Poco::Timestamp kNow; // the purge's clock in every test
std::string daysAgo(int days) { return storage::utcText(kNow - Poco::Timespan(days, 0, 0, 0, 0)); }

retention::RetentionSettings settings(int eventsDays, int sheetsDays, int unusedDays, std::size_t batch = retention::kBatchRows) {
    retention::RetentionSettings s;
    s.webhookEventsDays = eventsDays;
    s.sheetsDays = sheetsDays;
    s.unusedUploadsDays = unusedDays;
    s.batchRows = batch;
    return s;
}

} // namespace

class RetentionTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RetentionTest);
    CPPUNIT_TEST(oldProcessedEventsGoRecentAndUnprocessedStay);
    CPPUNIT_TEST(eventsAreDeletedInBatches);
    CPPUNIT_TEST(zeroDaysKeepsEverything);
    CPPUNIT_TEST(sheetsOfEndedCampaignsGoAfterTheWindow);
    CPPUNIT_TEST(unusedUploadsGoCampaignUploadsStay);
    CPPUNIT_TEST(aFileThatCannotBeDeletedIsLoggedAndTheRestGoes);
    CPPUNIT_TEST(uploadsArePagedInBatches);
    CPPUNIT_TEST(aStopEndsThePurgeBetweenBatches);
    CPPUNIT_TEST(theDailyRunIsClaimedOncePerDay);
    CPPUNIT_TEST_SUITE_END();

    std::unique_ptr<testsupport::TestDatabase> db;
    std::unique_ptr<Poco::TemporaryFile> dir;
    std::unique_ptr<campaign::UploadStore> uploads;
    std::unique_ptr<webhooks::WebhookEventStore> events;
    Poco::AutoPtr<testsupport::LogLines> log;
    std::unique_ptr<retention::RetentionPurge> purge;
    int nextEvent = 0;

public:
    void setUp() override {
        db = std::make_unique<testsupport::TestDatabase>();
        storage::MigrationRunner(*db, CAMPAIGNS_SQL_DIR, Poco::Logger::get("test")).run();
        dir = std::make_unique<Poco::TemporaryFile>();
        uploads = std::make_unique<campaign::UploadStore>(*db, Poco::Path(dir->path()).append("uploads").toString());
        events = std::make_unique<webhooks::WebhookEventStore>(*db);
        log = new testsupport::LogLines;
        Poco::Logger& logger = Poco::Logger::get("retention-test");
        logger.setChannel(log);
        logger.setLevel(Poco::Message::PRIO_INFORMATION);
        purge = std::make_unique<retention::RetentionPurge>(*events, *uploads, logger);
    }
    void tearDown() override {
        purge.reset();
        uploads.reset();
        if (dir && Poco::File(dir->path()).exists()) Poco::File(dir->path()).remove(true);
        dir.reset();
        events.reset();
        db.reset();
    }

    // A stored event that arrived `days` ago in state `p`; returns its id.
    long long addEvent(int days, Processing p) {
        auto s = db->session();
        std::string key = "key-" + std::to_string(++nextEvent), at = daysAgo(days);
        int processed = static_cast<int>(p);
        s << "INSERT INTO campaigns_webhook_events (dedupe_key, kind, payload, received_at, processed)"
             " VALUES (?, 'status', '{\"to\":\"56911112222\"}', ?, ?)",
            use(key), use(at), use(processed), now;
        return storage::lastInsertId(s, db->dialect());
    }
    std::vector<long long> eventIds() {
        auto s = db->session();
        std::vector<Poco::Int64> ids;
        s << "SELECT id FROM campaigns_webhook_events ORDER BY id", into(ids), now;
        return {ids.begin(), ids.end()};
    }

    // A campaign in `state` that finished (or, without finished_at, was last changed) `days` ago.
    long long addCampaign(const std::string& state, int days, bool finished = true) {
        auto s = db->session();
        std::string st = state, at = daysAgo(days);
        Poco::Nullable<std::string> fin;
        if (finished) fin = at;
        s << "INSERT INTO campaigns_campaigns (name, account_id, template_id, state, metadata_links_json, consent_at,"
             " created_at, updated_at, finished_at, file_name) VALUES ('c', 1, 1, ?, '[]', ?, ?, ?, ?, 'clientes.xlsx')",
            use(st), use(at), use(at), use(at), use(fin), now;
        return storage::lastInsertId(s, db->dialect());
    }
    // An upload with a file on disk, created `days` ago, used by `campaign` when given.
    campaign::StoredUpload addUpload(int days, std::optional<long long> campaign, const char* kind = campaign::kSheetUpload) {
        campaign::StoredUpload u;
        u.kind = kind;
        u.fileName = "clientes.xlsx";
        u.path = uploads->newFilePath();
        Poco::FileOutputStream(u.path) << "telefono\n56911112222\n";
        u.id = uploads->add(u);
        auto s = db->session();
        std::string at = daysAgo(days);
        Poco::Int64 id = u.id;
        s << "UPDATE campaigns_uploads SET created_at = ? WHERE id = ?", use(at), use(id), now;
        if (campaign) {
            Poco::Int64 c = *campaign;
            s << "UPDATE campaigns_uploads SET campaign_id = ? WHERE id = ?", use(c), use(id), now;
            u.campaignId = campaign;
        }
        return u;
    }
    bool stored(const campaign::StoredUpload& u) { return uploads->get(u.id).has_value(); }
    bool onDisk(const campaign::StoredUpload& u) { return Poco::File(u.path).exists(); }

    void oldProcessedEventsGoRecentAndUnprocessedStay() {
        const long long oldApplied = addEvent(40, Processing::Applied);
        const long long oldPending = addEvent(40, Processing::Pending);
        const long long oldSetAside = addEvent(35, Processing::SetAside);
        const long long oldWaiting = addEvent(31, Processing::WaitingForWamid);
        const long long edgeApplied = addEvent(29, Processing::Applied);
        const long long recentApplied = addEvent(1, Processing::Applied);
        const long long recentPending = addEvent(0, Processing::Pending);

        const auto r = purge->daily(settings(30, 0, 0), kNow);

        CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.webhookEvents);
        const std::vector<long long> expected{oldPending, oldWaiting, edgeApplied, recentApplied, recentPending};
        CPPUNIT_ASSERT(eventIds() == expected);
        (void)oldApplied;
        (void)oldSetAside;
        // Counts only: no payload in the log.
        bool logged = false;
        for (const auto& line : log->lines()) {
            CPPUNIT_ASSERT(line.find("56911112222") == std::string::npos);
            if (line.find("2 processed webhook events") != std::string::npos) logged = true;
        }
        CPPUNIT_ASSERT(logged);
        // A second purge finds nothing more.
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), purge->daily(settings(30, 0, 0), kNow).webhookEvents);
    }

    void eventsAreDeletedInBatches() {
        for (int i = 0; i < 23; ++i) {
            addEvent(60, Processing::Applied);
            if (i % 5 == 0) addEvent(60, Processing::Pending); // pages hold rows that stay
        }
        addEvent(2, Processing::Applied);
        const auto r = purge->daily(settings(30, 0, 0, 5), kNow);
        CPPUNIT_ASSERT_EQUAL(std::size_t(23), r.webhookEvents);
        // 28 old rows in pages of 5: 6 pages, each with finished rows to delete.
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), r.eventBatches);
        CPPUNIT_ASSERT_EQUAL(std::size_t(5 + 1), eventIds().size());
    }

    void zeroDaysKeepsEverything() {
        addEvent(400, Processing::Applied);
        const auto sheet = addUpload(400, addCampaign("completed", 400));
        const auto unused = addUpload(400, std::nullopt);
        auto r = purge->daily(settings(0, 0, 0), kNow);
        r.unusedUploads = purge->unusedUploads(settings(0, 0, 0), kNow).unusedUploads;
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), r.webhookEvents + r.sheets + r.unusedUploads);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), eventIds().size());
        CPPUNIT_ASSERT(stored(sheet) && onDisk(sheet) && stored(unused) && onDisk(unused));
    }

    void sheetsOfEndedCampaignsGoAfterTheWindow() {
        std::vector<campaign::StoredUpload> gone, kept;
        for (const char* state : {"completed", "completed_with_errors", "failed", "cancelled"})
            gone.push_back(addUpload(200, addCampaign(state, 91)));
        gone.push_back(addUpload(200, addCampaign("invalid", 95, false))); // no finished_at: updated_at
        kept.push_back(addUpload(200, addCampaign("completed", 89)));      // ended inside the window
        // Not ended, whatever their age: they may still read their sheet (validating) or send.
        for (const char* state : {"validating", "loaded", "scheduled", "sending", "paused"})
            kept.push_back(addUpload(200, addCampaign(state, 300, false)));
        kept.push_back(addUpload(200, addCampaign("paused", 300, true)));
        // The header image of an ended campaign is not a sheet: it stays with the campaign.
        kept.push_back(addUpload(200, addCampaign("completed", 300), campaign::kImageUpload));

        const auto r = purge->daily(settings(0, 90, 0), kNow);

        CPPUNIT_ASSERT_EQUAL(gone.size(), r.sheets);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), r.fileErrors);
        for (const auto& u : gone) CPPUNIT_ASSERT(!stored(u) && !onDisk(u));
        for (const auto& u : kept) CPPUNIT_ASSERT(stored(u) && onDisk(u));
        // The campaigns themselves are untouched.
        auto s = db->session();
        Poco::Int64 campaigns = 0;
        s << "SELECT COUNT(*) FROM campaigns_campaigns", into(campaigns), now;
        CPPUNIT_ASSERT_EQUAL(Poco::Int64(13), campaigns);
    }

    void unusedUploadsGoCampaignUploadsStay() {
        const auto oldSheet = addUpload(2, std::nullopt);
        const auto oldImage = addUpload(3, std::nullopt, campaign::kImageUpload);
        const auto fresh = addUpload(0, std::nullopt);
        const auto used = addUpload(30, addCampaign("sending", 0, false));
        // Already gone from disk (a crash between delete and commit, or another host): the row goes.
        const auto noFile = addUpload(5, std::nullopt);
        Poco::File(noFile.path).remove();

        const auto r = purge->unusedUploads(settings(0, 0, 1), kNow);

        CPPUNIT_ASSERT_EQUAL(std::size_t(3), r.unusedUploads);
        CPPUNIT_ASSERT(!stored(oldSheet) && !onDisk(oldSheet));
        CPPUNIT_ASSERT(!stored(oldImage) && !onDisk(oldImage));
        CPPUNIT_ASSERT(!stored(noFile));
        CPPUNIT_ASSERT(stored(fresh) && onDisk(fresh));
        CPPUNIT_ASSERT(stored(used) && onDisk(used));
        // A purge that read an upload unused must not delete it once a campaign took it.
        auto late = addUpload(5, std::nullopt);
        auto s = db->session();
        Poco::Int64 id = late.id, c = addCampaign("loaded", 0, false);
        s << "UPDATE campaigns_uploads SET campaign_id = ? WHERE id = ?", use(c), use(id), now;
        CPPUNIT_ASSERT(!uploads->remove(late)); // `late` still says unused
        CPPUNIT_ASSERT(stored(late) && onDisk(late));
    }

    void aFileThatCannotBeDeletedIsLoggedAndTheRestGoes() {
        const long long campaign = addCampaign("completed", 100);
        auto stuck = addUpload(200, campaign);
        // A non-empty directory where the file was: removing it fails for any user, root included.
        Poco::File(stuck.path).remove();
        Poco::File(stuck.path).createDirectories();
        Poco::FileOutputStream(Poco::Path(stuck.path).append("x").toString()) << "x";
        const auto other = addUpload(200, addCampaign("failed", 100));
        const auto unusedOld = addUpload(3, std::nullopt);

        const auto r = purge->daily(settings(0, 90, 0), kNow);
        const auto u = purge->unusedUploads(settings(0, 90, 1), kNow);

        CPPUNIT_ASSERT_EQUAL(std::size_t(1), r.fileErrors);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), r.sheets);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), u.unusedUploads);
        CPPUNIT_ASSERT(stored(stuck)); // kept for the next purge
        CPPUNIT_ASSERT(!stored(other) && !onDisk(other));
        CPPUNIT_ASSERT(!stored(unusedOld) && !onDisk(unusedOld));
        bool logged = false;
        for (const auto& line : log->lines())
            if (line.find("upload " + std::to_string(stuck.id)) != std::string::npos &&
                line.find("campaign " + std::to_string(campaign)) != std::string::npos)
                logged = true;
        CPPUNIT_ASSERT(logged);
    }

    void uploadsArePagedInBatches() {
        std::vector<campaign::StoredUpload> all;
        for (int i = 0; i < 12; ++i) all.push_back(addUpload(10, std::nullopt));
        const auto r = purge->unusedUploads(settings(0, 0, 1, 5), kNow);
        CPPUNIT_ASSERT_EQUAL(std::size_t(12), r.unusedUploads);
        for (const auto& u : all) CPPUNIT_ASSERT(!stored(u) && !onDisk(u));
    }

    void aStopEndsThePurgeBetweenBatches() {
        for (int i = 0; i < 10; ++i) addEvent(60, Processing::Applied);
        const auto sheet = addUpload(200, addCampaign("completed", 100));
        purge->requestStop();
        const auto r = purge->daily(settings(30, 90, 0, 5), kNow);
        CPPUNIT_ASSERT(r.interrupted);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), r.webhookEvents + r.sheets);
        CPPUNIT_ASSERT_EQUAL(std::size_t(10), eventIds().size());
        CPPUNIT_ASSERT(stored(sheet) && onDisk(sheet));
    }

    void theDailyRunIsClaimedOncePerDay() {
        retention::DailyRun a(*db, "retention.last_day"), b(*db, "retention.last_day");
        CPPUNIT_ASSERT_EQUAL(std::string(), a.lastDay());
        CPPUNIT_ASSERT(a.claim("2026-12-07"));
        CPPUNIT_ASSERT(!b.claim("2026-12-07")); // the other host
        CPPUNIT_ASSERT(!a.claim("2026-12-07"));
        CPPUNIT_ASSERT(!b.claim("2026-12-06")); // a clock behind
        CPPUNIT_ASSERT(b.claim("2026-12-08"));
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-08"), a.lastDay());
        // A failed run gives its day back; the next check claims it again.
        b.release("2026-12-08", "2026-12-07");
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-07"), a.lastDay());
        CPPUNIT_ASSERT(a.claim("2026-12-08"));
        b.release("2026-12-07", "2026-12-06"); // not what is recorded: nothing changes
        CPPUNIT_ASSERT_EQUAL(std::string("2026-12-08"), a.lastDay());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RetentionTest);
